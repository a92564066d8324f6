/// A task's health as `state` shows it and `health_status` events carry it
/// (docker inspect's `State.Health`).
public struct HealthReport: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case starting, healthy, unhealthy }

    public var status: Status
    public var failingStreak: Int
    /// The last five probe results, oldest first.
    public var log: [ProbeResult]

    public init(status: Status = .starting, failingStreak: Int = 0, log: [ProbeResult] = []) {
        self.status = status
        self.failingStreak = failingStreak
        self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case status, log
        case failingStreak = "failing_streak"
    }
}

/// One probe: when it ran, its exit code (-1 for a timeout), what it printed.
public struct ProbeResult: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
    public var exitCode: Int32
    public var output: String

    public init(start: String, end: String, exitCode: Int32, output: String) {
        self.start = start
        self.end = end
        self.exitCode = exitCode
        self.output = output
    }

    enum CodingKeys: String, CodingKey {
        case start, end, output
        case exitCode = "exit_code"
    }
}
