import Glibc

/// Extra fds our caller passes on to the program: runc's `--preserve-fds N`
/// and systemd socket activation (`LISTEN_FDS`, for us when `LISTEN_PID` is
/// ours). Each must really be open, else an fd of our own could leak.
enum InheritedDescriptors {
    static func count(preserveFds: Int) throws(CommandFailure) -> Int {
        guard preserveFds >= 0 else { throw .usage("--preserve-fds: must not be negative") }
        var count = preserveFds
        if let listen = environmentValue("LISTEN_FDS").flatMap(Int.init), listen > 0,
           environmentValue("LISTEN_PID").flatMap(Int32.init) == getpid() {
            count += listen
        }
        for fd in 3..<(3 + Int32(count)) where fcntl(fd, F_GETFD) < 0 {
            throw .usage("fd \(fd) is not open: --preserve-fds/LISTEN_FDS name \(count) fds from 3")
        }
        return count
    }

    private static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
