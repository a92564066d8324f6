/// A parsed JSON document, kept close to its text so that decoding can be strict:
/// numbers keep their literal (an integer field can refuse `1.5` or `1e3`), and
/// object members keep their order and any duplicates (a repeated key is an error,
/// not a silent "last one wins").
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written, already checked against JSON's number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// What kind of value this is, as error messages name it ("found a number").
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` member of a JSON object, in document order.
struct JSONMember: Sendable, Equatable {
    var key: String
    var value: JSONValue
}
