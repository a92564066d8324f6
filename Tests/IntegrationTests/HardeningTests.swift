import Foundation
import Testing

/// Issue 20: what a hostile image, a hostile task or a careless agent did to
/// the node, each reproduced and checked on the host afterwards.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct HardeningTests {
    let h = Harness()

    /// `delete ..` once removed the whole --root, the data root and a sibling file.
    @Test(arguments: ["..", ".", "../x", "a/b", "/etc", ""])
    func verbsRefuseAnIdThatIsNotAnID(_ id: String) throws {
        defer { h.cleanUp() }
        // A state.json in the parent of --root, as in the attack.
        let root = h.root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let sibling = h.scratch + "/state.json"
        FileManager.default.createFile(atPath: sibling, contents: Data("{}".utf8))
        for verb in [["delete", "--force", id], ["delete", id], ["state", id], ["kill", id], ["stop", id], ["logs", id], ["events", id]] {
            let result = h.taskexec(verb)
            #expect(result.code == 2, "\(verb): \(result.code) \(result.stderr)")
            #expect(result.stderr.contains("invalid id"), "\(verb): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: root))
        #expect(FileManager.default.fileExists(atPath: sibling))
    }

    /// `--cgroup-parent ../..` once made directories outside the cgroup filesystem.
    @Test(arguments: ["../../tmp/escape", "a/../../b", "./x", "slice:prefix:name"])
    func aCgroupParentWithDotDotIsAUsageError(_ parent: String) {
        defer { h.cleanUp() }
        let spec = h.writeSpec(h.spec("cgp", ["true"]))
        let result = h.taskexec(["run", "--cgroup-parent", parent, spec])
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--cgroup-parent"))
        #expect(h.state("cgp") == nil)
        #expect(!FileManager.default.fileExists(atPath: "/sys/fs/tmp/escape") && !FileManager.default.fileExists(atPath: "/tmp/escape"))
    }

    /// A private copy of the busybox fixture the test may change.
    private func imageCopy(_ name: String) throws -> String {
        let rootfs = h.scratch + "/" + name
        #expect(OCILifecycleTests.shell("cp -a \(Harness.busybox) \(rootfs)") == 0)
        return rootfs
    }

    /// The image's /etc/passwd was read on the host without bound: a FIFO hung
    /// the supervisor, a sparse 50 GB file grew it by gigabytes.
    @Test(arguments: ["fifo", "sparse", "device"])
    func aHostilePasswdFileFailsTheStartAtOnce(_ kind: String) throws {
        defer { h.cleanUp() }
        let rootfs = try imageCopy("passwd-\(kind)")
        let passwd = rootfs + "/etc/passwd"
        try FileManager.default.removeItem(atPath: passwd)
        switch kind {
        case "fifo": #expect(mkfifo(passwd, 0o644) == 0)
        case "sparse": #expect(OCILifecycleTests.shell("truncate -s 50G \(passwd)") == 0)
        default: #expect(mknod(passwd, S_IFCHR | 0o644, 1 << 8 | 5) == 0)   // /dev/zero's numbers
        }
        var spec = h.spec("passwd-\(kind)", ["true"], ["user": "app"])
        spec["rootfs"] = rootfs
        let started = Date()
        let result = h.taskexec(["run", h.writeSpec(spec)], timeout: 30 * Harness.timeScale)
        #expect(Date().timeIntervalSince(started) < 10 * Harness.timeScale, "no hang")
        #expect(result.code != 0)
        #expect(result.stderr.contains("/etc/passwd"), "\(result.stderr)")
        #expect(h.state("passwd-\(kind)") == nil)
    }

    /// A running task swaps its /etc/passwd for a FIFO: `exec -u` must not hang.
    @Test func execAsAUserSurvivesAPasswdSwappedForAFIFO() throws {
        defer { h.cleanUp() }
        let rootfs = try imageCopy("passwd-swap")
        var spec = h.spec("swap", ["sleep", "60"])
        spec["rootfs"] = rootfs
        #expect(h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent, h.writeSpec(spec)]).code == 0)
        #expect(h.taskexec(["exec", "swap", "--", "sh", "-c", "rm /etc/passwd && mkfifo /etc/passwd"]).code == 0)
        let started = Date()
        let result = h.taskexec(["exec", "-u", "app", "swap", "--", "true"], timeout: 30 * Harness.timeScale)
        #expect(Date().timeIntervalSince(started) < 10 * Harness.timeScale, "no hang")
        #expect(result.code != 0 && result.stderr.contains("/etc/passwd"), "\(result.stderr)")
    }

    private func detach(_ id: String, _ command: [String], _ extra: [String: Any] = [:], flags: [String] = []) -> Harness.Result {
        h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent] + flags + [h.writeSpec(h.spec(id, command, extra))])
    }

    /// A supervisor killed before its first state write left a directory with
    /// only its lock: the id was blocked, `delete --force` said "no such task".
    @Test func aStateDirectoryWithOnlyALockIsListedAndDeletable() throws {
        defer { h.cleanUp() }
        for holder in [true, false] {
            let id = holder ? "orphan" : "remains"
            let directory = h.root + "/" + id
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: directory + "/supervisor.lock", contents: nil)
            // The orphaned supervisor: a process holding the lock, as a slow start would.
            var orphan: Process?
            if holder {
                let process = Process()
                // One process that takes the lock itself (flock(1) would leave it to its child too).
                process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                process.arguments = ["-c", "import fcntl, sys, time; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(600)",
                                     directory + "/supervisor.lock"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                orphan = process
                #expect(Harness.eventually { h.taskexec(["list"]).stdout.contains("damaged (supervisor running)") })
            }
            #expect(h.taskexec(["list"]).stdout.contains(id), "listed")
            #expect(h.taskexec(["state", id]).stderr.contains("delete --force"))
            #expect(h.taskexec(["delete", id]).code == 1, "not without --force")
            let deleted = h.taskexec(["delete", "--force", id])
            #expect(deleted.code == 0, "\(deleted.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory))
            if let orphan {
                #expect(Harness.eventually { !orphan.isRunning }, "the lock holder was killed")
                if orphan.isRunning { orphan.terminate() }
                orphan.waitUntilExit()
            }
            // The id is free again.
            #expect(h.run(id, ["true"]).code == 0)
            #expect(h.taskexec(["delete", id]).code == 0)
        }
    }

    /// A truncated state.json made a running task unmanageable.
    @Test func aCorruptedStateStillEndsAndRemovesItsTask() throws {
        defer { h.cleanUp() }
        #expect(detach("corrupt", ["sleep", "600"]).code == 0)
        let pid = try #require(h.state("corrupt")?["pid"] as? Int)
        let cgroup = "\(h.cgroupParent)/taskexec/corrupt"
        #expect(CgroupFiles.taskCgroups(under: h.cgroupParent).contains("corrupt"))
        try Data("{\"id\": \"corr".utf8).write(to: URL(fileURLWithPath: h.root + "/corrupt/state.json"))
        #expect(h.taskexec(["list"]).stdout.contains("corrupt   damaged (supervisor running)"))
        let deleted = h.taskexec(["delete", "--force", "corrupt"])
        #expect(deleted.code == 0, "\(deleted.stderr)")
        #expect(Harness.eventually { kill(Int32(pid), 0) != 0 }, "the task is gone")
        #expect(!CgroupFiles.taskCgroups(under: h.cgroupParent).contains("corrupt"), "\(cgroup) removed")
        #expect(h.run("corrupt", ["true"]).code == 0, "the id is free again")
    }

    /// A stopped (SIGSTOP) supervisor held `stop` and `delete --force` forever.
    @Test func aFrozenSupervisorTimesOutAndDeleteForceStillCleans() throws {
        defer { h.cleanUp() }
        #expect(detach("frozen", ["sleep", "600"]).code == 0)
        let supervisor = try #require(h.state("frozen")?["supervisor_pid"] as? Int)
        let pid = try #require(h.state("frozen")?["pid"] as? Int)
        kill(Int32(supervisor), SIGSTOP)
        let started = Date()
        let stop = h.taskexec(["kill", "frozen", "KILL"], timeout: 60 * Harness.timeScale)
        #expect(stop.code != 0 && stop.stderr.contains("did not answer"), "\(stop.stderr)")
        #expect(Date().timeIntervalSince(started) < 30 * Harness.timeScale)
        let deleted = h.taskexec(["delete", "--force", "frozen"], timeout: 90 * Harness.timeScale)
        #expect(deleted.code == 0, "\(deleted.stderr)")
        #expect(Harness.eventually { kill(Int32(pid), 0) != 0 && kill(Int32(supervisor), 0) != 0 })
        #expect(!CgroupFiles.taskCgroups(under: h.cgroupParent).contains("frozen"))
    }

    /// A `unix:` destination that never accepts (full backlog) hung `run --detach`.
    @Test func aListenerThatNeverAcceptsDoesNotHoldTheSupervisor() throws {
        defer { h.cleanUp() }
        let path = h.scratch + "/agent.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0 && listen(listener, 0) == 0)
        // Fill the backlog with connections nobody accepts.
        var fillers: [Int32] = []
        defer { for fd in fillers { close(fd) } }
        for _ in 0..<4 {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
            fillers.append(fd)
        }
        let started = Date()
        let result = detach("sink", ["sleep", "600"], flags: ["--events", "unix:" + path])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 10 * Harness.timeScale, "run --detach returned")
        #expect(h.taskexec(["list"]).stdout.contains("sink"))
        let stopStarted = Date()
        #expect(h.taskexec(["stop", "--time", "1", "sink"]).code == 0)
        #expect(Date().timeIntervalSince(stopStarted) < 10 * Harness.timeScale, "stop is not delayed by the sink")
    }

    /// `taskexec run spec | sleep 100000` with a chatty task froze the log,
    /// the health checks, stop and kill.
    @Test func aStalledForegroundReaderNeverFreezesTheSupervisor() throws {
        defer { h.cleanUp() }
        let spec = h.writeSpec(h.spec("chatty", ["sh", "-c", "seq 1 200000; echo done; exec sleep 600"]))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = ["run", "--root", h.root, "--data-root", h.dataRoot, "--cgroup-parent", h.cgroupParent, spec]
        let neverRead = Foundation.Pipe()
        process.standardOutput = neverRead
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { try? neverRead.fileHandleForReading.close() }
        // The whole output reaches the log although nobody reads our stdout.
        #expect(Harness.eventually(timeout: 30 * Harness.timeScale) {
            h.taskexec(["logs", "--tail", "2", "chatty"]).stdout == "200000\ndone\n"
        })
        let started = Date()
        #expect(h.taskexec(["stop", "--time", "1", "chatty"]).code == 0)
        #expect(Date().timeIntervalSince(started) < 10 * Harness.timeScale)
        process.waitUntilExit()
        #expect(process.terminationStatus == 137 || process.terminationStatus == 143, "\(process.terminationStatus)")
    }

    /// A CNI setup of the test's own: the standard plugins by link, plus
    /// `extra` (name → shell script) as further plugins after portmap.
    private func cniSetup(_ extra: [(String, String)]) throws -> (conf: String, bin: String) {
        let bin = h.scratch + "/cni-bin", conf = h.scratch + "/cni-conf"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: conf, withIntermediateDirectories: true)
        for plugin in ["bridge", "host-local", "portmap", "firewall", "loopback"] {
            try FileManager.default.createSymbolicLink(atPath: bin + "/" + plugin, withDestinationPath: "/usr/lib/cni/" + plugin)
        }
        for (name, script) in extra {
            FileManager.default.createFile(atPath: bin + "/" + name, contents: Data(("#!/bin/sh\n" + script).utf8))
            chmod(bin + "/" + name, 0o755)
        }
        let plugins = [#"{"type": "bridge", "bridge": "taskexec0", "isGateway": true, "ipMasq": true, "hairpinMode": true, "#
            + #""ipam": {"type": "host-local", "routes": [{"dst": "0.0.0.0/0"}], "ranges": [[{"subnet": "10.89.0.0/24"}]]}}"#,
            #"{"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}"#] + extra.map { #"{"type": "\#($0.0)"}"# }
        let list = #"{"cniVersion": "1.0.0", "name": "taskexec", "plugins": ["# + plugins.joined(separator: ", ") + "]}"
        FileManager.default.createFile(atPath: conf + "/10-test.conflist", contents: Data(list.utf8))
        return (conf, bin)
    }

    /// A plugin that hung left the task `created` forever.
    @Test func aHangingCNIPluginIsKilledAndTheStartFailsCleanly() throws {
        defer { h.cleanUp() }
        let marker = "7\(Int.random(in: 100_000...999_999))"
        let (conf, bin) = try cniSetup([("hang", "exec sleep \(marker)\n")])
        let spec = h.writeSpec(h.spec("hang", ["sleep", "60"], ["network": "bridge", "ports": [["published": 18091, "target": 80]]]))
        let started = Date()
        // 2 s, stretched where the CPU is emulated (the real plugins before it must have time to answer).
        let timeout = Int(2 * Harness.timeScale)
        let result = h.taskexec(["run", "--cni-conf-dir", conf, "--cni-bin-dir", bin, "--cni-timeout", String(timeout), spec],
                                timeout: 120 * Harness.timeScale)
        #expect(result.code == 125)
        #expect(result.stderr.contains("CNI plugin hang ADD: no answer within \(timeout) s"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30 * Harness.timeScale)
        #expect(HostSnapshot.processes(mentioning: marker).isEmpty, "the plugin's process group is gone")
        #expect(h.state("hang") == nil)
        let after = NetworkCensus()
        #expect(after.rules(mentioning: ["hang"]).isEmpty && after.reservations(of: ["hang"]).isEmpty)
        #expect(HostSnapshot.mountPoints(of: h).filter { $0.hasPrefix(h.scratch) }.isEmpty, "no pinned namespace left")
    }

    /// SIGKILL of the supervisor during ADD leaked the task's rules, chain and IP.
    @Test func aSupervisorKilledDuringADDLeavesNothingAfterDelete() throws {
        defer { h.cleanUp() }
        let marker = "8\(Int.random(in: 100_000...999_999))"
        let slow = """
            [ "$CNI_COMMAND" = ADD ] || exit 0
            config=$(cat)
            sleep \(marker)
            echo "$config" | python3 -c 'import json, sys; c = json.load(sys.stdin); print(json.dumps(c["prevResult"]))'

            """
        let (conf, bin) = try cniSetup([("slow", slow)])
        let spec = h.writeSpec(h.spec("midadd", ["sleep", "60"], ["network": "bridge", "ports": [["published": 18092, "target": 80]]]))
        let run = Process()
        run.executableURL = URL(fileURLWithPath: Harness.binary)
        run.arguments = ["run", "--detach", "--root", h.root, "--data-root", h.dataRoot, "--cgroup-parent", h.cgroupParent,
                         "--cni-conf-dir", conf, "--cni-bin-dir", bin, spec]
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        // bridge and portmap are done when the slow plugin runs: kill the supervisor then.
        #expect(Harness.eventually(timeout: 60 * Harness.timeScale) { !HostSnapshot.processes(mentioning: marker).isEmpty })
        #expect(NetworkCensus().reservations(of: ["midadd"]).count == 1, "ADD had reserved an address")
        let supervisor = try #require(h.state("midadd")?["supervisor_pid"] as? Int)
        kill(Int32(supervisor), SIGKILL)
        run.waitUntilExit()
        #expect(run.terminationStatus != 0, "run --detach reports the start failed")
        for pid in HostSnapshot.processes(mentioning: marker) { kill(pid, SIGKILL) }
        let deleted = h.taskexec(["delete", "--force", "midadd"])
        #expect(deleted.code == 0, "\(deleted.stderr)")
        let after = NetworkCensus()
        #expect(after.rules(mentioning: ["midadd"]).isEmpty, "\(after.rules(mentioning: ["midadd"]))")
        #expect(after.reservations(of: ["midadd"]).isEmpty)
        #expect(HostSnapshot.mountPoints(of: h).filter { $0.hasPrefix(h.scratch) }.isEmpty, "no pinned namespace left")
    }

    /// A dead task's DNAT rules took a new task's published port.
    @Test func aPortLeftByADeadTaskIsRefusedUntilItIsDeleted() throws {
        defer { h.cleanUp() }
        let ports: [[String: Any]] = [["published": 18094, "target": 80]]
        #expect(detach("dead", ["httpd", "-f", "-p", "80"], ["network": "bridge", "ports": ports]).code == 0)
        let supervisor = try #require(h.state("dead")?["supervisor_pid"] as? Int)
        kill(Int32(supervisor), SIGKILL)
        #expect(Harness.eventually { h.state("dead")?["status"] as? String == "stopped" })
        let refused = detach("new", ["httpd", "-f", "-p", "80"], ["network": "bridge", "ports": ports])
        #expect(refused.code == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("ports[0].published: 18094/tcp is still held by stopped task dead"), "\(refused.stderr)")
        #expect(h.state("new") == nil)
        #expect(h.taskexec(["delete", "dead"]).code == 0)
        let accepted = detach("new", ["httpd", "-f", "-p", "80"], ["network": "bridge", "ports": ports])
        #expect(accepted.code == 0, "\(accepted.stderr)")
    }

    private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// Every file under --root, --data-root and `extra` that holds `needle`.
    private func filesHolding(_ needle: String, extra: [String] = []) -> [String] {
        var found: [String] = []
        for directory in [h.root, h.dataRoot] + extra {
            for file in FileManager.default.enumerator(atPath: directory)?.compactMap({ $0 as? String }) ?? [] {
                let contents = FileManager.default.contents(atPath: directory + "/" + file) ?? Data()
                if contents.range(of: Data(needle.utf8)) != nil { found.append(directory + "/" + file) }
            }
        }
        return found
    }

    /// A probe printing a secret put it into state.json and events.jsonl.
    @Test func aProbeThatPrintsASecretStoresItRedacted() throws {
        defer { h.cleanUp() }
        let secret = "probe-secret-\(UUID().uuidString)"
        #expect(detach("redact", ["sleep", "60"], [
            "secrets": [["name": "token", "data": base64(secret + "\n")]],
            "healthcheck": ["test": ["CMD-SHELL", "cat /run/secrets/token; echo; cat /run/secrets/token"], "interval": "30ms"],
        ], flags: ["--events", "file:\(h.scratch)/agent-events"]).code == 0)
        #expect(Harness.eventually { (h.state("redact")?["health"] as? [String: Any])?["status"] as? String == "healthy" })
        let log = ((h.state("redact")?["health"] as? [String: Any])?["log"] as? [[String: Any]]) ?? []
        let output = log.last?["output"] as? String ?? ""
        #expect(output == "[secret redacted]\n\n[secret redacted]\n", "\(output)")
        #expect(filesHolding(secret, extra: [h.scratch + "/agent-events"]).isEmpty)
    }

    /// A supervisor that crashed with core dumps on wrote the secret to a core file.
    @Test func aCrashingSupervisorLeavesNoCoreWithSecrets() throws {
        defer { h.cleanUp() }
        let secret = "core-secret-\(UUID().uuidString)"
        let directory = h.scratch + "/cwd"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let spec = h.writeSpec(h.spec("crash", ["sleep", "60"], [
            "secrets": [["name": "token", "data": base64(secret)]],
            "healthcheck": ["test": ["CMD", "true"], "interval": "30ms"],
        ]))
        let run = Process()
        run.executableURL = URL(fileURLWithPath: Harness.binary)
        run.arguments = ["run", "--root", h.root, "--data-root", h.dataRoot, "--cgroup-parent", h.cgroupParent, spec]
        run.currentDirectoryURL = URL(fileURLWithPath: directory)
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        #expect(Harness.eventually { (h.state("crash")?["health"] as? [String: Any])?["status"] as? String == "healthy" })
        // Core dumps allowed for it (the soft limit up to the hard one: no privilege needed), then a crash.
        let hard = (try? String(contentsOfFile: "/proc/\(run.processIdentifier)/limits", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("Max core file size") }?.split(separator: " ").dropFirst(5).first.map(String.init)
        #expect(OCILifecycleTests.shell("prlimit --pid \(run.processIdentifier) --core=\(hard ?? "unlimited"):") == 0)
        // SIGXCPU dumps core by default (the Swift runtime catches SIGABRT and SIGSEGV for its backtraces).
        let signals = (try? String(contentsOfFile: "/proc/\(run.processIdentifier)/status", encoding: .utf8))?
            .split(separator: "\n").filter { $0.hasPrefix("Sig") }.joined(separator: " ") ?? ""
        kill(run.processIdentifier, SIGXCPU)
        run.waitUntilExit()
        #expect(run.terminationReason == .uncaughtSignal, "\(signals)")
        let cores = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("core") }
        #expect(cores.isEmpty, "a core file was written: \(cores)")
        #expect(filesHolding(secret, extra: [directory]).isEmpty)
    }

    /// `exec` handed the caller's own descriptors to the task: through
    /// /proc/PID/fd/1 a process there truncated the agent's log file.
    @Test func execGivesPipesNotTheCallersDescriptors() throws {
        defer { h.cleanUp() }
        #expect(detach("pipes", ["sleep", "60"]).code == 0)
        let agentLog = h.scratch + "/agent.log"
        FileManager.default.createFile(atPath: agentLog, contents: Data("keep\n".utf8))
        let exec = Process()
        exec.executableURL = URL(fileURLWithPath: Harness.binary)
        exec.arguments = ["exec", "--root", h.root, "--data-root", h.dataRoot, "pipes", "--",
                          "sh", "-c", "readlink /proc/self/fd/1; : > /proc/self/fd/1; cat; echo to-stderr >&2"]
        let log = try #require(FileHandle(forWritingAtPath: agentLog))
        try log.seekToEnd()
        exec.standardOutput = log
        exec.standardError = log
        let input = Foundation.Pipe()
        exec.standardInput = input
        try exec.run()
        input.fileHandleForWriting.write(Data("from-stdin\n".utf8))
        try input.fileHandleForWriting.close()
        exec.waitUntilExit()
        #expect(exec.terminationStatus == 0)
        let written = try String(contentsOfFile: agentLog, encoding: .utf8)
        #expect(written.hasPrefix("keep\npipe:["), "the agent's file is intact and the task saw a pipe: \(written)")
        #expect(written.contains("from-stdin\n") && written.hasSuffix("to-stderr\n"), "\(written)")
    }

    /// A full disk left a truncated JSON line in the log, an empty event log
    /// without a word, a lost exit code and a temporary file.
    @Test func aFullDiskLosesNoExitAndLeavesNoPartialLineOrTemporary() throws {
        defer { h.cleanUp() }
        let full = h.scratch + "/full"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        #expect(OCILifecycleTests.shell("mount -t tmpfs -o size=256k tmpfs \(full)") == 0)
        defer { _ = OCILifecycleTests.shell("umount -l \(full)") }
        let spec = h.writeSpec(h.spec("full", ["sh", "-c", "yes a-line-of-output | head -c 2000000; exit 7"]))
        let run = Process()
        run.executableURL = URL(fileURLWithPath: Harness.binary)
        run.arguments = ["run", "--root", full + "/run", "--data-root", full + "/lib", "--cgroup-parent", h.cgroupParent,
                         "--events", "file:" + h.scratch + "/agent-events", spec]
        let errors = Foundation.Pipe()
        run.standardOutput = FileHandle.nullDevice
        run.standardError = errors
        try run.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 7, "the task's code: \(stderr)")
        #expect(stderr.contains("log: lines dropped"), "\(stderr)")
        // Whatever reached the disk is whole lines.
        let log = (try? String(contentsOfFile: full + "/lib/tasks/full/log.json", encoding: .utf8)) ?? ""
        for line in log.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "a partial line: \(line.suffix(80))")
        }
        #expect(log.isEmpty || log.hasSuffix("\n"))
        let leftovers = (FileManager.default.enumerator(atPath: full)?.compactMap { $0 as? String } ?? []).filter { $0.contains(".tmp.") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // The agent heard of the exit and of the trouble.
        let events = (try? String(contentsOfFile: h.scratch + "/agent-events", encoding: .utf8)) ?? ""
        #expect(events.contains("\"type\":\"exited\"") && events.contains("\"exit_code\":7"), "\(events)")
        #expect(events.contains("\"type\":\"warning\""))
        _ = OCILifecycleTests.shell("umount -l \(full)")
    }

    /// A bridge task sent raw frames to the host's 127.0.0.1 (route_localnet,
    /// CVE-2020-8558's class) and a loopback-only listener received them.
    @Test func aBridgeTaskCannotReachTheHostsLoopback() throws {
        defer { h.cleanUp() }
        let port: UInt16 = 19_996
        let listener = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(bound == 0)
        let script = "GW=$(ip route | awk '/default/ {print $3}'); SRC=$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1); "
            + "ping -c1 -W1 $GW >/dev/null; MAC=$(ip neigh show $GW | awk '{print $5}'); "
            + "te-probe raw-udp eth0 $MAC $SRC 127.0.0.1 \(port) to-the-host-loopback"
        let result = h.run("localnet", ["sh", "-c", script], ["network": "bridge", "ports": [["published": 18096, "target": 80]]])
        #expect(result.stdout == "sent\n", "\(result.stdout)\(result.stderr)")
        var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        #expect(poll(&entry, 1, Int32(2000 * Harness.timeScale)) == 0, "the host's loopback-only listener received the task's datagram")
    }
}
