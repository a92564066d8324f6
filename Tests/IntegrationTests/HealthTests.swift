import Foundation
import Testing

/// Health checks end to end: short intervals, assertions on the sequence of
/// `health_status` events and on the state, not on sleeps.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct HealthTests {
    let h = Harness()

    private func detach(_ id: String, _ command: [String], _ extra: [String: Any], flags: [String] = []) -> Harness.Result {
        h.taskexec(["run", "--detach"] + flags + [h.writeSpec(h.spec(id, command, extra))])
    }

    /// The health statuses announced so far, in order.
    private func statuses(_ id: String) -> [String] {
        h.events(id).filter { $0["type"] as? String == "health_status" }
            .compactMap { ($0["health"] as? [String: Any])?["status"] as? String }
    }

    private func health(_ id: String) -> [String: Any] {
        (h.state(id)?["health"] as? [String: Any]) ?? [:]
    }

    private func log(_ id: String) -> [[String: Any]] {
        (health(id)["log"] as? [[String: Any]]) ?? []
    }

    @Test(arguments: [
        ["CMD-SHELL", "wget -qO- http://127.0.0.1:80/ >/dev/null || exit 1"],
        ["HTTP", "http://127.0.0.1:80/"],
        ["TCP", "80"],
    ])
    func healthyPath(test: [String]) {
        defer { h.cleanUp() }
        #expect(detach("web", ["httpd", "-f", "-p", "80", "-h", "/var/www"],
                       ["healthcheck": ["test": test, "interval": "30ms", "timeout": "2s"]]).code == 0)
        #expect(Harness.eventually { statuses("web") == ["starting", "healthy"] }, "\(statuses("web"))")
        #expect(health("web")["failing_streak"] as? Int == 0)
        #expect(h.taskexec(["health", "web"]).code == 0)
    }

    @Test func failingProbeBecomesUnhealthyAfterExactlyRetriesThenRecovers() throws {
        defer { h.cleanUp() }
        // /tmp/ok in a tmpfs of the task's own: the fixture rootfs is shared by every test.
        #expect(detach("flaky", ["sleep", "60"], ["mounts": [["type": "tmpfs", "target": "/tmp"]], "healthcheck": [
            "test": ["CMD-SHELL", "test -f /tmp/ok"], "interval": "30ms", "retries": 3]]).code == 0)
        #expect(Harness.eventually { statuses("flaky") == ["starting", "unhealthy"] })
        let unhealthy = try #require(h.events("flaky").last { $0["type"] as? String == "health_status" })
        #expect((unhealthy["health"] as? [String: Any])?["failing_streak"] as? Int == 3)
        #expect(h.taskexec(["health", "flaky"]).code == 1)

        #expect(h.taskexec(["exec", "flaky", "--", "touch", "/tmp/ok"]).code == 0)
        #expect(Harness.eventually { statuses("flaky") == ["starting", "unhealthy", "healthy"] })
        #expect(health("flaky")["failing_streak"] as? Int == 0)
        #expect(h.state("flaky")?["status"] as? String == "running")   // on_unhealthy defaults to none
    }

    @Test func startPeriodFailuresDoNotCountAndProbesRunAtStartInterval() {
        defer { h.cleanUp() }
        #expect(detach("slow", ["sleep", "60"], ["healthcheck": [
            "test": ["CMD", "false"], "interval": "10s", "start_interval": Harness.duration(ms: 20),
            "start_period": Harness.duration(ms: 600), "retries": 1]]).code == 0)
        // Inside the start period: probes every 20ms (five results long before
        // one interval), all failing, none counted.
        #expect(Harness.eventually(timeout: 0.5 * Harness.timeScale) { log("slow").count == 5 })
        #expect(health("slow")["status"] as? String == "starting")
        #expect(health("slow")["failing_streak"] as? Int == 0)
        // A probe that begins after the start period counts: with retries 1, unhealthy.
        #expect(Harness.eventually(timeout: 15 * Harness.timeScale) { statuses("slow") == ["starting", "unhealthy"] })
    }

    @Test func afterBeingHealthyFailuresCountEvenInsideTheStartPeriod() {
        defer { h.cleanUp() }
        #expect(detach("relapse", ["sh", "-c", "touch /tmp/ok; exec sleep 60"], ["healthcheck": [
            "test": ["CMD-SHELL", "test -f /tmp/ok"], "interval": "30ms", "start_interval": "20ms",
            "start_period": "60s", "retries": 2]]).code == 0)
        #expect(Harness.eventually { statuses("relapse") == ["starting", "healthy"] })
        #expect(h.taskexec(["exec", "relapse", "--", "rm", "/tmp/ok"]).code == 0)
        #expect(Harness.eventually { statuses("relapse") == ["starting", "healthy", "unhealthy"] })
    }

    @Test func timedOutProbeIsKilledWithItsWholeProcessGroup() throws {
        defer { h.cleanUp() }
        let marker = "10.\(Int.random(in: 100_000...999_999))"
        let timeout = Harness.duration(ms: 100)
        #expect(detach("slowprobe", ["sleep", "60"], ["healthcheck": [
            "test": ["CMD-SHELL", "echo begun; sleep \(marker) & sleep \(marker)"], "interval": "2s", "timeout": timeout]]).code == 0)
        #expect(Harness.eventually(timeout: 20 * Harness.timeScale) { !log("slowprobe").isEmpty })
        // Within the next 2s interval no probe process may be left.
        #expect(HostSnapshot.processes(mentioning: marker).isEmpty)
        let first = try #require(log("slowprobe").first)
        #expect(first["exit_code"] as? Int == -1)
        let output = first["output"] as? String ?? ""
        #expect(output.hasPrefix("Health check exceeded timeout (") && output.hasSuffix("): begun\n"), "\(output)")
        #expect(Harness.timeScale != 1 || output == "Health check exceeded timeout (100ms): begun\n")
    }

    @Test func outputIsCutAt4KiBAndOnlyFiveResultsAreKept() throws {
        defer { h.cleanUp() }
        #expect(detach("chatty", ["sleep", "60"], ["healthcheck": [
            "test": ["CMD-SHELL", "yes | head -c 6000"], "interval": "20ms"]]).code == 0)
        #expect(Harness.eventually { log("chatty").count == 5 })
        usleep(200_000)
        #expect(log("chatty").count == 5)
        let output = try #require(log("chatty").last?["output"] as? String)
        #expect(output == String(repeating: "y\n", count: 2048) + "...")
    }

    @Test func tcpProbeAgainstAListeningAndAClosedPort() {
        defer { h.cleanUp() }
        #expect(detach("open", ["httpd", "-f", "-p", "80"], ["healthcheck": ["test": ["TCP", "80"], "interval": "30ms"]]).code == 0)
        #expect(detach("closed", ["httpd", "-f", "-p", "80"], ["healthcheck": ["test": ["TCP", "81"], "interval": "30ms", "retries": 1]]).code == 0)
        #expect(Harness.eventually { statuses("open") == ["starting", "healthy"] })
        #expect(Harness.eventually { statuses("closed") == ["starting", "unhealthy"] })
        #expect((log("closed").last?["output"] as? String)?.contains("connection refused") == true)
    }

    @Test(arguments: [("stop", 143), ("kill", 137)])
    func onUnhealthyEndsTheTask(action: String, code: Int) throws {
        defer { h.cleanUp() }
        let id = "bad-" + action
        #expect(detach(id, ["sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.05; done"], [
            "stop_grace_period": "5s",
            "healthcheck": ["test": ["CMD", "false"], "interval": "30ms", "retries": 2, "on_unhealthy": action]]).code == 0)
        #expect(Harness.eventually { h.state(id)?["status"] as? String == "stopped" })
        let exited = try #require(h.events(id).last)
        #expect(exited["type"] as? String == "exited")
        #expect(exited["reason"] as? String == "unhealthy")
        #expect(exited["exit_code"] as? Int == code)
        #expect(statuses(id) == ["starting", "unhealthy"])
    }

    @Test func healthEventsReachEverySinkInOrderAndAClosedListenerDisturbsNothing() throws {
        defer { h.cleanUp() }
        let listener = try UnixListener(path: h.scratch + "/agent.sock")
        let quitter = try UnixListener(path: h.scratch + "/quitter.sock", closeImmediately: true)
        let fdFile = h.scratch + "/fd.jsonl"
        let spec = h.writeSpec(h.spec("sinks", ["sh", "-c", "sleep 0.4; exit 3"], [
            "healthcheck": ["test": ["CMD", "true"], "interval": "30ms"]]))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "exec 7>\"$3\"; exec \"$0\" run --root \"$1\" --data-root \"$2\" --events fd:7 --events unix:\"$4\" --events unix:\"$5\" \"$6\"",
                           Harness.binary, h.root, h.dataRoot, fdFile, listener.path, quitter.path, spec]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 3)
        let expected = ["created", "started", "health_status", "health_status", "exited"]
        func types(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
            }
        }
        #expect(types(listener.received(timeout: 10)) == expected)
        #expect(types(try String(contentsOfFile: fdFile, encoding: .utf8)) == expected)
        #expect(h.events("sinks").compactMap { $0["type"] as? String } == expected)
        #expect(statuses("sinks") == ["starting", "healthy"])
    }
}
