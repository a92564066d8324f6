/// One value of the spec with its path, so that every read that fails names
/// the field (`ports[0].published: expected an integer, found a string`).
struct SpecField {
    let value: JSONValue
    let path: JSONPath

    func string() throws(SpecError) -> String {
        guard case .string(let string) = value else { throw typeMismatch("a string") }
        // A NUL would silently cut the string short once it reaches the kernel.
        if string.utf8.contains(0) { throw path.error("must not contain a NUL byte") }
        return string
    }

    func nonEmptyString() throws(SpecError) -> String {
        let string = try string()
        if string.isEmpty { throw path.error("must not be empty") }
        return string
    }

    func bool() throws(SpecError) -> Bool {
        guard case .bool(let bool) = value else { throw typeMismatch("a boolean") }
        return bool
    }

    /// An integer written as one: `1.0` and `1e3` are refused rather than rounded.
    func int64() throws(SpecError) -> Int64 {
        guard case .number(let literal) = value else { throw typeMismatch("an integer") }
        guard literal.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }) else {
            throw path.error("expected an integer, found a number with a fraction or exponent")
        }
        guard let integer = Int64(literal) else { throw path.error("integer out of range") }
        return integer
    }

    func int64(in range: ClosedRange<Int64>) throws(SpecError) -> Int64 {
        let integer = try int64()
        guard range.contains(integer) else {
            throw path.error("must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return integer
    }

    func double() throws(SpecError) -> Double {
        guard case .number(let literal) = value else { throw typeMismatch("a number") }
        guard let number = Double(literal), number.isFinite else { throw path.error("number out of range") }
        return number
    }

    func array() throws(SpecError) -> [SpecField] {
        guard case .array(let elements) = value else { throw typeMismatch("an array") }
        var fields: [SpecField] = []
        fields.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            fields.append(SpecField(value: element, path: path.index(position)))
        }
        return fields
    }

    func object(fields known: [String]) throws(SpecError) -> SpecObject {
        try SpecObject(self, knownFields: known)
    }

    /// `expected a string, found a number`.
    func typeMismatch(_ expected: String) -> SpecError {
        path.error("expected \(expected), found \(value.kindDescription)")
    }
}

/// The members of one JSON object, checked up front against the fields it may
/// have: a repeated key or an unknown key (a typo) is an error, never ignored.
struct SpecObject {
    let path: JSONPath
    private let members: [String: JSONValue]
    private let knownFields: [String]

    /// Duplicates are reported first (in document order), then unknown keys
    /// (sorted), before any field is read: a misspelt required field is then
    /// reported as the typo, not as a missing field.
    init(_ field: SpecField, knownFields: [String]) throws(SpecError) {
        guard case .object(let list) = field.value else { throw field.typeMismatch("an object") }
        var members: [String: JSONValue] = [:]
        for member in list {
            if members.updateValue(member.value, forKey: member.key) != nil {
                throw field.path.field(member.key).error("duplicate field")
            }
        }
        if let unknown = members.keys.filter({ !knownFields.contains($0) }).sorted().first {
            throw field.path.field(unknown).error("unknown field")
        }
        self.path = field.path
        self.members = members
        self.knownFields = knownFields
    }

    /// The field, or nil when it is absent or JSON null (null means "not set").
    subscript(_ key: String) -> SpecField? {
        assert(knownFields.contains(key), "reading \(key), which is not in the known fields")
        guard let value = members[key], value != .null else { return nil }
        return SpecField(value: value, path: path.field(key))
    }

    func required(_ key: String) throws(SpecError) -> SpecField {
        guard let field = self[key] else { throw path.field(key).error("required") }
        return field
    }
}
