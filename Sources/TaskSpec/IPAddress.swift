/// IP address literals, as `host_ip` and probe URLs take them. Returns the
/// address bytes (4 or 16) so that equal addresses written differently
/// (`::1`, `0:0::1`) compare equal.
enum IPAddress {
    static func parse(_ s: String) -> [UInt8]? {
        parseIPv4(Substring(s)) ?? parseIPv6(Substring(s))
    }

    /// Dotted decimal, four parts of 0…255, no leading zeros (they read as octal elsewhere).
    static func parseIPv4(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard NameSyntax.isDigits(part), part.count <= 3, part.count == 1 || part.first != "0",
                  let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// RFC 4291 text form: eight groups of up to four hex digits, one `::` for a
    /// run of zeros, optionally ending in dotted IPv4. No zone (`%eth0`).
    static func parseIPv6(_ s: Substring) -> [UInt8]? {
        var text = s
        // A trailing dotted IPv4 stands for the last two groups (`::ffff:10.0.0.1`).
        var ipv4Groups: [UInt16] = []
        if text.contains(".") {
            guard let lastColon = text.lastIndex(of: ":"),
                  let v4 = parseIPv4(text[text.index(after: lastColon)...]) else { return nil }
            ipv4Groups = [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
            text = text[...lastColon]
            if !text.hasSuffix("::") { text = text.dropLast() }
        }
        var head: [UInt16]
        var tail: [UInt16] = []
        let compressed: Bool
        if let range = text.firstRange(of: "::") {
            let after = text[range.upperBound...]
            guard !after.contains("::"), let before = groups(text[..<range.lowerBound]),
                  let afterGroups = groups(after) else { return nil }
            head = before
            tail = afterGroups + ipv4Groups
            compressed = true
        } else {
            guard let all = groups(text) else { return nil }
            head = all + ipv4Groups
            compressed = false
        }
        let count = head.count + tail.count
        guard compressed ? count <= 7 : count == 8 else { return nil }
        let all = head + Array(repeating: 0, count: 8 - count) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Colon-separated hex groups; an empty text is no groups.
    private static func groups(_ s: Substring) -> [UInt16]? {
        if s.isEmpty { return [] }
        var result: [UInt16] = []
        for part in s.split(separator: ":", omittingEmptySubsequences: false) {
            guard (1...4).contains(part.count), let value = UInt16(part, radix: 16),
                  part.utf8.allSatisfy({ NameSyntax.isAlphanumeric($0) }) else { return nil }
            result.append(value)
        }
        return result
    }
}
