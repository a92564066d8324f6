import Foundation
import Testing

/// Detached tasks and the verbs around them: list, state, events, logs,
/// exec, kill, stop, delete.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct LifecycleTests {
    let h = Harness()

    private func detach(_ id: String, _ command: [String], _ extra: [String: Any] = [:], flags: [String] = []) -> Harness.Result {
        h.taskexec(["run", "--detach"] + flags + [h.writeSpec(h.spec(id, command, extra))])
    }

    @Test func detachedTaskIsListedStatedAndDeleted() throws {
        defer { h.cleanUp() }
        let started = detach("det", ["sh", "-c", "echo out; echo err >&2; exec sleep 60"])
        #expect(started.code == 0, "\(started.stderr)")
        #expect(started.stdout == "det\n")

        let state = try #require(h.state("det"))
        #expect(state["status"] as? String == "running")
        let pid = try #require(state["pid"] as? Int)
        #expect(kill(Int32(pid), 0) == 0)

        let list = h.taskexec(["list", "--format", "json"])
        let tasks = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(tasks?.first?["id"] as? String == "det")
        #expect(tasks?.first?["status"] as? String == "running")
        #expect(h.taskexec(["list"]).stdout.contains("det "))

        #expect(Harness.eventually { h.taskexec(["logs", "det"]).stdout == "out\n" })
        #expect(h.taskexec(["logs", "det"]).stderr == "err\n")
        let raw = try String(contentsOfFile: h.dataRoot + "/tasks/det/log.json", encoding: .utf8)
        #expect(raw.contains(#""log":"out\n","stream":"stdout","time":""#))

        let refused = h.taskexec(["delete", "det"])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("is running"))

        #expect(h.taskexec(["stop", "--time", "1", "det"]).code == 0)
        #expect(h.state("det")?["status"] as? String == "stopped")
        #expect(kill(Int32(pid), 0) != 0)
        let types = h.events("det").compactMap { $0["type"] as? String }
        #expect(types == ["created", "started", "stopping", "exited"])
        #expect(h.events("det").last?["exit_code"] as? Int == 137)

        #expect(h.taskexec(["delete", "det"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: h.root + "/det"))
        #expect(!FileManager.default.fileExists(atPath: h.dataRoot + "/tasks/det"))
        #expect(h.taskexec(["state", "det"]).code == 1)
    }

    /// `config` prints the OCI config run would build (what make bench
    /// gives runc) and creates nothing; a bad spec is exit 2.
    @Test func configPrintsTheOCIConfigAndCreatesNothing() throws {
        defer { h.cleanUp() }
        let printed = h.taskexec(["config", h.writeSpec(h.spec("cfg", ["sleep", "1"], ["user": "app", "resources": ["memory": "64m"]]))])
        #expect(printed.code == 0, "\(printed.stderr)")
        let config = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        let process = try #require(config["process"] as? [String: Any])
        #expect(process["args"] as? [String] == ["sleep", "1"])
        #expect((process["user"] as? [String: Any])?["uid"] as? Int != 0)   // "app" resolved in the image
        let linux = try #require(config["linux"] as? [String: Any])
        #expect(((linux["resources"] as? [String: Any])?["memory"] as? [String: Any])?["limit"] as? Int == 64 << 20)
        #expect(((linux["seccomp"] as? [String: Any])?["syscalls"] as? [Any])?.isEmpty == false)
        #expect(!FileManager.default.fileExists(atPath: h.root + "/cfg"))
        #expect(h.taskexec(["list", "--format", "json"]).stdout.contains("cfg") == false)

        let bad = h.taskexec(["config", h.writeSpec(h.spec("cfg", [], [:]))])
        #expect(bad.code == 2 && bad.stderr.contains("command"), "\(bad)")
    }

    @Test func execRunsInsideWithTheTasksUserEnvAndWorkdir() throws {
        defer { h.cleanUp() }
        #expect(detach("ex", ["sleep", "60"], ["user": "app", "env": ["FROM_SPEC=1"], "workdir": "/home/app", "hostname": "exhost"]).code == 0)
        let inside = h.taskexec(["exec", "ex", "--", "sh", "-c", "id -u; echo $FROM_SPEC; pwd; hostname; cat /proc/1/cmdline | tr '\\0' ' '"])
        #expect(inside.code == 0, "\(inside.stderr)")
        #expect(inside.stdout == "1000\n1\n/home/app\nexhost\nsleep 60 ")

        let overridden = h.taskexec(["exec", "-u", "root", "-e", "EXTRA=2", "-w", "/tmp", "ex", "--", "sh", "-c", "id -u; echo $EXTRA; pwd"])
        #expect(overridden.stdout == "0\n2\n/tmp\n", "\(overridden.stderr)")

        #expect(h.taskexec(["exec", "ex", "--", "sh", "-c", "exit 42"]).code == 42)
        let missing = h.taskexec(["exec", "ex", "--", "nosuch"])
        #expect(missing.code == 127)
        #expect(missing.stderr.contains("exec \"nosuch\": no such file or directory"))
    }

    @Test func execProcessCannotSeeTaskexecsDescriptors() throws {
        defer { h.cleanUp() }
        #expect(detach("fds", ["sleep", "60"]).code == 0)
        let result = h.taskexec(["exec", "fds", "--", "ls", "/proc/self/fd"])
        // 0, 1, 2 and the fd ls itself opens for the directory.
        #expect(result.stdout.split(separator: "\n").count <= 4, "\(result.stdout)")
    }

    @Test func killSendsTheSignal() throws {
        defer { h.cleanUp() }
        #expect(detach("killme", ["sh", "-c", "trap 'exit 12' USR1; while true; do sleep 0.05; done"]).code == 0)
        usleep(200_000)
        #expect(h.taskexec(["kill", "killme", "SIGUSR1"]).code == 0)
        #expect(Harness.eventually { h.state("killme")?["status"] as? String == "stopped" })
        #expect(h.state("killme")?["exit_code"] as? Int == 12)
        #expect(h.taskexec(["kill", "killme"]).code == 1)
        #expect(h.taskexec(["kill", "killme", "SIGNOPE"]).code == 2)
    }

    @Test func stopGivesTheGracePeriodThenKills() throws {
        defer { h.cleanUp() }
        // sh as pid 1 ignores SIGTERM without a trap: after the grace period, SIGKILL.
        #expect(detach("grace", ["sleep", "60"], ["stop_grace_period": "300ms"]).code == 0)
        let started = Date()
        #expect(h.taskexec(["stop", "grace"]).code == 0)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.3)
        #expect(h.state("grace")?["exit_code"] as? Int == 137)
        #expect(h.state("grace")?["signal"] as? String == "SIGKILL")

        // A task that handles its stop signal exits by itself, with its own code.
        #expect(detach("polite", ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.05; done"],
                       ["stop_grace_period": "30s"]).code == 0)
        usleep(200_000)
        #expect(h.taskexec(["stop", "polite"]).code == 0)
        #expect(h.state("polite")?["exit_code"] as? Int == 0)
        let exited = h.events("polite").last
        #expect(exited?["type"] as? String == "exited")
        #expect(exited?["reason"] as? String == "stopped")
    }

    @Test func stopSignalFromTheSpec() throws {
        defer { h.cleanUp() }
        #expect(detach("usr2", ["sh", "-c", "trap 'exit 5' USR2; while true; do sleep 0.05; done"],
                       ["stop_signal": "USR2"]).code == 0)
        usleep(200_000)
        #expect(h.taskexec(["stop", "usr2"]).code == 0)
        #expect(h.state("usr2")?["exit_code"] as? Int == 5)
        #expect(h.events("usr2").first { $0["type"] as? String == "stopping" }?["signal"] as? String == "SIGUSR2")
    }

    @Test func sigtermToForegroundRunIsAGracefulStop() throws {
        defer { h.cleanUp() }
        let spec = h.writeSpec(h.spec("fgstop", ["sh", "-c", "trap 'echo got-term; exit 9' TERM; while true; do sleep 0.05; done"]))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = ["run", "--root", h.root, "--data-root", h.dataRoot, spec]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        #expect(Harness.eventually { h.state("fgstop")?["status"] as? String == "running" })
        usleep(200_000)
        process.interrupt()   // SIGINT, as Ctrl-C
        process.waitUntilExit()
        #expect(process.terminationStatus == 9)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "got-term\n")
    }

    @Test func supervisorKilledTakesTheTaskWithItAndDeleteCleansUp() throws {
        defer { h.cleanUp() }
        let marker = "4242.\(Int.random(in: 1000...9999))"
        #expect(detach("orphan", ["sleep", marker]).code == 0)
        let state = try #require(h.state("orphan"))
        let supervisor = try #require(state["supervisor_pid"] as? Int)
        #expect(HostSnapshot.processes(mentioning: marker).count == 1)

        #expect(kill(Int32(supervisor), SIGKILL) == 0)
        #expect(Harness.eventually { HostSnapshot.processes(mentioning: marker).isEmpty })
        #expect(h.state("orphan")?["status"] as? String == "stopped")
        #expect(h.taskexec(["list"]).stdout.contains("stopped"))
        #expect(h.taskexec(["delete", "orphan"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: h.root + "/orphan"))
        #expect(!FileManager.default.fileExists(atPath: h.dataRoot + "/tasks/orphan"))
    }

    @Test func eventsGoToTheConfiguredSinks() throws {
        defer { h.cleanUp() }
        let file = h.scratch + "/events.jsonl"
        let result = h.run("sinks", ["true"], flags: ["--events", "file:\(file)", "--events", "unix:/nonexistent/agent.sock"])
        #expect(result.code == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let events = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.map { $0["type"] as? String } == ["created", "started", "exited"])
        #expect(events.allSatisfy { $0["id"] as? String == "sinks" && ($0["time"] as? String)?.hasSuffix("Z") == true })
        #expect(events.last?["exit_code"] as? Int == 0)
        #expect(h.events("sinks").count == 3)
    }

    @Test func eventsAndLogsFollowUntilTheTaskEnds() throws {
        defer { h.cleanUp() }
        #expect(detach("follow", ["sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.1; done"]).code == 0)
        let logs = h.taskexec(["logs", "--follow", "follow"], timeout: 20)
        #expect(logs.stdout == "line1\nline2\nline3\n")
        let events = h.taskexec(["events", "--follow", "follow"], timeout: 20)
        #expect(events.stdout.split(separator: "\n").last?.contains("\"exited\"") == true)
        #expect(h.taskexec(["logs", "--tail", "1", "follow"]).stdout == "line3\n")
    }

    @Test func duplicateIdIsRefused() {
        defer { h.cleanUp() }
        #expect(detach("dup", ["sleep", "30"]).code == 0)
        let second = detach("dup", ["true"])
        #expect(second.code == 125)
        #expect(second.stderr.contains("task dup already exists"))
        #expect(h.state("dup")?["status"] as? String == "running")
    }
}
