/// The target of an `HTTP` healthcheck, parsed once when the spec is
/// decoded and used as is by the probe: what the decoder accepts, the probe
/// can reach. The probe connects from inside the task's network namespace,
/// where the node's resolver does not apply, so the host is an IP literal or
/// `localhost` (127.0.0.1); a name is refused at decode time, never left to
/// fail as `unhealthy` forever.
public struct ProbeURL: Sendable, Equatable {
    /// The URL as written (for `state` and the record).
    public var text: String
    /// An IPv4 or IPv6 literal, without brackets.
    public var address: String
    public var port: UInt16
    /// What the request asks for: path and query, never the fragment.
    public var path: String
    /// The Host header: the authority as written.
    public var hostHeader: String

    public enum Failure: Error, Equatable {
        case shape
        case port
        case name(String)
    }

    public static func parse(_ url: String) throws(Failure) -> ProbeURL {
        guard url.hasPrefix("http://"), url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw .shape
        }
        let afterScheme = url.dropFirst("http://".count)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let rest = afterScheme.dropFirst(authority.count)
        let request = rest.prefix { $0 != "#" }
        let path = request.isEmpty ? "/" : (request.hasPrefix("/") ? String(request) : "/" + request)

        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            // An IPv6 literal: [::1] or [::1]:8080.
            guard let close = authority.firstIndex(of: "]") else { throw .shape }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard IPAddress.parseIPv6(host) != nil, after.isEmpty || after.hasPrefix(":") else { throw .shape }
            if !after.isEmpty { portText = after.dropFirst() }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            if parts.count == 2 { portText = parts[1] }
            guard host.utf8.allSatisfy({ NameSyntax.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") })
            else { throw .shape }
        }
        guard !host.isEmpty else { throw .shape }
        var port: UInt16 = 80
        if let portText {
            guard NameSyntax.isDigits(portText), portText.count <= 5, let number = Int(portText), (1...65535).contains(number) else {
                throw .port
            }
            port = UInt16(number)
        }
        let address: String
        if host == "localhost" {
            address = "127.0.0.1"
        } else if IPAddress.parseIPv4(host) != nil || IPAddress.parseIPv6(host) != nil {
            address = String(host)
        } else {
            throw .name(String(host))
        }
        return ProbeURL(text: url, address: address, port: port, path: path, hostHeader: String(authority))
    }
}
