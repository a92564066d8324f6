import CSpawn
import Glibc
import SystemPackage

/// A task's network namespace, opened once, where taskexec makes sockets of
/// its own (HTTP and TCP health probes need no tool in the image).
public final class NetworkNamespace: @unchecked Sendable {
    private let target: FileDescriptor?
    private let own: FileDescriptor?

    /// The namespace of process `pid`; nil pid means our own (network "host").
    public init(pid: pid_t?) throws(Errno) {
        guard let pid else {
            target = nil
            own = nil
            return
        }
        target = try asErrno { try FileDescriptor.open(FilePath("/proc/\(pid)/ns/net"), .readOnly, options: [.closeOnExec]) }
        own = try asErrno { try FileDescriptor.open(FilePath("/proc/thread-self/ns/net"), .readOnly, options: [.closeOnExec]) }
    }

    deinit {
        try? target?.close()
        try? own?.close()
    }

    /// A non-blocking stream socket inside the namespace.
    public func streamSocket(family: Int32) throws(Errno) -> FileDescriptor {
        let fd = te_socket_in_netns(target?.rawValue ?? -1, own?.rawValue ?? -1, family, Int32(SOCK_STREAM.rawValue))
        if fd < 0 { throw Errno.fromNegative(fd) }
        return FileDescriptor(rawValue: fd)
    }
}
