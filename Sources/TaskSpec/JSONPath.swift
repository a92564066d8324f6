/// Where a value sits in the spec document, written as error messages show it:
/// `mounts[1].target`, `healthcheck.test[0]`; empty for the document itself.
struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    private(set) var description: String

    static let root = JSONPath(description: "")

    func field(_ name: String) -> JSONPath {
        let shown = Self.printable(name)
        return JSONPath(description: description.isEmpty ? shown : "\(description).\(shown)")
    }

    func index(_ position: Int) -> JSONPath {
        JSONPath(description: "\(description)[\(position)]")
    }

    func error(_ message: String) -> SpecError {
        SpecError(path: description, message: message)
    }

    /// An unknown key is echoed in its error. A key that is not a plain word
    /// (empty, or with `.`, `[`, spaces...) is shown quoted, so the path stays
    /// unambiguous; control characters are escaped so it stays on one line.
    private static func printable(_ name: String) -> String {
        let plain = !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        if plain { return name }
        var shown = "\""
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                shown += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else if scalar == "\"" || scalar == "\\" {
                shown += "\\" + String(scalar)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown + "\""
    }
}
