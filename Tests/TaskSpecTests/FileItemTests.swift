import Testing
@testable import TaskSpec

/// `secrets` and `configs`.
@Suite struct FileItemTests {
    func secrets(_ list: String) -> String { spec(#""secrets": [\#(list)]"#) }
    func configs(_ list: String) -> String { spec(#""configs": [\#(list)]"#) }

    static let nameShape = "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"

    @Test func secretDefaultsAndData() throws {
        let item = try decode(secrets(#"{"name": "api_key", "data": "c2VjcmV0Cg=="}"#)).secrets
        #expect(item == [TaskSpec.FileItem(name: "api_key", target: "/run/secrets/api_key", source: .data(Array("secret\n".utf8)),
                                           uid: 0, gid: 0, mode: 0o444)])
    }

    @Test func secretFromFileWithOwnerAndMode() throws {
        let item = try decode(secrets(#"{"name": "db", "target": "db_password", "file": "/etc/agent/db", "uid": 1000, "gid": 4294967294, "mode": "0400"}"#))
            .secrets
        #expect(item == [TaskSpec.FileItem(name: "db", target: "/run/secrets/db_password", source: .file("/etc/agent/db"),
                                           uid: 1000, gid: 4_294_967_294, mode: 0o400)])
    }

    @Test func relativeFileIsResolvedAgainstTheSpecDirectory() throws {
        let item = try decode(secrets(#"{"name": "db", "file": "secrets/./db"}"#), baseDirectory: "/etc/agent").secrets
        #expect(item.first?.source == .file("/etc/agent/secrets/db"))
        let config = try decode(configs(#"{"name": "c", "file": "../c.conf"}"#), baseDirectory: "/etc/agent").configs
        #expect(config.first?.source == .file("/etc/c.conf"))
    }

    @Test(arguments: [
        ("db_password", "/run/secrets/db_password"),
        ("sub/dir/key", "/run/secrets/sub/dir/key"),
        ("./a//b/", "/run/secrets/a/b"),
        ("a/../b", "/run/secrets/b"),
        ("/etc/ssl/key.pem", "/etc/ssl/key.pem"),
        ("/etc//ssl/../key", "/etc/key"),
        ("/run/secrets/x", "/run/secrets/x"),
    ])
    func secretTargets(target: String, expected: String) throws {
        let item = try decode(secrets(#"{"name": "s", "target": "\#(target)", "data": ""}"#)).secrets
        #expect(item.first?.target == expected)
    }

    @Test(arguments: [
        ("..", "secrets[0].target: must stay inside /run/secrets"),
        ("../x", "secrets[0].target: must stay inside /run/secrets"),
        ("a/../../x", "secrets[0].target: must stay inside /run/secrets"),
        (".", "secrets[0].target: must stay inside /run/secrets"),
        ("", "secrets[0].target: must not be empty"),
        ("/", "secrets[0].target: must not be /"),
        ("/..", "secrets[0].target: must not be /"),
    ])
    func invalidSecretTargets(target: String, expected: String) {
        #expect(decodeError(secrets(#"{"name": "s", "target": "\#(target)", "data": ""}"#)) == expected)
    }

    @Test func configTargets() throws {
        #expect(try decode(configs(#"{"name": "site.conf", "data": ""}"#)).configs.first?.target == "/site.conf")
        #expect(try decode(configs(#"{"name": "c", "target": "/etc//site.conf", "data": ""}"#)).configs.first?.target == "/etc/site.conf")
        #expect(decodeError(configs(#"{"name": "c", "target": "etc/site.conf", "data": ""}"#)) == "configs[0].target: must be an absolute path")
        #expect(decodeError(configs(#"{"name": "c", "target": "/", "data": ""}"#)) == "configs[0].target: must not be /")
    }

    @Test func configDefaultsAndData() throws {
        let config = try decode(configs(#"{"name": "c", "data": "aGk=", "mode": "0640", "uid": 1, "gid": 2}"#)).configs
        #expect(config == [TaskSpec.FileItem(name: "c", target: "/c", source: .data(Array("hi".utf8)), uid: 1, gid: 2, mode: 0o640)])
    }

    @Test(arguments: ["a", "db_password", "A.b-c_1", String(repeating: "n", count: 64)])
    func validNames(name: String) throws {
        #expect(try decode(secrets(#"{"name": "\#(name)", "data": ""}"#)).secrets.first?.name == name)
    }

    @Test(arguments: ["", "_a", ".a", "a/b", "a b", String(repeating: "n", count: 65)])
    func invalidNames(name: String) {
        #expect(decodeError(secrets(#"{"name": "\#(name)", "data": ""}"#)) == "secrets[0].name: \(Self.nameShape)")
        #expect(decodeError(configs(#"{"name": "\#(name)", "data": ""}"#)) == "configs[0].name: \(Self.nameShape)")
    }

    @Test(arguments: [
        (#"{"data": ""}"#, "secrets[0].name: required"),
        (#"{"name": "s"}"#, "secrets[0]: exactly one of data or file is required"),
        (#"{"name": "s", "data": "", "file": "/x"}"#, "secrets[0]: exactly one of data or file is required"),
        (#"{"name": "s", "data": null, "file": null}"#, "secrets[0]: exactly one of data or file is required"),
        (#"{"name": "s", "file": ""}"#, "secrets[0].file: must not be empty"),
        (#"{"name": "s", "file": 1}"#, "secrets[0].file: expected a string, found a number"),
        (#"{"name": "s", "data": "not base64!"}"#, "secrets[0].data: invalid base64"),
        (#"{"name": "s", "data": "c2VjcmV0Cg"}"#, "secrets[0].data: invalid base64"),
        (#"{"name": "s", "data": 12}"#, "secrets[0].data: expected a string, found a number"),
        (#"{"name": "s", "data": "", "uid": -1}"#, "secrets[0].uid: must be between 0 and 4294967294"),
        (#"{"name": "s", "data": "", "gid": 4294967295}"#, "secrets[0].gid: must be between 0 and 4294967294"),
        (#"{"name": "s", "data": "", "uid": "0"}"#, "secrets[0].uid: expected an integer, found a string"),
        (#"{"name": "s", "data": "", "mode": "0800"}"#, #"secrets[0].mode: must be an octal mode like "0755", at most 7777"#),
        (#"{"name": "s", "data": "", "mode": 256}"#, #"secrets[0].mode: expected an octal string like "0755", found a number"#),
    ])
    func invalidSecrets(secret: String, expected: String) {
        #expect(decodeError(secrets(secret)) == expected)
    }

    @Test func configsShareTheChecks() {
        #expect(decodeError(configs(#"{"name": "c"}"#)) == "configs[0]: exactly one of data or file is required")
        #expect(decodeError(configs(#"{"name": "c", "data": "%%%%"}"#)) == "configs[0].data: invalid base64")
        #expect(decodeError(configs(#"{"name": "c", "data": "", "gid": 1.5}"#))
            == "configs[0].gid: expected an integer, found a number with a fraction or exponent")
    }

    @Test func inlineDataIsLimitedTo500KiB() throws {
        let limit = 500 * 1024
        // "QUFB" is base64 for "AAA", "QUE=" for "AA": built directly, since encoding 500 KiB is slow in debug builds.
        let atLimit = String(repeating: "QUFB", count: limit / 3) + "QUE="
        #expect(try decode(secrets(#"{"name": "s", "data": "\#(atLimit)"}"#)).secrets.first?.source == .data(Array(repeating: 0x41, count: limit)))
        let over = String(repeating: "QUFB", count: (limit + 1) / 3)
        #expect(decodeError(secrets(#"{"name": "s", "data": "\#(over)"}"#)) == "secrets[0].data: larger than 500 KiB")
        #expect(decodeError(configs(#"{"name": "c", "data": "\#(over)"}"#)) == "configs[0].data: larger than 500 KiB")
    }

    @Test func duplicateTargetsAcrossMountsSecretsAndConfigs() {
        #expect(decodeError(spec(#""secrets": [{"name": "a", "data": ""}, {"name": "b", "target": "a", "data": ""}]"#))
            == "secrets[1].target: duplicate target /run/secrets/a (also secrets[0].target)")
        #expect(decodeError(spec(#""mounts": [{"type": "tmpfs", "target": "/etc/site.conf"}], "configs": [{"name": "c", "target": "/etc/site.conf", "data": ""}]"#))
            == "configs[0].target: duplicate target /etc/site.conf (also mounts[0].target)")
        #expect(decodeError(spec(#""secrets": [{"name": "k", "target": "/etc/k", "data": ""}], "configs": [{"name": "c", "target": "/etc/k", "data": ""}]"#))
            == "configs[0].target: duplicate target /etc/k (also secrets[0].target)")
        #expect(decodeError(spec(#""mounts": [{"type": "tmpfs", "target": "/run/secrets/x"}], "secrets": [{"name": "x", "data": ""}]"#))
            == "secrets[0].target: duplicate target /run/secrets/x (also mounts[0].target)")
        #expect(decodeError(spec(#""configs": [{"name": "a", "target": "/a", "data": ""}, {"name": "b", "target": "/x/../a", "data": ""}]"#))
            == "configs[1].target: duplicate target /a (also configs[0].target)")
    }

    @Test func sameNameDifferentTargetsIsFine() throws {
        let decoded = try decode(spec(#""secrets": [{"name": "a", "data": ""}, {"name": "a", "target": "b", "data": ""}]"#))
        #expect(decoded.secrets.map(\.target) == ["/run/secrets/a", "/run/secrets/b"])
    }
}

/// A test helper: standard padded base64.
func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var text = ""
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
        let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
        for position in 0..<4 {
            text.append(position <= chunk.count ? alphabet[Int(value >> UInt32(18 - 6 * position) & 0x3F)] : "=")
        }
        index += 3
    }
    return text
}
