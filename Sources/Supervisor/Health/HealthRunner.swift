import Runtime
import TaskSpec

/// The health monitor of one task, inside the supervisor's poll loop: waits,
/// starts a probe, enforces its timeout, records the result.
final class HealthRunner {
    private(set) var machine: HealthMachine
    private let factory: ProbeFactory
    private let onResult: (_ report: HealthReport, _ statusChanged: Bool) -> Void
    /// Takes secret values out of a probe's output before it is kept anywhere.
    private let redact: (String) -> String
    private var nextProbeAt: Double
    private var current: (run: ProbeRun, startedAt: Double, start: String, deadline: Double)?

    init(check: TaskSpec.Healthcheck, taskStartedAt: Double, factory: ProbeFactory, redact: @escaping (String) -> String = { $0 },
         onResult: @escaping (_ report: HealthReport, _ statusChanged: Bool) -> Void) {
        machine = HealthMachine(check: check, taskStartedAt: taskStartedAt)
        self.factory = factory
        self.redact = redact
        self.onResult = onResult
        nextProbeAt = taskStartedAt + machine.delayBeforeNextProbe(now: taskStartedAt)
    }

    /// When the runner next needs the loop: a probe's timeout or the next probe.
    var deadline: Double { current?.deadline ?? nextProbeAt }

    var watched: [(fd: Int32, events: Int16)] { current?.run.watched ?? [] }

    /// Starts a due probe, or ends one that outlived its timeout.
    func tick(now: Double) {
        if let probe = current, now >= probe.deadline {
            let printed = probe.run.abort()
            let timeout = Units.formatDuration(machine.check.timeout)
            finish(ProbeOutcome(exitCode: -1, output: timedOutOutput(timeout, printed: printed)), now: now)
        }
        if current == nil && now >= nextProbeAt { startProbe(now: now) }
    }

    func advance(fd: Int32, revents: Int16) {
        guard let probe = current, let outcome = probe.run.advance(fd: fd, revents: revents) else { return }
        finish(outcome, now: Timestamp.monotonic())
    }

    /// The task exited: a probe still running is ended.
    func stop() {
        _ = current?.run.abort()
        current = nil
    }

    private func startProbe(now: Double) {
        let start = Timestamp.now()
        switch factory.start() {
        case .running(let run):
            current = (run, now, start, now + machine.check.timeout.seconds)
        case .finished(let outcome):
            current = nil
            record(outcome, startedAt: now, start: start, now: now)
        }
    }

    private func finish(_ outcome: ProbeOutcome, now: Double) {
        guard let probe = current else { return }
        current = nil
        record(outcome, startedAt: probe.startedAt, start: probe.start, now: now)
    }

    private func record(_ outcome: ProbeOutcome, startedAt: Double, start: String, now: Double) {
        let result = ProbeResult(start: start, end: Timestamp.now(), exitCode: outcome.exitCode, output: redact(outcome.output))
        let changed = machine.record(result, probeStartedAt: startedAt)
        // The interval runs from the end of this probe to the start of the next.
        nextProbeAt = now + machine.delayBeforeNextProbe(now: now)
        onResult(machine.report, changed)
    }
}
