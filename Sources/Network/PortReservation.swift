import Glibc
import Runtime
import SystemPackage

/// Published ports held by bound sockets for the task's life: a port already
/// in use on the node (by anything, another task included) is refused before
/// the task starts, and nothing else can take it while the task runs.
public final class PortReservation {
    private var sockets: [FileDescriptor] = []

    public init() {}

    deinit { release() }

    /// Binds `port` on `hostIP` for `proto` ("tcp" or "udp").
    public func reserve(port: UInt16, proto: String, hostIP: String) throws(Errno) {
        guard let address = SocketAddress(host: hostIP, port: port) else { throw Errno.invalidArgument }
        let type = proto == "udp" ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(address.family, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        let bound = address.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let error = Errno(rawValue: errno)
            close(fd)
            throw error
        }
        sockets.append(FileDescriptor(rawValue: fd))
    }

    public func release() {
        for socket in sockets { try? socket.close() }
        sockets = []
    }
}
