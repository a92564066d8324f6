/// The shapes of names and identifiers in a spec, checked by hand (no Regex).
enum NameSyntax {
    /// `[A-Za-z0-9][A-Za-z0-9_.-]{0,maxLength-1}`: task ids, secret and config
    /// names, volume names.
    static func isObjectName(_ s: String, maxLength: Int) -> Bool {
        let bytes = Array(s.utf8)
        guard let first = bytes.first, bytes.count <= maxLength, isAlphanumeric(first) else { return false }
        return bytes.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// A user or group name as `useradd` allows it, either case: `[a-z_][a-z0-9_.-]*`.
    static func isAccountName(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard let first = bytes.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return bytes.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// RFC 1123 host names: dot-separated labels of 1 to 63 letters, digits
    /// and `-`, not starting or ending with `-`.
    static func isHostname(_ s: String) -> Bool {
        let labels = s.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63,
                  first != UInt8(ascii: "-"), last != UInt8(ascii: "-") else { return false }
            return label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// Capability names are checked against the kernel's list later; here only
    /// their shape, `[A-Za-z_]+` (`NET_ADMIN`, `cap_chown`, `ALL`).
    static func isCapabilityName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { isLetter($0) || $0 == UInt8(ascii: "_") }
    }

    static func isDigits(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy(isDigit)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
}
