import TaskSpec

/// docker's health rules (design.md §4, daemon/health.go), with the clock
/// injected: times are monotonic seconds given by the caller, so every rule
/// is unit-tested without sleeping.
public struct HealthMachine: Sendable {
    public static let keptResults = 5

    public let check: TaskSpec.Healthcheck
    /// When the task started (monotonic seconds).
    public let taskStartedAt: Double
    public private(set) var report = HealthReport()

    public init(check: TaskSpec.Healthcheck, taskStartedAt: Double) {
        self.check = check
        self.taskStartedAt = taskStartedAt
    }

    /// Inside the start period and not yet healthy or unhealthy.
    public func inStartPeriod(at time: Double) -> Bool {
        report.status == .starting && time < taskStartedAt + check.startPeriod.seconds
    }

    /// The wait before the next probe, from `now`: the end of the previous
    /// probe, or the task's start. start_interval inside the start period.
    public func delayBeforeNextProbe(now: Double) -> Double {
        inStartPeriod(at: now) ? check.startInterval.seconds : check.interval.seconds
    }

    /// Records a probe that began at `probeStartedAt`. Returns whether the
    /// status changed (and a `health_status` event is due).
    public mutating func record(_ result: ProbeResult, probeStartedAt: Double) -> Bool {
        let before = report.status
        report.log.append(result)
        if report.log.count > Self.keptResults { report.log.removeFirst(report.log.count - Self.keptResults) }
        if result.exitCode == 0 {
            report.failingStreak = 0
            report.status = .healthy
        } else if !inStartPeriod(at: probeStartedAt) {
            // Failures inside the start period do not count while still starting;
            // once healthy, they always count.
            report.failingStreak += 1
            if report.failingStreak >= check.retries { report.status = .unhealthy }
        }
        return report.status != before
    }
}

extension Duration {
    /// As fractional seconds.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
