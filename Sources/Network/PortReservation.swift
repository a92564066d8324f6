import Glibc
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
        let ipv6 = hostIP.contains(":")
        let type = proto == "udp" ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        var storage = sockaddr_storage()
        let length: Int
        if ipv6 {
            length = MemoryLayout<sockaddr_in6>.size
            withUnsafeMutableBytes(of: &storage) { raw in
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                address.pointee.sin6_port = port.bigEndian
                _ = inet_pton(AF_INET6, hostIP, &address.pointee.sin6_addr)
            }
        } else {
            length = MemoryLayout<sockaddr_in>.size
            withUnsafeMutableBytes(of: &storage) { raw in
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                address.pointee.sin_family = sa_family_t(AF_INET)
                address.pointee.sin_port = port.bigEndian
                _ = inet_pton(AF_INET, hostIP, &address.pointee.sin_addr)
            }
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
        }
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
