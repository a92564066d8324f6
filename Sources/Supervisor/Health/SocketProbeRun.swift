import Glibc
import Runtime
import SystemPackage

/// HTTP and TCP probes, made by taskexec itself from inside the task's
/// network namespace: the image needs no curl (moby#24111).
final class SocketProbeRun: ProbeRun {
    enum Kind {
        case tcp
        /// GET of `path` with this Host header; 2xx and 3xx are healthy.
        case http(host: String, path: String)
    }

    private let kind: Kind
    /// nil once aborted: the one owner closed it.
    private var socket: OwnedDescriptor?
    private let fd: Int32
    private let peer: String
    private var connected = false
    private var response: [UInt8] = []

    /// Starts connecting; a probe that cannot start is an outcome at once.
    static func start(_ kind: Kind, address: SocketAddress, in namespace: NetworkNamespace) -> ProbeStart {
        let socket: FileDescriptor
        do {
            socket = try namespace.streamSocket(family: address.family)
        } catch {
            return .finished(ProbeOutcome(exitCode: 1, output: "socket: \(error.reason)"))
        }
        let result = address.withSockaddr { Glibc.connect(socket.rawValue, $0, $1) }
        if result != 0 && errno != EINPROGRESS {
            let reason = Errno(rawValue: errno).reason
            try? socket.close()
            return .finished(ProbeOutcome(exitCode: 1, output: "connect \(address.description): \(reason)"))
        }
        return .running(SocketProbeRun(kind: kind, socket: OwnedDescriptor(socket), peer: address.description))
    }

    init(kind: Kind, socket: consuming OwnedDescriptor, peer: String) {
        self.kind = kind
        fd = socket.rawValue
        self.socket = consume socket
        self.peer = peer
    }

    var watched: [(fd: Int32, events: Int16)] {
        socket == nil ? [] : [(fd, Int16(connected ? POLLIN : POLLOUT))]
    }

    func advance(fd: Int32, revents: Int16) -> ProbeOutcome? {
        if !connected {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { return ProbeOutcome(exitCode: 1, output: "connect \(peer): \(Errno(rawValue: error).reason)") }
            connected = true
            switch kind {
            case .tcp:
                return ProbeOutcome(exitCode: 0, output: "connected to \(peer)")
            case .http(let host, let path):
                let request = "GET \(path) HTTP/1.0\r\nHost: \(host)\r\nUser-Agent: taskexec-healthcheck\r\nConnection: close\r\n\r\n"
                if (try? FileDescriptor(rawValue: fd).writeAll(Array(request.utf8))) == nil {
                    return ProbeOutcome(exitCode: 1, output: "send to \(peer): \(Errno(rawValue: errno).reason)")
                }
                return nil
            }
        }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(fd, &buffer, buffer.count)
        if count < 0 && errno == EAGAIN { return nil }
        if count > 0 { response.append(contentsOf: buffer[0..<count]) }
        guard count <= 0 || response.contains(0x0A) || response.count >= ProbeOutput.limit else { return nil }
        return Self.judge(statusLine: response, peer: peer)
    }

    func abort() -> String {
        socket = nil
        return ""
    }

    /// 2xx and 3xx are healthy; the output is the status line.
    static func judge(statusLine response: [UInt8], peer: String) -> ProbeOutcome {
        let line = String(decoding: response.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        guard !line.isEmpty else { return ProbeOutcome(exitCode: 1, output: "no HTTP response from \(peer)") }
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return ProbeOutcome(exitCode: 1, output: "not an HTTP response: \(line)")
        }
        return ProbeOutcome(exitCode: (200..<400).contains(code) ? 0 : 1, output: line)
    }
}
