import Glibc

/// An IP literal (or `localhost`) and a port as a socket address: what health
/// probes connect to and published ports are reserved on. Literals only:
/// probes run where the task's DNS may not be ours to use.
public struct SocketAddress: CustomStringConvertible, Sendable {
    public let family: Int32
    private let storage: sockaddr_storage
    public let description: String

    public init?(host: String, port: UInt16) {
        var storage = sockaddr_storage()
        let literal = host == "localhost" ? "127.0.0.1" : host
        var ok = false
        if literal.contains(":") {
            family = AF_INET6
            withUnsafeMutableBytes(of: &storage) { raw in
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                address.pointee.sin6_port = port.bigEndian
                ok = inet_pton(AF_INET6, literal, &address.pointee.sin6_addr) == 1
            }
            description = "[\(literal)]:\(port)"
        } else {
            family = AF_INET
            withUnsafeMutableBytes(of: &storage) { raw in
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                address.pointee.sin_family = sa_family_t(AF_INET)
                address.pointee.sin_port = port.bigEndian
                ok = inet_pton(AF_INET, literal, &address.pointee.sin_addr) == 1
            }
            description = "\(literal):\(port)"
        }
        guard ok else { return nil }
        self.storage = storage
    }

    public func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var copy = storage
        let length = socklen_t(family == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &copy) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
    }
}
