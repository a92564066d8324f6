import Foundation
import Testing

/// Resource limits as the kernel enforces them, on whichever cgroup version
/// the host has: v1 here, v2 in the VM (`make test-vm`).
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct CgroupTests {
    let h = Harness()

    private func detach(_ id: String, _ command: [String], _ extra: [String: Any]) -> Harness.Result {
        h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent, h.writeSpec(h.spec(id, command, extra))])
    }

    private func path(_ id: String) -> String { "\(h.cgroupParent)/taskexec/\(id)" }

    private func stats(_ id: String) -> [String: Any] {
        let result = h.taskexec(["stats", "--format", "json", id])
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func limitsAreInTheCgroupBeforeTheTaskRunsAndTheTaskIsInIt() throws {
        defer { h.cleanUp() }
        #expect(detach("live", ["sleep", "30"], ["resources": ["cpus": 0.5, "memory": "64m", "memory_swap": "64m", "pids_limit": 20]]).code == 0)
        #expect(CgroupFiles.read(path("live"), v2: "cpu.max", v1: ("cpu", "cpu.cfs_quota_us")) == (CgroupFiles.isV2 ? "50000 100000" : "50000"))
        #expect(CgroupFiles.read(path("live"), v2: "memory.max", v1: ("memory", "memory.limit_in_bytes")) == "67108864")
        #expect(CgroupFiles.read(path("live"), v2: "pids.max", v1: ("pids", "pids.max")) == "20")
        let pid = try #require(h.state("live")?["pid"] as? Int)
        let procs = CgroupFiles.read(path("live"), v2: "cgroup.procs", v1: ("memory", "cgroup.procs"))
        #expect(procs?.split(separator: "\n").contains(Substring(String(pid))) == true)
        // Inside its own cgroup namespace the task sees itself at the root; an
        // exec'd process too, so it is in the task's cgroup (else "/..").
        let inside = h.taskexec(["exec", "live", "--", "cat", "/proc/self/cgroup"])
        let lines = inside.stdout.split(separator: "\n").filter { $0.contains(":memory:") || $0.hasPrefix("0::") }
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasSuffix(":/") }, "\(inside.stdout)")
    }

    @Test func aMemoryHogIsOOMKilledAndSaysSo() throws {
        defer { h.cleanUp() }
        // tail keeps the "line" it reads from /dev/zero, which never ends.
        let result = h.run("hog", ["tail", "/dev/zero"], ["resources": ["memory": "32m", "memory_swap": "32m"]])
        #expect(result.code == 137)
        let events = h.events("hog")
        #expect(events.map { $0["type"] as? String }.suffix(2) == ["oom", "exited"])
        #expect(events.last?["oom_killed"] as? Bool == true)
        #expect(h.state("hog")?["oom_killed"] as? Bool == true)
    }

    @Test func halfACPUIsAboutHalfACPU() throws {
        defer { h.cleanUp() }
        #expect(detach("spin", ["sh", "-c", "while :; do :; done"], ["resources": ["cpus": 0.5]]).code == 0)
        usleep(300_000)
        let before = try #require(stats("spin")["cpu_usage_usec"] as? Int)
        let started = Date()
        usleep(2_000_000)
        let after = try #require(stats("spin")["cpu_usage_usec"] as? Int)
        let share = Double(after - before) / 1e6 / Date().timeIntervalSince(started)
        // The quota caps it near 0.5; the lower bound only shows it ran (other
        // suites share the 2 cores meanwhile).
        #expect(share > 0.2 && share < 0.65, "used \(share) of a CPU")
    }

    /// The fork loop runs through `exec`, so it also shows exec'd processes
    /// count against the task's limit (busybox sh as pid 1 would exit on the
    /// first failed fork and end the task).
    @Test func aForkLoopCannotPassThePidsLimit() throws {
        defer { h.cleanUp() }
        #expect(detach("forks", ["sleep", "60"], ["resources": ["pids_limit": 20]]).code == 0)
        let loop = h.taskexec(["exec", "forks", "--", "sh", "-c", "i=0; while [ $i -lt 60 ]; do sleep 30 & i=$((i+1)); done; wait"])
        #expect(loop.code != 0)
        #expect(loop.stderr.contains("can't fork"), "\(loop.stderr)")
        let current = try #require(stats("forks")["pids_current"] as? Int)
        #expect(current >= 15 && current <= 20, "\(current) tasks")
        #expect(stats("forks")["pids_limit"] as? Int == 20)
    }

    @Test func updateRaisesAndLowersLimitsLive() throws {
        defer { h.cleanUp() }
        #expect(detach("upd", ["sleep", "60"], ["resources": ["cpus": 0.5, "memory": "64m", "memory_swap": "128m"]]).code == 0)
        func memory() -> String? { CgroupFiles.read(path("upd"), v2: "memory.max", v1: ("memory", "memory.limit_in_bytes")) }
        // Raising both (moby#22167), lowering both, then unlimited swap (moby#39541).
        let raise = h.taskexec(["update", "upd", "--memory", "256m", "--memory-swap", "512m", "--cpus", "1.5"])
        #expect(raise.code == 0, "\(raise.stderr)")
        #expect(memory() == "268435456")
        #expect(CgroupFiles.read(path("upd"), v2: "cpu.max", v1: ("cpu", "cpu.cfs_quota_us")) == (CgroupFiles.isV2 ? "150000 100000" : "150000"))
        let lower = h.taskexec(["update", "upd", "--memory", "32m", "--memory-swap", "48m"])
        #expect(lower.code == 0, "\(lower.stderr)")
        #expect(memory() == "33554432")
        let unlimited = h.taskexec(["update", "upd", "--memory-swap", "-1"])
        #expect(unlimited.code == 0, "\(unlimited.stderr)")
        let resources = try #require(h.state("upd")?["resources"] as? [String: Any])
        #expect(resources["memory"] as? Int == 33_554_432)
        #expect(resources["memory_swap"] as? Int == -1)
        #expect(resources["cpu_quota"] as? Int == 150_000)
        let updated = h.events("upd").filter { $0["type"] as? String == "updated" }
        #expect(updated.count == 3)
        #expect((updated.first?["resources"] as? [String: Any])?["cpus"] as? Double == 1.5)
        // docker's checks.
        #expect(h.taskexec(["update", "upd", "--memory", "4m"]).code == 2)
        let refused = h.taskexec(["update", "upd", "--memory", "64m", "--memory-swap", "32m"])
        #expect(refused.code != 0)
        #expect(refused.stderr.contains("should be smaller than the memory-swap limit"))
        #expect(memory() == "33554432")
    }

    @Test func sharesCpusetsAndReservationAreAppliedAndUpdatedLive() throws {
        defer { h.cleanUp() }
        let started = detach("sched", ["sleep", "60"], ["resources": ["cpu_shares": 512, "cpuset_cpus": "0", "memory": "128m",
                                                                    "memory_reservation": "64m"]])
        try #require(started.code == 0, "\(started.stderr)")
        func shares() -> String? { CgroupFiles.read(path("sched"), v2: "cpu.weight", v1: ("cpu", "cpu.shares")) }
        func cpuset() -> String? { CgroupFiles.read(path("sched"), v2: "cpuset.cpus", v1: ("cpuset", "cpuset.cpus")) }
        func reservation() -> String? { CgroupFiles.read(path("sched"), v2: "memory.low", v1: ("memory", "memory.soft_limit_in_bytes")) }
        #expect(shares() == (CgroupFiles.isV2 ? "20" : "512"))
        #expect(cpuset() == "0")
        #expect(reservation() == String(64 << 20))
        let pid = try #require(h.state("sched")?["pid"] as? Int)
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        #expect(status.contains("Cpus_allowed_list:\t0\n"), "the task runs on CPU 0 only: \(status)")

        let update = h.taskexec(["update", "sched", "--cpu-shares", "1024", "--cpuset-cpus", "0-1", "--memory-reservation", "32m"])
        #expect(update.code == 0, "\(update.stderr)")
        #expect(shares() == (CgroupFiles.isV2 ? "39" : "1024"))
        #expect(cpuset() == "0-1")
        #expect(reservation() == String(32 << 20))
        let resources = try #require(h.state("sched")?["resources"] as? [String: Any])
        #expect(resources["cpuset_cpus"] as? String == "0-1" && resources["cpu_shares"] as? Int == 1024, "\(resources)")

        // docker's checks, before anything changes.
        let unavailable = h.taskexec(["update", "sched", "--cpuset-cpus", "0-4095"])
        #expect(unavailable.code == 2 && unavailable.stderr.contains("--cpuset-cpus: requested CPUs are not available"), "\(unavailable.stderr)")
        let tooBig = h.taskexec(["update", "sched", "--memory-reservation", "256m"])
        #expect(tooBig.code != 0 && tooBig.stderr.contains("must not be greater than the memory limit"), "\(tooBig.stderr)")
        #expect(h.taskexec(["update", "sched", "--cpu-shares", "1"]).code == 2)
        #expect(h.taskexec(["update", "sched", "--blkio-weight", "5"]).code == 2)
        #expect(cpuset() == "0-1" && reservation() == String(32 << 20))
    }

    /// The blkio weight needs a kernel whose I/O scheduler weighs cgroups
    /// (v1 blkio.weight or BFQ's; v2 io.weight or io.bfq.weight); where there
    /// is none, the task fails to start naming the file, as with runc.
    @Test func blkioWeightIsAppliedWhereTheKernelHasIt() throws {
        defer { h.cleanUp() }
        let started = detach("io", ["sleep", "60"], ["resources": ["blkio_weight": 300]])
        // The level above the task's, made by this start either way (a root cgroup has no weight files).
        let root = CgroupFiles.isV2 ? "/sys/fs/cgroup/\(h.cgroupParent)/taskexec" : "/sys/fs/cgroup/blkio/\(h.cgroupParent)/taskexec"
        let files = CgroupFiles.isV2 ? ["io.bfq.weight", "io.weight"] : ["blkio.bfq.weight", "blkio.weight"]
        guard let file = files.first(where: { FileManager.default.fileExists(atPath: root + "/" + $0) }) else {
            #expect(started.code != 0 && started.stderr.contains(files.last!), "\(started.stderr)")
            #expect(CgroupFiles.taskCgroups(under: h.cgroupParent).isEmpty)
            return
        }
        try #require(started.code == 0, "\(started.stderr)")
        let value = (try? String(contentsOfFile: "/sys/fs/cgroup/\(CgroupFiles.isV2 ? "" : "blkio/")\(path("io"))/\(file)", encoding: .utf8)) ?? ""
        // io.weight takes runc's conversion of 300: 1 + (300 - 10) * 9999 / 990.
        #expect(value.contains(file == "io.weight" ? "default 2930" : "300"), "\(file): \(value)")
    }

    /// 50 rounds; fewer under the VM's software emulation (TASKEXEC_TEST_CYCLES).
    @Test func fiftyLimitedTasksLeaveNoCgroupBehind() throws {
        defer { h.cleanUp() }
        let spec = h.writeSpec(h.spec("many", ["true"], ["resources": ["memory": "32m", "pids_limit": 10, "cpus": 0.5]]))
        let rounds = Int(ProcessInfo.processInfo.environment["TASKEXEC_TEST_CYCLES"] ?? "") ?? 50
        for round in 0..<rounds {
            let run = h.taskexec(["run", "--cgroup-parent", h.cgroupParent, spec])
            #expect(run.code == 0, "round \(round): \(run.stderr)")
            #expect(h.taskexec(["delete", "many"]).code == 0)
        }
        // A failed start and a killed supervisor clean up too.
        #expect(h.run("failed", ["nosuch"], ["resources": ["memory": "32m"]]).code == 127)
        #expect(detach("orphan", ["sleep", "30"], ["resources": ["memory": "32m"]]).code == 0)
        let supervisor = try #require(h.state("orphan")?["supervisor_pid"] as? Int)
        kill(Int32(supervisor), SIGKILL)
        #expect(Harness.eventually { h.state("orphan")?["status"] as? String == "stopped" })
        #expect(h.taskexec(["delete", "orphan"]).code == 0)
        #expect(CgroupFiles.taskCgroups(under: h.cgroupParent) == [])
    }
}
