import OCISpec

/// The limits a task's cgroup enforces, from the OCI `linux.resources` the
/// runtime consumes. Every field nil means "no limit".
public struct CgroupLimits: Codable, Sendable, Equatable {
    public static let defaultPeriod: UInt64 = 100_000

    /// CPU time per period, in µs (`cpus` × period).
    public var cpuQuota: Int64?
    public var cpuPeriod: UInt64 = CgroupLimits.defaultPeriod
    public var memory: Int64?
    /// docker's meaning: memory + swap in total; -1 unlimited. nil with a
    /// memory limit means as much swap as memory (docker's default).
    public var memorySwap: Int64?
    /// nil, 0 or -1: unlimited.
    public var pids: Int64?
    /// Relative CPU weight, v1 `cpu.shares` (2–262144); on v2 `cpu.weight`
    /// by runc's conversion. nil: left as it is.
    public var cpuShares: UInt64?
    /// Soft memory limit: v1 `memory.soft_limit_in_bytes`, v2 `memory.low`. nil: left as it is.
    public var memoryReservation: Int64?
    /// CPUs and memory nodes the tasks may use (`0-3,6`): `cpuset.cpus`, `cpuset.mems`.
    public var cpusetCpus: String?
    public var cpusetMems: String?
    /// v1 `cpu.rt_runtime_us` and `cpu.rt_period_us` (v2 has no realtime group scheduling).
    public var cpuRealtimeRuntime: Int64?
    public var cpuRealtimePeriod: UInt64?
    /// v1 `memory.swappiness` and `memory.oom_control` (v2 has neither: ignored there, as runc does).
    public var memorySwappiness: UInt64?
    public var disableOOMKiller: Bool?
    /// Weights and throttles: v1 blkio, v2 io.
    public var blockIO: OCIBlockIO?
    /// Per page size ("2MB"): v1 `hugetlb.SIZE.limit_in_bytes`, v2 `hugetlb.SIZE.max`.
    public var hugepageLimits: [OCIHugepageLimit]?

    public init(cpuQuota: Int64? = nil, cpuPeriod: UInt64 = CgroupLimits.defaultPeriod, memory: Int64? = nil,
                memorySwap: Int64? = nil, pids: Int64? = nil) {
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
        self.memory = memory
        self.memorySwap = memorySwap
        self.pids = pids
    }

    public init(_ resources: OCILinuxResources?) {
        if let resources { merge(resources) }
    }

    /// runc's reading of `linux.resources`: no swap given means swap is not
    /// limited (docker's "twice the memory" is the task spec's default only).
    public init(oci resources: OCILinuxResources?) {
        self.init(resources)
        if memory != nil && memorySwap == nil { memorySwap = -1 }
    }

    /// The fields `resources` names replace the current ones (`update`'s
    /// meaning; a limit of 0 or less means none). Device rules are not
    /// limits: the caller applies them.
    public mutating func merge(_ resources: OCILinuxResources) {
        if let memory = resources.memory {
            if let limit = memory.limit { self.memory = limit > 0 ? limit : nil }
            if let swap = memory.swap { memorySwap = swap }
            if let reservation = memory.reservation { memoryReservation = reservation > 0 ? reservation : nil }
            if let swappiness = memory.swappiness { memorySwappiness = swappiness }
            if let disable = memory.disableOOMKiller { disableOOMKiller = disable }
            // kernel and kernelTCP: accepted and ignored, as runc does (the kernel dropped them).
        }
        if let cpu = resources.cpu {
            if let quota = cpu.quota { cpuQuota = quota > 0 ? quota : nil }
            if let period = cpu.period, period > 0 { cpuPeriod = period }
            if let shares = cpu.shares, shares > 0 { cpuShares = shares }
            if let cpus = cpu.cpus, !cpus.isEmpty { cpusetCpus = cpus }
            if let mems = cpu.mems, !mems.isEmpty { cpusetMems = mems }
            if let runtime = cpu.realtimeRuntime { cpuRealtimeRuntime = runtime }
            if let period = cpu.realtimePeriod { cpuRealtimePeriod = period }
        }
        if let pids = resources.pids { self.pids = pids.limit }
        if let blockIO = resources.blockIO { self.blockIO = blockIO }
        if let hugepages = resources.hugepageLimits, !hugepages.isEmpty { hugepageLimits = hugepages }
    }

    /// The total of memory and swap to enforce, or nil for none (-1 unlimited).
    var swapTotal: Int64? {
        guard let memory else { return nil }
        return memorySwap ?? memory * 2
    }

    enum CodingKeys: String, CodingKey {
        case cpuQuota = "cpu_quota", cpuPeriod = "cpu_period", memory, memorySwap = "memory_swap", pids = "pids_limit"
        case cpuShares = "cpu_shares", memoryReservation = "memory_reservation"
        case cpusetCpus = "cpuset_cpus", cpusetMems = "cpuset_mems"
        case cpuRealtimeRuntime = "cpu_rt_runtime", cpuRealtimePeriod = "cpu_rt_period"
        case memorySwappiness = "memory_swappiness", disableOOMKiller = "oom_kill_disable"
        case blockIO = "block_io", hugepageLimits = "hugepage_limits"
    }
}

/// What `taskexec stats` shows, read from the cgroup files.
public struct CgroupStats: Codable, Sendable, Equatable {
    public var cpuUsageMicroseconds: UInt64?
    public var memoryCurrent: UInt64?
    /// nil: unlimited.
    public var memoryLimit: UInt64?
    public var pidsCurrent: UInt64?
    public var pidsLimit: UInt64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case cpuUsageMicroseconds = "cpu_usage_usec", memoryCurrent = "memory_current", memoryLimit = "memory_limit"
        case pidsCurrent = "pids_current", pidsLimit = "pids_limit"
    }
}
