import Testing
@testable import TaskSpec

@Suite struct PathNormalisationTests {
    @Test(arguments: [
        ("/", "/"), ("//", "/"), ("/a/b/", "/a/b"), ("/a//b", "/a/b"), ("/a/./b", "/a/b"), ("/a/../b", "/b"), ("/../..", "/"),
        ("/a/b/../../..", "/"), ("/a/.../b", "/a/.../b"), ("/a/..b", "/a/..b"),
        ("a/b", "a/b"), ("./a", "a"), ("a/..", "."), ("", "."), ("../a", "../a"), ("a/../../b", "../b"),
    ])
    func normalise(path: String, expected: String) {
        #expect(PathNormalisation.normalise(path) == expected)
    }

    @Test func resolve() {
        #expect(PathNormalisation.resolve("x", against: "/base") == "/base/x")
        #expect(PathNormalisation.resolve("../x", against: "/base/dir") == "/base/x")
        #expect(PathNormalisation.resolve("/abs/./x", against: "/base") == "/abs/x")
    }
}

@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"), ("Zm9vYmFy", "foobar"),
        ("c2VjcmV0Cg==", "secret\n"), ("Zm9v\nYmFy\r\n", "foobar"), ("Zh==", "f"),
    ])
    func decode(text: String, expected: String) {
        #expect(Base64.decode(text) == Array(expected.utf8))
    }

    @Test func allByteValues() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Base64.decode(base64(bytes)) == bytes)
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test(arguments: ["Zg", "Zg=", "Zm8", "Z", "Z===", "Zg===", "=Zg=", "Zg==Zg==", "Zm9v YmFy", "Zm9v-_", "Zm9v!", "é"])
    func invalid(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
