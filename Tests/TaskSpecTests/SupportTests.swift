import Testing
@testable import TaskSpec

/// `unsupportedFields()`: what is validated but not built yet.
@Suite struct SupportTests {
    func unsupported(_ extra: String) throws -> [String] {
        try decode(spec(extra)).unsupportedFields().map(\.description)
    }

    @Test func supportedSpecsHaveNone() throws {
        #expect(try unsupported("") == [])
        let supported = #"""
        "readonly_rootfs": true, "env": ["A=1"], "workdir": "/w", "user": "1:1", "hostname": "h",
        "mounts": [{"type": "tmpfs", "target": "/t"}], "secrets": [], "configs": [], "network": "host", "ports": [],
        "healthcheck": {"test": ["NONE"]}, "stop_signal": "INT", "stop_grace_period": "1s",
        "cap_add": [], "cap_drop": [], "seccomp": "unconfined", "no_new_privileges": false
        """#
        #expect(try unsupported(supported) == [])
        #expect(try unsupported(#""network": "none""#) == [])
        #expect(try unsupported(#""secrets": [{"name": "s", "data": ""}], "configs": [{"name": "c", "data": ""}]"#) == [])
        #expect(try unsupported(#""healthcheck": {"test": ["HTTP", "http://127.0.0.1/"]}"#) == [])
        #expect(try unsupported(#""resources": {"memory": "64m", "cpus": 0.5}"#) == [])
    }

    /// Every feature of the contract is built now: nothing is refused.
    @Test(arguments: [
        #""cap_add": ["NET_ADMIN"]"#, #""cap_drop": ["ALL"]"#, #""seccomp": "default""#, #""seccomp": "/p.json""#,
        #""no_new_privileges": true"#, #""resources": {"memory": "64m"}"#, #""healthcheck": {"test": ["TCP", 80]}"#,
    ])
    func everyFieldIsSupported(extra: String) throws {
        #expect(try unsupported(extra) == [])
    }

    @Test func bridgeAndPortsAreSupported() throws {
        #expect(try unsupported(#""network": "bridge", "ports": [{"published": 80, "target": 80}]"#) == [])
    }
}
