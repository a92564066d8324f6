import Foundation
import OCISpec
import Testing
@testable import Runtime

/// Every controller of both drivers, writing into a temporary directory
/// that stands in for a cgroup: no root, no kernel.
@Suite struct CgroupControllerTests {
    let dir: CgroupDirectory
    let journal = WriteJournal()

    /// A stand-in for a cgroup: the control files the kernel would offer.
    init() throws {
        let path = NSTemporaryDirectory() + "cgroup-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        dir = CgroupDirectory(path, journal: journal)
        for name in ["cpu.max", "memory.max", "pids.max", "cpu.cfs_period_us", "cpu.cfs_quota_us", "memory.limit_in_bytes"] {
            FileManager.default.createFile(atPath: path + "/" + name, contents: Data("max".utf8))
        }
    }

    func file(_ name: String) -> String? { dir.read(name) }

    func seed(_ files: [String: String]) {
        for (name, value) in files { FileManager.default.createFile(atPath: dir.path + "/" + name, contents: Data(value.utf8)) }
    }

    @Test func limitsFromOCIResources() {
        let resources = OCILinuxResources(memory: OCIMemory(limit: 64 << 20, swap: -1), cpu: OCICPU(quota: 50_000, period: 100_000),
                                          pids: OCIPids(limit: 20))
        #expect(CgroupLimits(resources) == CgroupLimits(cpuQuota: 50_000, memory: 64 << 20, memorySwap: -1, pids: 20))
        #expect(CgroupLimits(nil) == CgroupLimits())
    }

    @Test func cpuV2() throws {
        try CPUControllerV2.apply(CgroupLimits(cpuQuota: 150_000), to: dir)
        #expect(file("cpu.max") == "150000 100000")
        try CPUControllerV2.apply(CgroupLimits(), to: dir)
        #expect(file("cpu.max") == "max 100000")
        seed(["cpu.stat": "usage_usec 1234\nuser_usec 1000\n"])
        #expect(CPUControllerV2.usageMicroseconds(dir) == 1234)
    }

    @Test func memoryV2SwapIsTheRestOfTheTotal() throws {
        seed(["memory.swap.max": "max"])
        try MemoryControllerV2.apply(CgroupLimits(memory: 256, memorySwap: 512), to: dir)
        #expect(file("memory.max") == "256")
        #expect(file("memory.swap.max") == "256")
        try MemoryControllerV2.apply(CgroupLimits(memory: 256, memorySwap: 256), to: dir)
        #expect(file("memory.swap.max") == "0")
        try MemoryControllerV2.apply(CgroupLimits(memory: 256, memorySwap: -1), to: dir)
        #expect(file("memory.swap.max") == "max")
        // docker's default: as much swap as memory.
        try MemoryControllerV2.apply(CgroupLimits(memory: 100), to: dir)
        #expect(file("memory.swap.max") == "100")
        try MemoryControllerV2.apply(CgroupLimits(), to: dir)
        #expect(file("memory.max") == "max")
        #expect(file("memory.swap.max") == "max")
    }

    @Test func memoryV2WithoutSwapAccountingWritesOnlyMemory() throws {
        try MemoryControllerV2.apply(CgroupLimits(memory: 256, memorySwap: 512), to: dir)
        #expect(file("memory.max") == "256")
        #expect(!dir.has("memory.swap.max"))
    }

    @Test func memoryV2Counters() {
        seed(["memory.current": "4096\n", "memory.max": "max\n", "memory.events": "low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\n"])
        #expect(MemoryControllerV2.current(dir) == 4096)
        #expect(MemoryControllerV2.limit(dir) == nil)
        #expect(MemoryControllerV2.oomKills(dir) == 1)
    }

    @Test func pids() throws {
        try PidsController.apply(CgroupLimits(pids: 20), to: dir)
        #expect(file("pids.max") == "20")
        for unlimited in [nil, 0, -1] as [Int64?] {
            try PidsController.apply(CgroupLimits(pids: unlimited), to: dir)
            #expect(file("pids.max") == "max")
        }
    }

    @Test func cpuV1() throws {
        try CPUControllerV1.apply(CgroupLimits(cpuQuota: 50_000), to: dir)
        #expect(file("cpu.cfs_period_us") == "100000")
        #expect(file("cpu.cfs_quota_us") == "50000")
        try CPUControllerV1.apply(CgroupLimits(), to: dir)
        #expect(file("cpu.cfs_quota_us") == "-1")
        seed(["cpuacct.usage": "5000000"])
        #expect(CPUControllerV1.usageMicroseconds(dir) == 5000)
    }

    /// Records the order of writes by making each file a FIFO-free log:
    /// the v1 memory controller must write memsw first exactly when the new
    /// memory limit would not fit under the current memsw.
    @Test(arguments: [
        // (current memsw, new memory, new total, memsw written first?)
        ("134217728", Int64(256 << 20), Int64(512 << 20), true),    // raising both (moby#22167)
        ("536870912", Int64(32 << 20), Int64(48 << 20), false),     // lowering both
        ("134217728", Int64(64 << 20), Int64(-1), true),            // swap unlimited (moby#39541)
        ("9223372036854771712", Int64(32 << 20), Int64(64 << 20), false), // from unlimited
    ])
    func memoryV1WriteOrder(currentTotal: String, memory: Int64, total: Int64, memswFirst: Bool) throws {
        seed(["memory.memsw.limit_in_bytes": currentTotal, "memory.limit_in_bytes": "67108864"])
        try MemoryControllerV1.apply(CgroupLimits(memory: memory, memorySwap: total), to: dir)
        let first = journal.files.first { $0.hasPrefix("memory.") }
        #expect((first == "memory.memsw.limit_in_bytes") == memswFirst)
        #expect(file("memory.limit_in_bytes") == String(memory))
        #expect(file("memory.memsw.limit_in_bytes") == (total < 0 ? "-1" : String(total)))
    }

    @Test func memoryV1WithoutMemswWritesOnlyTheLimit() throws {
        try MemoryControllerV1.apply(CgroupLimits(memory: 1 << 20, memorySwap: 2 << 20), to: dir)
        #expect(file("memory.limit_in_bytes") == "1048576")
        #expect(journal.files == ["memory.limit_in_bytes"])
        #expect(!dir.has("memory.memsw.limit_in_bytes"))
        seed(["memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "memory.usage_in_bytes": "100"])
        #expect(MemoryControllerV1.oomKills(dir) == 2)
        #expect(MemoryControllerV1.current(dir) == 100)
    }

    @Test func writeErrorsNameTheFileAndValue() {
        let missing = CgroupDirectory(dir.path + "/nonexistent")
        do {
            try missing.write("pids.max", "20")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "write \(missing.path)/pids.max \"20\": no such file or directory")
        }
    }

    @Test func v2DriverCreatesLevelsAndDelegatesControllers() throws {
        seed(["cgroup.controllers": "cpuset cpu io memory pids", "cgroup.subtree_control": "cpu memory pids"])
        // Stand-in kernel files for the levels the driver makes.
        let driver = CgroupV2Driver(root: dir.path)
        try FileManager.default.createDirectory(atPath: dir.path + "/parent/taskexec", withIntermediateDirectories: true)
        for level in ["parent", "parent/taskexec"] {
            FileManager.default.createFile(atPath: "\(dir.path)/\(level)/cgroup.controllers", contents: Data("cpu memory pids".utf8))
            FileManager.default.createFile(atPath: "\(dir.path)/\(level)/cgroup.subtree_control", contents: Data())
        }
        let cgroup = try driver.create("parent/taskexec/t1")
        #expect(cgroup.relativePath == "parent/taskexec/t1")
        #expect(cgroup.cloneTarget != nil)
        #expect(CgroupDirectory(dir.path + "/parent/taskexec").read("cgroup.subtree_control") == "+cpu +memory +pids")
        // The root's is never written.
        #expect(file("cgroup.subtree_control") == "cpu memory pids")
        #expect(driver.open("parent/taskexec/t1") != nil)
        // A second task with the same cgroup is refused, not merged.
        #expect(throws: RuntimeError.self) { try driver.create("parent/taskexec/t1") }
        #expect(driver.open("parent/taskexec/none") == nil)
    }

    @Test func v1DriverNeedsEveryController() throws {
        let driver = CgroupV1Driver(mounts: ["cpu": dir.path + "/cpu", "memory": dir.path + "/memory"])
        #expect(throws: RuntimeError.self) { try driver.create("taskexec/t1") }
    }
}
