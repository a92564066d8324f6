import Glibc
import Runtime
import SystemPackage

/// An flock(2) held by a task's supervisor for its whole life. The kernel
/// drops it when the supervisor dies, even by SIGKILL, so "is the supervisor
/// alive" never trusts a pid that may have been recycled.
public final class SupervisorLock {
    private let fd: FileDescriptor

    /// Takes the lock; throws EWOULDBLOCK if another supervisor holds it.
    public init(path: String) throws(Errno) {
        fd = try asErrno {
            try FileDescriptor.open(FilePath(path), .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite])
        }
        if flock(fd.rawValue, LOCK_EX | LOCK_NB) != 0 {
            let error = Errno(rawValue: errno)
            try? fd.close()
            throw error
        }
    }

    deinit { try? fd.close() }

    /// The process that holds the lock at `path`, from the kernel's own
    /// table (/proc/locks), not from any file a task could have damaged.
    public static func holder(path: String) -> pid_t? {
        var info = stat()
        guard stat(path, &info) == 0, let table = try? HostFile.readString("/proc/locks") else { return nil }
        let device = UInt64(info.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff), minor = (device & 0xff) | ((device >> 12) & ~0xff)
        // "1: FLOCK  ADVISORY  WRITE 4242 00:2a:1234 0 EOF" (device numbers in hex); "->" lines are waiters.
        for line in table.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            // WRITE only: a reader checking liveness holds LOCK_SH for a moment.
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE", let pid = pid_t(fields[4]) else { continue }
            let id = fields[5].split(separator: ":")
            guard id.count == 3, UInt64(id[0], radix: 16) == major, UInt64(id[1], radix: 16) == minor,
                  UInt64(id[2]) == UInt64(info.st_ino) else { continue }
            return pid
        }
        return nil
    }

    /// Whether some process holds the lock at `path` right now.
    public static func isHeld(path: String) -> Bool {
        guard let fd = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) else { return false }
        defer { try? fd.close() }
        if flock(fd.rawValue, LOCK_SH | LOCK_NB) == 0 {
            flock(fd.rawValue, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}
