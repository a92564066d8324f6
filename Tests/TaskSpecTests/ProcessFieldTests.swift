import Testing
@testable import TaskSpec

/// id, rootfs, command, env, workdir, user, hostname.
@Suite struct ProcessFieldTests {
    static let idShape = "must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit"

    @Test(arguments: ["a", "web.1", "A_b-c.d", "0", String(repeating: "x", count: 128)])
    func validIDs(id: String) throws {
        #expect(try decode(#"{"id": "\#(id)", "rootfs": "/r", "command": ["x"]}"#).id == id)
    }

    @Test(arguments: ["", ".a", "-a", "_a", "a/b", "a b", "é", String(repeating: "x", count: 129)])
    func invalidIDs(id: String) {
        #expect(decodeError(#"{"id": "\#(id)", "rootfs": "/r", "command": ["x"]}"#) == "id: \(Self.idShape)")
    }

    @Test(arguments: [
        ("rootfs-fixtures/busybox", "/srv/specs", "/srv/specs/rootfs-fixtures/busybox"),
        ("./a/../b/", "/srv/specs", "/srv/specs/b"),
        ("../rootfs", "/srv/specs", "/srv/rootfs"),
        ("rootfs", "/", "/rootfs"),
        ("/abs//path/./x/..", "/srv/specs", "/abs/path"),
        (".", "/srv/specs/", "/srv/specs"),
    ])
    func rootfsIsResolvedAgainstTheSpecDirectory(rootfs: String, base: String, expected: String) throws {
        let json = #"{"id": "a", "rootfs": "\#(rootfs)", "command": ["x"]}"#
        #expect(try decode(json, baseDirectory: base).rootfs == expected)
    }

    @Test func rootfsMustNotBeEmpty() {
        #expect(decodeError(#"{"id": "a", "rootfs": "", "command": ["x"]}"#) == "rootfs: must not be empty")
        #expect(decodeError(#"{"id": "a", "rootfs": 1, "command": ["x"]}"#) == "rootfs: expected a string, found a number")
    }

    @Test func readonlyRootfs() throws {
        #expect(try decode(spec(#""readonly_rootfs": true"#)).readonlyRootfs)
        #expect(try !decode(spec(#""readonly_rootfs": false"#)).readonlyRootfs)
    }

    @Test func command() throws {
        #expect(try decode(#"{"id": "a", "rootfs": "/r", "command": ["sh", "-c", "", "x y"]}"#).command == ["sh", "-c", "", "x y"])
        #expect(decodeError(#"{"id": "a", "rootfs": "/r", "command": []}"#) == "command: must not be empty")
        #expect(decodeError(#"{"id": "a", "rootfs": "/r", "command": [""]}"#) == "command[0]: must not be empty")
        #expect(decodeError(#"{"id": "a", "rootfs": "/r", "command": "sh"}"#) == "command: expected an array, found a string")
        #expect(decodeError(#"{"id": "a", "rootfs": "/r", "command": ["sh", 1]}"#) == "command[1]: expected a string, found a number")
    }

    @Test func env() throws {
        #expect(try decode(spec(#""env": ["A=1", "B=", "C=x=y", "D=1"]"#)).env == ["A=1", "B=", "C=x=y", "D=1"])
        #expect(try decode(spec(#""env": []"#)).env == [])
        #expect(decodeError(spec(#""env": ["A"]"#)) == "env[0]: must be KEY=VALUE")
        #expect(decodeError(spec(#""env": ["A=1", "=1"]"#)) == "env[1]: variable name must not be empty")
    }

    @Test(arguments: [("/", "/"), ("/app", "/app"), ("//app//x/", "/app/x"), ("/a/./b/../c", "/a/c"), ("/..", "/")])
    func workdirIsNormalised(workdir: String, expected: String) throws {
        #expect(try decode(spec(#""workdir": "\#(workdir)""#)).workdir == expected)
    }

    @Test(arguments: ["", "app", "./app", "~/x"])
    func workdirMustBeAbsolute(workdir: String) {
        #expect(decodeError(spec(#""workdir": "\#(workdir)""#)) == "workdir: must be an absolute path")
    }

    @Test(arguments: ["0", "1000", "1000:1000", "nobody", "www-data:www-data", "_apt", "User.Name", "1000:staff", "root:0",
                      "4294967294", "0:4294967294"])
    func validUsers(user: String) throws {
        #expect(try decode(spec(#""user": "\#(user)""#)).user == user)
    }

    @Test(arguments: ["", ":", "1000:", ":1000", "a:b:c", "-x", "1x", "user name", "9user", "a$"])
    func invalidUsers(user: String) {
        #expect(decodeError(spec(#""user": "\#(user)""#)) == #"user: must be "uid", "uid:gid", "name" or "name:group""#)
    }

    @Test(arguments: ["4294967295", "0:4294967295", "99999999999", "123456789012345678901234567890"])
    func userIDsAreBounded(user: String) {
        #expect(decodeError(spec(#""user": "\#(user)""#)) == "user: ids must be at most 4294967294")
    }

    @Test(arguments: ["web-1", "a", "web.example.com", "A1", "1a", String(repeating: "a", count: 63),
                      String(repeating: "a", count: 32) + "." + String(repeating: "b", count: 31)])
    func validHostnames(hostname: String) throws {
        #expect(try decode(spec(#""hostname": "\#(hostname)""#)).hostname == hostname)
    }

    @Test(arguments: ["", "-web", "web-", "we_b", "a..b", "a.", ".a", "a b", String(repeating: "a", count: 64), "é"])
    func invalidHostnames(hostname: String) {
        #expect(decodeError(spec(#""hostname": "\#(hostname)""#))
            == "hostname: must be dot-separated labels of 1 to 63 letters, digits or '-', not starting or ending with '-'")
    }

    @Test func hostnameFitsTheKernelLimit() throws {
        let sixtyFour = String(repeating: "a", count: 32) + "." + String(repeating: "b", count: 31)
        #expect(try decode(spec(#""hostname": "\#(sixtyFour)""#)).hostname == sixtyFour)
        let sixtyFive = sixtyFour + "b"
        #expect(decodeError(spec(#""hostname": "\#(sixtyFive)""#)) == "hostname: must be at most 64 characters (the kernel's limit)")
    }
}
