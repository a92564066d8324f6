import Testing
@testable import TaskSpec

/// stop_signal, stop_grace_period, cap_add, cap_drop, seccomp, no_new_privileges.
@Suite struct StopAndSecurityTests {
    @Test(arguments: [("SIGTERM", "SIGTERM", 15), ("KILL", "SIGKILL", 9), ("sigquit", "SIGQUIT", 3), ("1", "SIGHUP", 1),
                      ("SIGRTMIN+3", "SIGRTMIN+3", 37)] as [(String, String, Int32)])
    func stopSignal(text: String, name: String, number: Int32) throws {
        #expect(try decode(spec(#""stop_signal": "\#(text)""#)).stopSignal == TaskSpec.Signal(name: name, number: number))
    }

    @Test func unknownStopSignal() {
        #expect(decodeError(spec(#""stop_signal": "SIGFOO""#)) == #"stop_signal: unknown signal "SIGFOO""#)
        #expect(decodeError(spec(#""stop_signal": "0""#)) == #"stop_signal: unknown signal "0""#)
        #expect(decodeError(spec(#""stop_signal": "a\"b""#)) == #"stop_signal: unknown signal "a\"b""#)
        let long = String(repeating: "X", count: 100)
        #expect(decodeError(spec(#""stop_signal": "\#(long)""#)) == "stop_signal: unknown signal \"\(String(repeating: "X", count: 64))…\"")
    }

    @Test func stopGracePeriod() throws {
        #expect(try decode(spec(#""stop_grace_period": "1m30s""#)).stopGracePeriod == .seconds(90))
        #expect(try decode(spec(#""stop_grace_period": "0""#)).stopGracePeriod == .zero)
        #expect(try decode(spec(#""stop_grace_period": "250ms""#)).stopGracePeriod == .milliseconds(250))
        #expect(decodeError(spec(#""stop_grace_period": "-1s""#)) == "stop_grace_period: must not be negative")
        #expect(decodeError(spec(#""stop_grace_period": "10""#)) == #"stop_grace_period: invalid duration "10""#)
    }

    @Test func capabilities() throws {
        let decoded = try decode(spec(#""cap_add": ["NET_ADMIN", "cap_sys_time"], "cap_drop": ["ALL"]"#))
        #expect(decoded.capAdd == ["NET_ADMIN", "cap_sys_time"])
        #expect(decoded.capDrop == ["ALL"])
        #expect(decodeError(spec(#""cap_add": [""]"#)) == #"cap_add[0]: must be a capability name like "NET_ADMIN""#)
        #expect(decodeError(spec(#""cap_drop": ["CHOWN", "NET ADMIN"]"#)) == #"cap_drop[1]: must be a capability name like "NET_ADMIN""#)
        #expect(decodeError(spec(#""cap_drop": ["CAP_1"]"#)) == #"cap_drop[0]: must be a capability name like "NET_ADMIN""#)
        #expect(decodeError(spec(#""cap_add": [1]"#)) == "cap_add[0]: expected a string, found a number")
    }

    @Test func seccomp() throws {
        #expect(try decode(spec(#""seccomp": "default""#)).seccomp == .default)
        #expect(try decode(spec(#""seccomp": "unconfined""#)).seccomp == .unconfined)
        #expect(try decode(spec(#""seccomp": "/etc/seccomp//p.json""#)).seccomp == .profile(path: "/etc/seccomp/p.json"))
        #expect(try decode(spec(#""seccomp": "profiles/p.json""#)).seccomp == .profile(path: "/srv/specs/profiles/p.json"))
        #expect(try decode(spec(#""seccomp": "./default""#)).seccomp == .profile(path: "/srv/specs/default"))
        #expect(decodeError(spec(#""seccomp": """#)) == "seccomp: must not be empty")
    }

    @Test func noNewPrivileges() throws {
        #expect(try decode(spec(#""no_new_privileges": true"#)).noNewPrivileges)
        #expect(try !decode(spec(#""no_new_privileges": false"#)).noNewPrivileges)
    }
}
