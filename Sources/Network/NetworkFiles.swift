/// The generated /etc/hosts, /etc/hostname and /etc/resolv.conf of a task on
/// a bridge, bind-mounted read-only over the image's (which stay untouched).
public enum NetworkFiles {
    public static func hosts(hostname: String, addresses: [String]) -> String {
        var text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        for address in addresses { text += "\(address)\t\(hostname)\n" }
        return text
    }

    public static func hostname(_ name: String) -> String { name + "\n" }

    /// The host's resolv.conf without loopback nameservers (they would point
    /// at the task itself), as docker does; Google's public servers if none is left.
    public static func resolvConf(host: String) -> String {
        var lines: [String] = []
        var nameservers = 0
        for line in host.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.first == "nameserver", words.count > 1 {
                let server = words[1]
                if server.hasPrefix("127.") || server == "::1" { continue }
                nameservers += 1
            }
            lines.append(String(line))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        if nameservers == 0 { lines += ["nameserver 8.8.8.8", "nameserver 8.8.4.4"] }
        return lines.joined(separator: "\n") + "\n"
    }
}
