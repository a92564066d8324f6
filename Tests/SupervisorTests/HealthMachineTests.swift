import Runtime
import TaskSpec
import Testing
@testable import Supervisor

/// Every rule of design.md §4, on an injected clock: times are seconds
/// after the task's start, nothing sleeps.
@Suite struct HealthMachineTests {
    func check(_ edit: (inout TaskSpec.Healthcheck) -> Void = { _ in }) -> TaskSpec.Healthcheck {
        var check = TaskSpec.Healthcheck(test: .cmd(["true"]))
        edit(&check)
        return check
    }

    /// Records and says whether the status changed (#expect cannot hold a mutation).
    func record(_ machine: inout HealthMachine, _ result: ProbeResult, at time: Double) -> Bool {
        machine.record(result, probeStartedAt: time)
    }

    func result(_ code: Int32, _ output: String = "") -> ProbeResult {
        ProbeResult(start: "s", end: "e", exitCode: code, output: output)
    }

    @Test func startsAsStartingWithNoStreak() {
        let machine = HealthMachine(check: check(), taskStartedAt: 0)
        #expect(machine.report == HealthReport(status: .starting, failingStreak: 0, log: []))
    }

    @Test func successIsHealthyFromAnyStatusAndResetsTheStreak() {
        var machine = HealthMachine(check: check { $0.retries = 2 }, taskStartedAt: 0)
        #expect(record(&machine, result(0), at: 30))
        #expect(machine.report.status == .healthy)
        #expect(!record(&machine, result(1), at: 60))
        #expect(machine.report.failingStreak == 1)
        #expect(record(&machine, result(1), at: 90))
        #expect(machine.report.status == .unhealthy)
        #expect(record(&machine, result(0), at: 120))
        #expect(machine.report.status == .healthy)
        #expect(machine.report.failingStreak == 0)
    }

    @Test(arguments: [Int32(1), 2, 3, 127, -1])
    func anyNonZeroCodeIsAFailure(code: Int32) {
        var machine = HealthMachine(check: check { $0.retries = 1 }, taskStartedAt: 0)
        #expect(record(&machine, result(code), at: 30))
        #expect(machine.report.status == .unhealthy)
    }

    @Test func exactlyRetriesFailuresMakeItUnhealthy() {
        var machine = HealthMachine(check: check { $0.retries = 3 }, taskStartedAt: 0)
        #expect(!record(&machine, result(1), at: 30))
        #expect(!record(&machine, result(1), at: 60))
        #expect(machine.report.status == .starting)
        #expect(record(&machine, result(1), at: 90))
        #expect(machine.report == HealthReport(status: .unhealthy, failingStreak: 3, log: machine.report.log))
        // Further failures keep counting, with no new change of status.
        #expect(!record(&machine, result(1), at: 120))
        #expect(machine.report.failingStreak == 4)
    }

    @Test func failuresInsideTheStartPeriodDoNotCountWhileStarting() {
        var machine = HealthMachine(check: check { $0.retries = 1; $0.startPeriod = .seconds(10) }, taskStartedAt: 100)
        #expect(!record(&machine, result(1), at: 105))
        #expect(machine.report.failingStreak == 0)
        #expect(machine.report.status == .starting)
        // A probe that began after the start period counts.
        #expect(record(&machine, result(1), at: 110))
        #expect(machine.report.status == .unhealthy)
    }

    @Test func onceHealthyFailuresCountEvenInsideTheStartPeriod() {
        var machine = HealthMachine(check: check { $0.retries = 1; $0.startPeriod = .seconds(60) }, taskStartedAt: 0)
        #expect(record(&machine, result(0), at: 5))
        #expect(record(&machine, result(1), at: 10))
        #expect(machine.report.status == .unhealthy)
    }

    @Test func startIntervalOnlyInsideTheStartPeriodWhileStarting() {
        let timing = check { $0.interval = .seconds(30); $0.startInterval = .seconds(2); $0.startPeriod = .seconds(10) }
        var machine = HealthMachine(check: timing, taskStartedAt: 0)
        #expect(machine.delayBeforeNextProbe(now: 0) == 2)
        #expect(machine.delayBeforeNextProbe(now: 9.9) == 2)
        #expect(machine.delayBeforeNextProbe(now: 10) == 30)
        _ = machine.record(result(0), probeStartedAt: 3)
        #expect(machine.delayBeforeNextProbe(now: 4) == 30)
    }

    @Test func startIntervalDoesNotMatterWithoutAStartPeriod() {
        let machine = HealthMachine(check: check { $0.interval = .milliseconds(500); $0.startInterval = .seconds(2) }, taskStartedAt: 0)
        #expect(machine.delayBeforeNextProbe(now: 0) == 0.5)
    }

    @Test func onlyTheLastFiveResultsAreKept() {
        var machine = HealthMachine(check: check(), taskStartedAt: 0)
        for n in 0..<7 { _ = machine.record(result(0, "run \(n)"), probeStartedAt: Double(n)) }
        #expect(machine.report.log.map(\.output) == ["run 2", "run 3", "run 4", "run 5", "run 6"])
    }
}

@Suite struct ProbePieceTests {
    @Test func outputIsCutAt4096BytesWithAnEllipsis() {
        var output = ProbeOutput()
        output.append(Array(repeating: UInt8(ascii: "a"), count: 3000))
        #expect(output.text.count == 3000)
        output.append(Array(repeating: UInt8(ascii: "b"), count: 3000))
        #expect(output.text.count == 4096 + 3)
        #expect(output.text.hasSuffix("b..."))
        var exact = ProbeOutput()
        exact.append(Array(repeating: UInt8(ascii: "c"), count: 4096))
        #expect(!exact.text.hasSuffix("..."))
    }

    @Test func timeoutMessageIsDockersThenWhatWasPrinted() {
        #expect(timedOutOutput("30s", printed: "") == "Health check exceeded timeout (30s)")
        #expect(timedOutOutput("100ms", printed: "partial") == "Health check exceeded timeout (100ms): partial")
    }

    @Test func httpStatusLines() {
        func judge(_ text: String) -> ProbeOutcome { SocketProbeRun.judge(statusLine: Array(text.utf8), peer: "p") }
        #expect(judge("HTTP/1.1 200 OK\r\nServer: x\r\n") == ProbeOutcome(exitCode: 0, output: "HTTP/1.1 200 OK"))
        #expect(judge("HTTP/1.0 302 Found\r\n").exitCode == 0)
        #expect(judge("HTTP/1.1 404 Not Found\r\n") == ProbeOutcome(exitCode: 1, output: "HTTP/1.1 404 Not Found"))
        #expect(judge("HTTP/1.1 500 Internal Server Error\r\n").exitCode == 1)
        #expect(judge("").exitCode == 1)
        #expect(judge("SSH-2.0-OpenSSH\r\n").exitCode == 1)
    }

    /// Every URL the decoder accepts gives the probe an address the socket layer takes.
    @Test(arguments: ["http://127.0.0.1/healthz", "http://localhost:8080", "http://[::1]:81/x?y=1", "http://10.0.0.1#f"])
    func acceptedProbeURLsAreConnectable(url: String) throws {
        let parsed = try ProbeURL.parse(url)
        #expect(SocketAddress(host: parsed.address, port: parsed.port) != nil)
        #expect(!parsed.path.contains("#"))
    }

    @Test func socketAddressesAreLiteralsOnly() {
        #expect(SocketAddress(host: "example.com", port: 80) == nil)
        #expect(SocketAddress(host: "localhost", port: 80)?.description == "127.0.0.1:80")
    }

    @Test func healthcheckRecordRoundTrips() {
        let tests: [TaskSpec.Healthcheck.Test] = [.none, .cmd(["a", "b"]), .cmdShell("x || exit 1"), .http(try! ProbeURL.parse("http://127.0.0.1/")), .tcp(80)]
        for test in tests {
            var check = TaskSpec.Healthcheck(test: test)
            check.timeout = .milliseconds(250)
            let record = HealthcheckRecord(check)
            #expect(record.probe == test)
            #expect(record.timeoutDuration == .milliseconds(250))
        }
    }
}
