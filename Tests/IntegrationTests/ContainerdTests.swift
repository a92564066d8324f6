import Foundation
import Testing

/// containerd 1.6 (Debian's) as a real client: `ctr` through the runc v2 shim
/// with taskexec as its runc binary, each scenario also with runc, so the
/// tests check the contract the shim relies on. Every test has a private
/// containerd (ContainerdHarness.swift).
@Suite(.enabled(if: Containerd.canRun, Containerd.skipReason))
struct ContainerdTests {
    @Test(arguments: RuntimeUnderTest.all)
    func runPrintsOutputExitCodeAndHome(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let result = containerd.run(runtime, ["--rm"], id: "run", ["/bin/sh", "-c", "echo hi; echo HOME=$HOME; exit 3"])
        #expect(result.code == 3, "\(result.stderr)")
        #expect(result.stdout == "hi\nHOME=/root\n")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func detachedTaskExecPsPauseMetricsKillAndDelete(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let started = containerd.run(runtime, ["-d"], id: "app", ["/bin/sleep", "1000"])
        try #require(started.code == 0, "\(started.stderr)")

        let exec = containerd.ctr(["task", "exec", "--exec-id", "e1", "app", "/bin/sh", "-c", "echo in; exit 4"])
        #expect(exec.code == 4, "\(exec.stderr)")
        #expect(exec.stdout == "in\n")
        let tty = Containerd.withTerminal(containerd, ["task", "exec", "-t", "--exec-id", "e2", "app",
                                                       "/bin/sh", "-c", "test -t 0 && tty"])
        #expect(tty.stdout.contains("/dev/pts/"), "\(tty.stdout)\(tty.stderr)")

        let ps = containerd.ctr(["task", "ps", "app"])
        #expect(ps.code == 0, "\(ps.stderr)")
        let pid = containerd.taskColumns("app")?[1] ?? "?"
        #expect(ps.stdout.contains("\n\(pid) "), "pid \(pid), ps: \(ps.stdout)")

        #expect(containerd.ctr(["task", "pause", "app"]).code == 0)
        #expect(containerd.status("app") == "PAUSED")
        #expect(containerd.ctr(["task", "resume", "app"]).code == 0)
        #expect(containerd.status("app") == "RUNNING")

        let metrics = containerd.ctr(["task", "metrics", "app"])
        #expect(metrics.code == 0, "\(metrics.stderr)")
        #expect(metrics.stdout.contains("memory") && metrics.stdout.contains("pids"), "\(metrics.stdout)")

        // sleep as pid 1 has no SIGTERM handler: the default kill leaves it running.
        #expect(containerd.ctr(["task", "kill", "app"]).code == 0)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(containerd.status("app") == "RUNNING")
        #expect(containerd.ctr(["task", "kill", "-s", "SIGKILL", "app"]).code == 0)
        #expect(Harness.eventually(timeout: 10) { containerd.status("app") == "STOPPED" })
        // The shim maps the runtime's "not running" to NotFound: ctr says so, exit 1.
        let again = containerd.ctr(["task", "kill", "-s", "SIGKILL", "app"])
        #expect(again.code == 1 && again.stderr.contains("not found"), "\(again.stderr)")
        let deleted = containerd.ctr(["task", "delete", "app"])
        #expect(deleted.code == 0, "\(deleted.stderr)")
        #expect(deleted.stderr.contains("exit code 137"), "\(deleted.stderr)")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func memoryCpuAndSharesReachTheCgroup(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let started = containerd.run(runtime, ["-d", "--memory-limit", "67108864", "--cpus", "0.5", "--cpu-shares", "512"],
                                     id: "limited", ["/bin/sleep", "1000"])
        try #require(started.code == 0, "\(started.stderr)")
        let path = containerd.cgroupPath("limited")
        #expect(CgroupFiles.read(path, v2: "memory.max", v1: ("memory", "memory.limit_in_bytes")) == "67108864")
        let quota = CgroupFiles.isV2 ? "50000 100000" : "50000"
        #expect(CgroupFiles.read(path, v2: "cpu.max", v1: ("cpu", "cpu.cfs_quota_us")) == quota)
        // runc's conversion of 512 shares: 1 + ((512 - 2) * 9999) / 262142 = 20.
        #expect(CgroupFiles.read(path, v2: "cpu.weight", v1: ("cpu", "cpu.shares")) == (CgroupFiles.isV2 ? "20" : "512"))
    }

    @Test(arguments: RuntimeUnderTest.all)
    func aDeviceFlagAllowsThatNodeOnly(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        // /dev/kmsg's numbers (1:11), which docker's default rules do not allow.
        let node = containerd.scratch + "/kmsg"
        try #require(mknod(node, S_IFCHR | 0o600, dev_t(1 << 8 | 11)) == 0, "mknod: \(errno)")
        let allowed = containerd.run(runtime, ["--rm", "--device", node], id: "dev", ["te-probe", "open", node, "w"])
        #expect(allowed.stdout == "open \(node) w ok\n", "\(allowed.stdout)\(allowed.stderr)")
        let denied = containerd.run(runtime, ["--rm"], id: "nodev",
                                    ["/bin/sh", "-c", "te-probe mknod /tmp/kmsg c 1 11 >/dev/null; te-probe open /tmp/kmsg w"])
        #expect(denied.stdout == "open /tmp/kmsg w EPERM\n", "\(denied.stdout)\(denied.stderr)")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func withNsJoinsANetworkNamespace(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let name = "taskexec-ctrd-" + containerd.tag
        try #require(Podman.execute("/usr/sbin/ip", ["netns", "add", name], timeout: 10).code == 0)
        defer { _ = Podman.execute("/usr/sbin/ip", ["netns", "delete", name], timeout: 10) }
        var info = stat()
        try #require(stat("/var/run/netns/" + name, &info) == 0)
        let result = containerd.run(runtime, ["--rm", "--with-ns", "network:/var/run/netns/" + name], id: "ns",
                                    ["readlink", "/proc/self/ns/net"])
        #expect(result.stdout == "net:[\(info.st_ino)]\n", "\(result.stdout)\(result.stderr)")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func ttyRunGivesTheProgramATerminal(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let result = Containerd.withTerminal(containerd, [
            "run", "--rm", "-t", "--snapshotter", "native", "--runc-binary", runtime.path, "--runc-root", containerd.runtimeRoot,
            Containerd.image, "tty", "/bin/sh", "-c", "test -t 0 && tty; exit 6"])
        #expect(result.stdout.contains("/dev/pts/0"), "\(result.stdout)\(result.stderr)")
        #expect(result.code == 6, "\(result.stderr)")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func liveTasksSurviveAContainerdRestart(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let started = containerd.run(runtime, ["-d"], id: "survivor", ["/bin/sleep", "1000"])
        try #require(started.code == 0, "\(started.stderr)")
        containerd.stop()
        try containerd.start()
        #expect(containerd.status("survivor") == "RUNNING")
        let exec = containerd.ctr(["task", "exec", "--exec-id", "after", "survivor", "/bin/echo", "after restart"])
        #expect(exec.code == 0 && exec.stdout == "after restart\n", "\(exec.stdout)\(exec.stderr)")
        #expect(containerd.ctr(["task", "kill", "-s", "SIGKILL", "survivor"]).code == 0)
        #expect(Harness.eventually(timeout: 10) { containerd.status("survivor") == "STOPPED" })
    }
}

extension Containerd {
    /// The task's row in `ctr task ls`: TASK, PID, STATUS.
    func taskColumns(_ id: String) -> [String]? {
        let rows = ctr(["task", "ls"]).stdout.split(separator: "\n")
        let columns = rows.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        return columns.first { $0.first == id }
    }

    func status(_ id: String) -> String? { taskColumns(id)?.last }

    /// `ctr ARGS` with a terminal on its stdin (`-t` needs one): under
    /// util-linux's `script`, whose exit code is the command's.
    static func withTerminal(_ containerd: Containerd, _ arguments: [String]) -> Harness.Result {
        let words: [String] = [ctrBinary, "--address", containerd.socket, "-n", containerd.namespace] + arguments
        let command = words.map { (word: String) -> String in
            "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
        return Podman.execute("/usr/bin/script", ["-qec", command, "/dev/null"], timeout: 60)
    }
}
