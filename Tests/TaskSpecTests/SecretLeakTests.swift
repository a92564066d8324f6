import Testing
@testable import TaskSpec

/// Secret bytes must never reach an error message, whatever else is wrong with the spec.
@Suite struct SecretLeakTests {
    static let marker = "MARKER-7f3a9c-top-secret-value"
    static let encoded = base64(Array(marker.utf8))

    static let brokenSpecs: [String] = [
        // Something else is wrong, after the secret.
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)"}], "network": "nowhere""#),
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)", "mode": "9"}]"#),
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)", "file": "/x"}]"#),
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)", "extra": 1}]"#),
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)"}, {"name": "t", "target": "s", "data": "\#(encoded)"}]"#),
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)"}], "stop_signal": "SIGFOO""#),
        // The data itself is wrong.
        spec(#""secrets": [{"name": "s", "data": "\#(encoded)!"}]"#),
        spec(#""secrets": [{"name": "s", "data": "\#(marker)"}]"#),
        spec(#""secrets": [{"name": "s", "data": "\#(encoded.dropLast(2))"}]"#),
        spec(#""secrets": [{"name": "s", "data": ["\#(encoded)"]}]"#),
        spec(#""configs": [{"name": "c", "data": "\#(marker)"}]"#),
        spec(#""secrets": [{"name": "s", "data": "\u0000\#(encoded)"}]"#),
        // The document is broken around the data.
        #"{"id": "a", "secrets": [{"name": "s", "data": "\#(encoded)"}]"#,
        #"{"id": "a", "secrets": [{"name": "s", "data": "\#(marker)\q"}]}"#,
        #"{"id": "a", "secrets": [{"name": "s", "data": "\#(encoded)"#,
        #"{"id": "a", "secrets": [{"name": "s", "data": \#(marker)}]}"#,
    ]

    @Test(arguments: brokenSpecs)
    func errorsNeverContainSecretData(json: String) throws {
        let description = try #require(decodeError(json))
        #expect(!description.contains(Self.marker))
        #expect(!description.contains(Self.encoded))
        #expect(!description.contains("MARKER"))
    }

    @Test func markerRoundTripsWhenValid() throws {
        let decoded = try decode(spec(#""secrets": [{"name": "s", "data": "\#(Self.encoded)"}]"#))
        #expect(decoded.secrets.first?.source == .data(Array(Self.marker.utf8)))
    }
}
