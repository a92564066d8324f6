import Testing
@testable import TaskSpec

/// The document as a whole: JSON syntax, unknown and repeated fields, types, required fields, error order.
@Suite struct DocumentTests {
    @Test(arguments: [
        ("", "invalid JSON: unexpected end of input at line 1, column 1"),
        ("{", "invalid JSON: expected a string key at line 1, column 2"),
        ("{\"id\": \"a\",}", "invalid JSON: expected a string key at line 1, column 12"),
        ("{\"id\" \"a\"}", "invalid JSON: expected ':' after an object key at line 1, column 7"),
        ("{\"id\": \"a\"} x", "invalid JSON: unexpected content after the document at line 1, column 13"),
        ("{\n  \"id\": tru\n}", "invalid JSON: unexpected character at line 2, column 9"),
        ("{\"a\": [1 2]}", "invalid JSON: expected ',' or ']' in an array at line 1, column 10"),
        ("{\"a\": 1 \"b\": 2}", "invalid JSON: expected ',' or '}' in an object at line 1, column 9"),
        ("{\"a\": 01}", "invalid JSON: expected ',' or '}' in an object at line 1, column 8"),
        ("01", "invalid JSON: unexpected content after the document at line 1, column 2"),
        ("{\"a\": 1.}", "invalid JSON: invalid number at line 1, column 9"),
        ("{\"a\": -}", "invalid JSON: invalid number at line 1, column 8"),
        ("{\"a\": \"x\\qy\"}", "invalid JSON: invalid escape sequence at line 1, column 10"),
        ("{\"a\": \"\\u12G4\"}", "invalid JSON: invalid \\u escape at line 1, column 12"),
        ("{\"a\": \"\\uD800\"}", "invalid JSON: unpaired surrogate in a \\u escape at line 1, column 14"),
        ("{\"a\": \"line\nbreak\"}", "invalid JSON: control character in a string (it must be escaped) at line 1, column 12"),
        ("{\"a\": \"open", "invalid JSON: unterminated string at line 1, column 12"),
        ("{\"a\": 'x'}", "invalid JSON: unexpected character at line 1, column 7"),
    ])
    func invalidJSON(json: String, expected: String) {
        #expect(decodeError(json) == expected)
    }

    @Test func invalidUTF8() {
        let bytes = Array("{\"id\": \"".utf8) + [0xFF] + Array("\"}".utf8)
        #expect(decodeError(bytes: bytes) == "invalid JSON: invalid UTF-8 in a string at line 1, column 11")
    }

    @Test func nestingIsBounded() {
        // The object is the first level, so 63 arrays fit inside it and the 64th does not.
        let fits = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        #expect(decodeError("{\"a\": \(fits)}") == "a: unknown field")
        let tooDeep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(decodeError("{\"a\": \(tooDeep)}") == "invalid JSON: nested more than 64 levels deep at line 1, column 70")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(spec().utf8)
        #expect(try SpecDecoder.decode(bytes, baseDirectory: specDirectory).id == "t1")
    }

    @Test func escapesAreDecoded() throws {
        let json = spec(#""env": ["A=\"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00"]"#)
        #expect(try decode(json).env == ["A=\"q\" \\ / \u{8}\u{c}\n\r\t é 😀"])
    }

    @Test(arguments: [
        ("[]", "expected an object, found an array"),
        ("\"x\"", "expected an object, found a string"),
        ("3", "expected an object, found a number"),
        ("null", "expected an object, found null"),
        ("true", "expected an object, found a boolean"),
    ])
    func topLevelMustBeAnObject(json: String, expected: String) {
        #expect(decodeError(json) == expected)
    }

    @Test func requiredFields() {
        #expect(decodeError(#"{"rootfs": "/r", "command": ["x"]}"#) == "id: required")
        #expect(decodeError(#"{"id": "a", "command": ["x"]}"#) == "rootfs: required")
        #expect(decodeError(#"{"id": "a", "rootfs": "/r"}"#) == "command: required")
        #expect(decodeError(#"{"id": null, "rootfs": "/r", "command": ["x"]}"#) == "id: required")
        #expect(decodeError("{}") == "id: required")
    }

    @Test func unknownFieldsAtEveryLevel() {
        #expect(decodeError(spec(#""comand": []"#)) == "comand: unknown field")
        #expect(decodeError(spec(#""mounts": [{"type": "tmpfs", "target": "/t", "readOnly": true}]"#))
            == "mounts[0].readOnly: unknown field")
        #expect(decodeError(spec(#""secrets": [{"name": "s", "data": "", "owner": 0}]"#)) == "secrets[0].owner: unknown field")
        #expect(decodeError(spec(#""configs": [{"name": "c", "data": "", "uid": 0, "path": "/x"}]"#)) == "configs[0].path: unknown field")
        #expect(decodeError(spec(#""network": "bridge", "ports": [{"published": 1, "target": 1, "hostip": "::"}]"#))
            == "ports[0].hostip: unknown field")
        #expect(decodeError(spec(#""resources": {"memory_limit": "1g"}"#)) == "resources.memory_limit: unknown field")
        #expect(decodeError(spec(#""healthcheck": {"test": ["NONE"], "intervall": "1s"}"#)) == "healthcheck.intervall: unknown field")
    }

    @Test func unknownFieldsAreReportedBeforeMissingOnesAndSorted() {
        // The typo, not the field it was meant to be, is what the error names.
        #expect(decodeError(#"{"id": "a", "rootfs": "/r", "comand": ["x"]}"#) == "comand: unknown field")
        #expect(decodeError(spec(#""zeta": 1, "alpha": 2"#)) == "alpha: unknown field")
        #expect(decodeError(spec(#""mounts": [{"tpye": "bind"}]"#)) == "mounts[0].tpye: unknown field")
    }

    @Test func unknownFieldNamesAreEscaped() {
        #expect(decodeError(spec(#""a\nb": 1"#)) == "\"a\\u000ab\": unknown field")
    }

    @Test func repeatedFieldsAreErrors() {
        #expect(decodeError(spec(#""network": "host", "network": "none""#)) == "network: duplicate field")
        #expect(decodeError(spec(#""resources": {"memory": "1g", "memory": "2g"}"#)) == "resources.memory: duplicate field")
    }

    @Test(arguments: [
        (#""readonly_rootfs": "yes""#, "readonly_rootfs: expected a boolean, found a string"),
        (#""env": "A=1""#, "env: expected an array, found a string"),
        (#""env": [1]"#, "env[0]: expected a string, found a number"),
        (#""workdir": 1"#, "workdir: expected a string, found a number"),
        (#""user": 1000"#, "user: expected a string, found a number"),
        (#""hostname": true"#, "hostname: expected a string, found a boolean"),
        (#""mounts": {}"#, "mounts: expected an array, found an object"),
        (#""mounts": ["/a:/b"]"#, "mounts[0]: expected an object, found a string"),
        (#""secrets": [null]"#, "secrets[0]: expected an object, found null"),
        (#""network": ["host"]"#, "network: expected a string, found an array"),
        (#""network": "bridge", "ports": [{"published": "80", "target": 80}]"#, "ports[0].published: expected an integer, found a string"),
        (#""network": "bridge", "ports": [{"published": 80.5, "target": 80}]"#,
         "ports[0].published: expected an integer, found a number with a fraction or exponent"),
        (#""network": "bridge", "ports": [{"published": 8e1, "target": 80}]"#,
         "ports[0].published: expected an integer, found a number with a fraction or exponent"),
        (#""resources": []"#, "resources: expected an object, found an array"),
        (#""resources": {"cpus": "1.5"}"#, "resources.cpus: expected a number, found a string"),
        (#""resources": {"pids_limit": 99999999999999999999}"#, "resources.pids_limit: integer out of range"),
        (#""resources": {"cpus": 1e999}"#, "resources.cpus: number out of range"),
        (#""healthcheck": "CMD""#, "healthcheck: expected an object, found a string"),
        (#""healthcheck": {"test": 1}"#, "healthcheck.test: expected an array or a string, found a number"),
        (#""healthcheck": {"test": [1]}"#, "healthcheck.test[0]: expected a string, found a number"),
        (#""stop_signal": 15"#, "stop_signal: expected a string, found a number"),
        (#""stop_grace_period": 10"#, "stop_grace_period: expected a duration string like \"30s\", found a number"),
        (#""cap_add": "NET_ADMIN""#, "cap_add: expected an array, found a string"),
        (#""seccomp": false"#, "seccomp: expected a string, found a boolean"),
        (#""no_new_privileges": 1"#, "no_new_privileges: expected a boolean, found a number"),
    ])
    func wrongTypes(extra: String, expected: String) {
        #expect(decodeError(spec(extra)) == expected)
    }

    @Test func firstErrorInDocumentOrderWins() {
        // Both hostname and mounts are wrong: hostname comes first in the field order.
        #expect(decodeError(spec(#""mounts": [{"type": "nfs"}], "hostname": "-bad""#))
            == "hostname: must be dot-separated labels of 1 to 63 letters, digits or '-', not starting or ending with '-'")
        // Within an array, the first bad element.
        #expect(decodeError(spec(#""env": ["OK=1", "bad", "=x"]"#)) == "env[1]: must be KEY=VALUE")
    }

    @Test func nulBytesAreRefusedInAnyString() {
        #expect(decodeError(#"{"id": "a", "rootfs": "/r\u0000x", "command": ["x"]}"#) == "rootfs: must not contain a NUL byte")
        #expect(decodeError(#"{"id": "a", "rootfs": "/r", "command": ["x", "y\u0000"]}"#) == "command[1]: must not contain a NUL byte")
        #expect(decodeError(spec(#""env": ["A=\u0000"]"#)) == "env[0]: must not contain a NUL byte")
        #expect(decodeError(spec(#""mounts": [{"type": "tmpfs", "target": "/a\u0000"}]"#)) == "mounts[0].target: must not contain a NUL byte")
        #expect(decodeError(spec(#""healthcheck": {"test": ["CMD", "a\u0000"]}"#)) == "healthcheck.test[1]: must not contain a NUL byte")
    }
}
