import TaskSpec

/// The healthcheck as the state file keeps it, for `taskexec health`:
/// the test in the spec's own array form, and the probe timeout.
public struct HealthcheckRecord: Codable, Sendable, Equatable {
    public var test: [String]
    public var timeout: String

    public init(_ check: TaskSpec.Healthcheck) {
        switch check.test {
        case .none: test = ["NONE"]
        case .cmd(let argv): test = ["CMD"] + argv
        case .cmdShell(let script): test = ["CMD-SHELL", script]
        case .http(let url): test = ["HTTP", url.text]
        case .tcp(let port): test = ["TCP", String(port)]
        }
        timeout = Units.formatDuration(check.timeout)
    }

    public var probe: TaskSpec.Healthcheck.Test? {
        guard let kind = test.first else { return nil }
        let rest = Array(test.dropFirst())
        switch (kind, rest.count) {
        case ("NONE", 0): return TaskSpec.Healthcheck.Test.none
        case ("CMD", 1...): return .cmd(rest)
        case ("CMD-SHELL", 1): return .cmdShell(rest[0])
        case ("HTTP", 1): return (try? ProbeURL.parse(rest[0])).map { .http($0) }
        case ("TCP", 1): return UInt16(rest[0]).map { .tcp($0) }
        default: return nil
        }
    }

    public var timeoutDuration: Duration { Units.parseDuration(timeout) ?? .seconds(30) }
}
