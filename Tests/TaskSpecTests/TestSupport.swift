@testable import TaskSpec

/// The directory the test specs pretend to live in.
let specDirectory = "/srv/specs"

/// A minimal valid spec with `extra` members appended: `spec(#""env": ["A=1"]"#)`.
func spec(_ extra: String = "") -> String {
    let base = #""id": "t1", "rootfs": "/rootfs", "command": ["/bin/true"]"#
    return extra.isEmpty ? "{\(base)}" : "{\(base), \(extra)}"
}

func decode(_ json: String, baseDirectory: String = specDirectory) throws(SpecError) -> TaskSpec {
    try SpecDecoder.decode(Array(json.utf8), baseDirectory: baseDirectory)
}

/// The error's full description, or nil when the spec decodes.
func decodeError(_ json: String, baseDirectory: String = specDirectory) -> String? {
    do {
        _ = try decode(json, baseDirectory: baseDirectory)
        return nil
    } catch {
        return error.description
    }
}

/// The same, for spec bytes that are not valid UTF-8 text.
func decodeError(bytes: [UInt8]) -> String? {
    do {
        _ = try SpecDecoder.decode(bytes, baseDirectory: specDirectory)
        return nil
    } catch {
        return error.description
    }
}
