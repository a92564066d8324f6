import Foundation
import Testing

/// Exit codes, start failures, bad specs: what `run` returns and what it leaves.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct ExitAndFailureTests {
    let h = Harness()

    @Test(arguments: [
        (["true"], Int32(0)),
        (["sh", "-c", "exit 7"], Int32(7)),
        (["nosuch"], Int32(127)),
        (["/etc/passwd"], Int32(126)),
    ])
    func exitCodes(command: [String], expected: Int32) {
        defer { h.cleanUp() }
        let result = h.run("code", command)
        #expect(result.code == expected, "\(result.stderr)")
    }

    /// (A pid 1 cannot kill itself from inside its pid namespace, so the
    /// signal comes from outside, through `taskexec kill`.)
    @Test func killedBySignalIsRecordedWithItsName() throws {
        defer { h.cleanUp() }
        #expect(h.taskexec(["run", "--detach", h.writeSpec(h.spec("sig", ["sleep", "60"]))]).code == 0)
        #expect(h.taskexec(["kill", "sig", "9"]).code == 0)
        #expect(Harness.eventually { h.state("sig")?["status"] as? String == "stopped" })
        let exited = try #require(h.events("sig").last)
        #expect(exited["exit_code"] as? Int == 137)
        #expect(exited["signal"] as? String == "SIGKILL")
        #expect(exited["oom_killed"] as? Bool == false)
    }

    @Test func commandNotFoundSaysWhichStepAndLeavesNothing() {
        defer { h.cleanUp() }
        let result = h.run("missing", ["nosuch"])
        #expect(result.code == 127)
        #expect(result.stderr == "taskexec: exec \"nosuch\": no such file or directory\n")
        #expect(!FileManager.default.fileExists(atPath: h.root + "/missing"))
        #expect(!FileManager.default.fileExists(atPath: h.dataRoot + "/tasks/missing"))
    }

    @Test func unknownUserFailsTheStartAndLeavesNothing() {
        defer { h.cleanUp() }
        let result = h.run("nouser", ["true"], ["user": "ghost"])
        #expect(result.code == 125)
        #expect(result.stderr.contains("unable to find user ghost"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.root + "/nouser"))
    }

    @Test func detachedStartFailureIsReportedByRun() {
        defer { h.cleanUp() }
        let result = h.taskexec(["run", "--detach", h.writeSpec(h.spec("detfail", ["nosuch"]))])
        #expect(result.code == 127)
        #expect(result.stderr.contains("exec \"nosuch\""))
        #expect(!FileManager.default.fileExists(atPath: h.root + "/detfail"))
    }

    /// Each bad spec exits 2, names the field, and creates nothing at all.
    @Test(arguments: [
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "comand": 1}"#, "comand: unknown field"),
        (#"{"id": "bad id", "rootfs": "ROOTFS", "command": ["true"]}"#, "id:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": []}"#, "command:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "mounts": [{"type": "tmpfs", "target": "rel"}]}"#, "mounts[0].target:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "mounts": [{"type": "tmpfs", "target": "/a"}, {"type": "tmpfs", "target": "/a/"}]}"#, "mounts[1].target:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "mounts": [{"type": "tmpfs", "target": "/a", "size": "lots"}]}"#, "mounts[0].size:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "mounts": [{"type": "bind", "source": "/nonexistent/dir", "target": "/a"}]}"#, "mounts[0].source:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "stop_grace_period": "10 parsecs"}"#, "stop_grace_period:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "readonly_rootfs": "yes"}"#, "readonly_rootfs:"),
        (#"{"id": "x", "rootfs": "/nonexistent/rootfs", "command": ["true"]}"#, "rootfs:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "resources": {"memory": "1m"}}"#, "resources.memory:"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "cap_add": ["NOPE"]}"#, "cap_add[0]: unknown capability"),
        (#"{"id": "x", "rootfs": "ROOTFS", "command": ["true"], "network": "host", "ports": [{"published": 80, "target": 80}]}"#, "ports:"),
        (#"not json"#, "invalid JSON"),
    ])
    func badSpecsExitTwoAndCreateNothing(json: String, message: String) {
        defer { h.cleanUp() }
        let path = h.scratch + "/bad.json"
        FileManager.default.createFile(atPath: path, contents: Data(json.replacingOccurrences(of: "ROOTFS", with: Harness.busybox).utf8))
        let mountsBefore = HostSnapshot.mountPoints()
        let result = h.taskexec(["run", path])
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("taskexec: " + message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.root))
        #expect(!FileManager.default.fileExists(atPath: h.dataRoot))
        #expect(HostSnapshot.mountPoints() == mountsBefore)
    }

    @Test func usageErrorsExitTwo() {
        defer { h.cleanUp() }
        #expect(h.taskexec(["run"]).code == 2)
        #expect(h.taskexec(["run", "--events", "tcp:1.2.3.4", "x.json"]).code == 2)
        #expect(h.taskexec(["stop", "--time", "-1", "x"]).code == 2)
        #expect(h.taskexec(["nosuchverb"]).code == 2)
        #expect(h.taskexec(["exec", "x"]).code == 2)
    }
}
