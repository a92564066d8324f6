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
