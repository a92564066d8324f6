#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON in and out, as bytes. Unknown keys are ignored on decode; a missing
/// required field or a value of the wrong type throws a `DecodingError`
/// whose `codingPath` names the field.
extension OCIConfig {
    /// Decodes a `config.json`.
    public static func decode(_ bytes: [UInt8]) throws -> OCIConfig {
        try OCIJSON.decode(OCIConfig.self, from: bytes)
    }

    /// The JSON of this config; `pretty` indents it and sorts the keys.
    public func encoded(pretty: Bool = false) throws -> [UInt8] {
        try OCIJSON.encode(self, pretty: pretty)
    }
}

extension OCIState {
    /// Decodes a state document (the output of `state`, the stdin of a hook).
    public static func decode(_ bytes: [UInt8]) throws -> OCIState {
        try OCIJSON.decode(OCIState.self, from: bytes)
    }

    /// The JSON of this state; `pretty` indents it and sorts the keys.
    public func encoded(pretty: Bool = false) throws -> [UInt8] {
        try OCIJSON.encode(self, pretty: pretty)
    }
}

/// The one JSON configuration both documents use.
enum OCIJSON {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        // Paths are most of the content; "\/proc" helps nobody.
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                                          : [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
