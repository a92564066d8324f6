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

    /// An unknown key is echoed in its error; control characters are escaped so
    /// the message stays on one readable line.
    private static func printable(_ name: String) -> String {
        guard name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return name }
        var shown = ""
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                shown += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}
