import Testing
@testable import TaskSpec

@Suite struct HealthcheckTests {
    func healthcheck(_ body: String) -> String { spec(#""healthcheck": {\#(body)}"#) }

    func test(_ test: String) throws -> TaskSpec.Healthcheck.Test? {
        try decode(healthcheck(#""test": \#(test)"#)).healthcheck?.test
    }

    func testError(_ test: String) -> String? {
        decodeError(healthcheck(#""test": \#(test)"#))
    }

    @Test func tests() throws {
        #expect(try test(#"["NONE"]"#) == TaskSpec.Healthcheck.Test.none)
        #expect(try test(#"["CMD", "curl", "-f", "http://localhost/"]"#) == .cmd(["curl", "-f", "http://localhost/"]))
        #expect(try test(#"["CMD", "true"]"#) == .cmd(["true"]))
        #expect(try test(#"["CMD-SHELL", "wget -qO- http://127.0.0.1/ || exit 1"]"#) == .cmdShell("wget -qO- http://127.0.0.1/ || exit 1"))
        #expect(try test(#""pg_isready -U postgres""#) == .cmdShell("pg_isready -U postgres"))
        #expect(try test(#"["HTTP", "http://127.0.0.1:80/healthz"]"#)
            == .http(ProbeURL(text: "http://127.0.0.1:80/healthz", address: "127.0.0.1", port: 80, path: "/healthz", hostHeader: "127.0.0.1:80")))
        #expect(try test(#"["TCP", "80"]"#) == .tcp(80))
        #expect(try test(#"["TCP", 6379]"#) == .tcp(6379))
    }

    @Test func defaults() throws {
        let decoded = try #require(try decode(healthcheck(#""test": ["CMD", "true"]"#)).healthcheck)
        #expect(decoded.interval == .seconds(30))
        #expect(decoded.timeout == .seconds(30))
        #expect(decoded.retries == 3)
        #expect(decoded.startPeriod == .zero)
        #expect(decoded.startInterval == .seconds(5))
        #expect(decoded.onUnhealthy == .none)
    }

    @Test func zeroMeansTheDefault() throws {
        let body = #""test": ["CMD", "true"], "interval": "0", "timeout": "0s", "retries": 0, "start_period": "0ms", "start_interval": "0h""#
        #expect(try decode(healthcheck(body)).healthcheck == TaskSpec.Healthcheck(test: .cmd(["true"])))
    }

    @Test func everySetting() throws {
        let body = #""test": ["TCP", "80"], "interval": "1m30s", "timeout": "500ms", "retries": 5, "start_period": "1.5h", "start_interval": "1ms", "on_unhealthy": "kill""#
        var expected = TaskSpec.Healthcheck(test: .tcp(80))
        expected.interval = .seconds(90)
        expected.timeout = .milliseconds(500)
        expected.retries = 5
        expected.startPeriod = .seconds(5400)
        expected.startInterval = .milliseconds(1)
        expected.onUnhealthy = .kill
        #expect(try decode(healthcheck(body)).healthcheck == expected)
    }

    @Test(arguments: [("none", TaskSpec.Healthcheck.OnUnhealthy.none), ("stop", .stop), ("kill", .kill)])
    func onUnhealthy(name: String, action: TaskSpec.Healthcheck.OnUnhealthy) throws {
        #expect(try decode(healthcheck(#""test": ["NONE"], "on_unhealthy": "\#(name)""#)).healthcheck?.onUnhealthy == action)
    }

    @Test(arguments: [
        ("[]", "healthcheck.test: must not be empty"),
        (#""""#, "healthcheck.test: must not be empty"),
        (#"["none"]"#, #"healthcheck.test[0]: must be "NONE", "CMD", "CMD-SHELL", "HTTP" or "TCP""#),
        (#"["HTTPS", "https://x"]"#, #"healthcheck.test[0]: must be "NONE", "CMD", "CMD-SHELL", "HTTP" or "TCP""#),
        (#"["NONE", "x"]"#, #"healthcheck.test: "NONE" takes no arguments"#),
        (#"["CMD"]"#, #"healthcheck.test: "CMD" needs a command after it"#),
        (#"["CMD", ""]"#, "healthcheck.test[1]: must not be empty"),
        (#"["CMD", "ls", 1]"#, "healthcheck.test[2]: expected a string, found a number"),
        (#"["CMD-SHELL"]"#, #"healthcheck.test: "CMD-SHELL" takes exactly one script"#),
        (#"["CMD-SHELL", "a", "b"]"#, #"healthcheck.test: "CMD-SHELL" takes exactly one script"#),
        (#"["CMD-SHELL", ""]"#, "healthcheck.test[1]: must not be empty"),
        (#"["HTTP"]"#, #"healthcheck.test: "HTTP" takes exactly one URL"#),
        (#"["HTTP", "http://a", "http://b"]"#, #"healthcheck.test: "HTTP" takes exactly one URL"#),
        (#"["TCP"]"#, #"healthcheck.test: "TCP" takes exactly one port"#),
        (#"["TCP", "80", "81"]"#, #"healthcheck.test: "TCP" takes exactly one port"#),
        (#"["TCP", "0"]"#, "healthcheck.test[1]: must be a port between 1 and 65535"),
        (#"["TCP", 65536]"#, "healthcheck.test[1]: must be a port between 1 and 65535"),
        (#"["TCP", "http"]"#, "healthcheck.test[1]: must be a port between 1 and 65535"),
        (#"["TCP", 80.5]"#, "healthcheck.test[1]: must be a port between 1 and 65535"),
        (#"["TCP", true]"#, "healthcheck.test[1]: expected a port (a string or an integer), found a boolean"),
        (#"["HTTP", 80]"#, "healthcheck.test[1]: expected a string, found a number"),
    ])
    func invalidTests(test: String, expected: String) {
        #expect(testError(test) == expected)
    }

    /// What the decoder accepts is exactly what the probe connects to and asks for.
    @Test(arguments: [
        ("http://127.0.0.1", "127.0.0.1", 80, "/"), ("http://127.0.0.1/", "127.0.0.1", 80, "/"),
        ("http://localhost:8080/healthz?full=1", "127.0.0.1", 8080, "/healthz?full=1"), ("http://[::1]:80/x", "::1", 80, "/x"),
        ("http://[::1]", "::1", 80, "/"), ("http://10.1.2.3:65535#frag", "10.1.2.3", 65535, "/"),
        ("http://127.0.0.1:81/a/b#frag", "127.0.0.1", 81, "/a/b"), ("http://127.0.0.1?q=1", "127.0.0.1", 80, "/?q=1"),
    ])
    func validProbeURLs(url: String, address: String, port: Int, path: String) throws {
        guard case .http(let parsed) = try test(#"["HTTP", "\#(url)"]"#) else { Issue.record("not HTTP"); return }
        #expect(parsed.text == url)
        #expect(parsed.address == address)
        #expect(Int(parsed.port) == port)
        #expect(parsed.path == path)
    }

    /// A name would need a resolver inside the task's network namespace: refused
    /// at decode time instead of a probe that is unhealthy forever.
    @Test(arguments: ["http://web-1.internal:1/", "http://a:65535#frag", "http://db/"])
    func probeURLsWithNamesAreRefused(url: String) {
        #expect(testError(#"["HTTP", "\#(url)"]"#)?.hasPrefix("healthcheck.test[1]: the host must be an IP address or localhost, not ") == true)
    }

    @Test(arguments: ["https://127.0.0.1/", "127.0.0.1/healthz", "http://", "http:///x", "http://:80/", "http://user@host/",
                      "http://a b/", "http://[::1/", "http://[zz]/", "http://[::1]x/", "HTTP://a/", "ftp://a/"])
    func invalidProbeURLs(url: String) {
        #expect(testError(#"["HTTP", "\#(url)"]"#)
            == #"healthcheck.test[1]: must be an http:// URL with a host, like "http://127.0.0.1:80/healthz""#)
    }

    @Test(arguments: ["http://a:0/", "http://a:65536/", "http://a:/", "http://a:x/", "http://[::1]:99999/", "http://a:1:2/"])
    func invalidProbeURLPorts(url: String) {
        #expect(testError(#"["HTTP", "\#(url)"]"#) == "healthcheck.test[1]: URL port must be between 1 and 65535")
    }

    @Test(arguments: ["interval", "timeout", "start_period", "start_interval"])
    func durationChecks(field: String) {
        #expect(decodeError(healthcheck(#""test": ["NONE"], "\#(field)": "-1s""#)) == "healthcheck.\(field): must not be negative")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "\#(field)": "999us""#)) == "healthcheck.\(field): must be at least 1ms")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "\#(field)": "1ns""#)) == "healthcheck.\(field): must be at least 1ms")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "\#(field)": "30""#)) == #"healthcheck.\#(field): invalid duration "30""#)
        #expect(decodeError(healthcheck(#""test": ["NONE"], "\#(field)": 30"#))
            == #"healthcheck.\#(field): expected a duration string like "30s", found a number"#)
    }

    @Test func otherChecks() {
        #expect(decodeError(healthcheck(#""interval": "1s""#)) == "healthcheck.test: required")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "retries": -1"#)) == "healthcheck.retries: must not be negative")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "retries": 2147483648"#)) == "healthcheck.retries: must be at most 2147483647")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "retries": "3""#)) == "healthcheck.retries: expected an integer, found a string")
        #expect(decodeError(healthcheck(#""test": ["NONE"], "on_unhealthy": "restart""#))
            == #"healthcheck.on_unhealthy: must be "none", "stop" or "kill""#)
    }
}
