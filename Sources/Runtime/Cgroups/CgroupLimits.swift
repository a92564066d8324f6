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

    public init(cpuQuota: Int64? = nil, cpuPeriod: UInt64 = CgroupLimits.defaultPeriod, memory: Int64? = nil,
                memorySwap: Int64? = nil, pids: Int64? = nil) {
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
        self.memory = memory
        self.memorySwap = memorySwap
        self.pids = pids
    }

    public init(_ resources: OCILinuxResources?) {
        cpuQuota = resources?.cpu?.quota.flatMap { $0 > 0 ? $0 : nil }
        cpuPeriod = resources?.cpu?.period ?? Self.defaultPeriod
        memory = resources?.memory?.limit.flatMap { $0 > 0 ? $0 : nil }
        memorySwap = resources?.memory?.swap
        pids = resources?.pids?.limit
        cpuShares = resources?.cpu?.shares.flatMap { $0 > 0 ? $0 : nil }
        memoryReservation = resources?.memory?.reservation.flatMap { $0 > 0 ? $0 : nil }
    }

    /// runc's reading of `linux.resources`: no swap given means swap is not
    /// limited (docker's "twice the memory" is the task spec's default only).
    public init(oci resources: OCILinuxResources?) {
        self.init(resources)
        if memory != nil && memorySwap == nil { memorySwap = -1 }
    }

    /// The total of memory and swap to enforce, or nil for none (-1 unlimited).
    var swapTotal: Int64? {
        guard let memory else { return nil }
        return memorySwap ?? memory * 2
    }

    enum CodingKeys: String, CodingKey {
        case cpuQuota = "cpu_quota", cpuPeriod = "cpu_period", memory, memorySwap = "memory_swap", pids = "pids_limit"
        case cpuShares = "cpu_shares", memoryReservation = "memory_reservation"
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
