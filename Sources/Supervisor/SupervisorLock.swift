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
    /// table (/proc/locks), not from any file a task could have damaged. The
    /// table names the inode; on a stacked filesystem (overlayfs) its device
    /// is the lower one's, so a candidate is confirmed by its open
    /// descriptors instead: it must have `path` open.
    public static func holder(path: String) -> pid_t? {
        var info = stat()
        guard stat(path, &info) == 0, let table = try? HostFile.readString("/proc/locks") else { return nil }
        // "1: FLOCK  ADVISORY  WRITE 4242 00:2a:1234 0 EOF"; "->" lines are waiters.
        for line in table.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            // WRITE only: a reader checking liveness holds LOCK_SH for a moment.
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE", let pid = pid_t(fields[4]),
                  let inode = fields[5].split(separator: ":").last, UInt64(inode) == UInt64(info.st_ino),
                  holdsOpen(pid, path) else { continue }
            return pid
        }
        return nil
    }

    private static func holdsOpen(_ pid: pid_t, _ path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        defer { free(resolved) }
        let path = String(cString: resolved)
        return HostFile.listDirectory("/proc/\(pid)/fd").contains { fd in
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/\(pid)/fd/\(fd)", &buffer, buffer.count - 1)
            return count > 0 && String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) == path
        }
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
