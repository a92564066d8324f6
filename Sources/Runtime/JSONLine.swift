/// A JSON object written field by field, in the order given, on one line.
/// Events and log entries read best with `time, id, type` (and docker's
/// `log, stream, time`) first, which JSONEncoder's key order does not keep.
public struct JSONLine {
    private var fields: [String] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String?) {
        if let value { fields.append("\"\(key)\":\(Self.quote(value))") }
    }

    public mutating func add(_ key: String, _ value: Int32?) {
        if let value { fields.append("\"\(key)\":\(value)") }
    }

    public mutating func add(_ key: String, _ value: Bool?) {
        if let value { fields.append("\"\(key)\":\(value)") }
    }

    /// A value that is already JSON (a nested object).
    public mutating func add(_ key: String, json: String?) {
        if let json { fields.append("\"\(key)\":\(json)") }
    }

    public var text: String { "{" + fields.joined(separator: ",") + "}" }

    /// The bytes of the object and a newline.
    public var bytes: [UInt8] { Array((text + "\n").utf8) }

    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
