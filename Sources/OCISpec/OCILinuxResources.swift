/// cgroup limits of the container (config-linux.md "Control groups").
/// Every part is optional; an absent part leaves that controller alone.
public struct OCILinuxResources: Codable, Sendable, Equatable {
    /// The device allow/deny list, applied in order (an eBPF program on cgroup v2).
    public var devices: [OCIDeviceCgroup]?
    public var memory: OCIMemory?
    public var cpu: OCICPU?
    public var pids: OCIPids?
    public var blockIO: OCIBlockIO?
    /// hugetlb limits, one per page size.
    public var hugepageLimits: [OCIHugepageLimit]?
    /// net_cls / net_prio (cgroup v1 only).
    public var network: OCINetwork?
    /// RDMA limits keyed by device name (`mlx5_1`).
    public var rdma: [String: OCIRdma]?
    /// cgroup v2 files to write verbatim, keyed by file name (`memory.high`).
    public var unified: [String: String]?

    public init(
        devices: [OCIDeviceCgroup]? = nil,
        memory: OCIMemory? = nil,
        cpu: OCICPU? = nil,
        pids: OCIPids? = nil,
        blockIO: OCIBlockIO? = nil,
        hugepageLimits: [OCIHugepageLimit]? = nil,
        network: OCINetwork? = nil,
        rdma: [String: OCIRdma]? = nil,
        unified: [String: String]? = nil
    ) {
        self.devices = devices
        self.memory = memory
        self.cpu = cpu
        self.pids = pids
        self.blockIO = blockIO
        self.hugepageLimits = hugepageLimits
        self.network = network
        self.rdma = rdma
        self.unified = unified
    }
}

/// One rule of the device controller. Absent `type`, `major` or `minor` match any.
public struct OCIDeviceCgroup: Codable, Sendable, Equatable {
    /// Allow (true) or deny (false) the matching devices.
    public var allow: Bool
    /// `a` (all), `c` (character) or `b` (block).
    public var type: String?
    public var major: Int64?
    public var minor: Int64?
    /// Any of `r` (read), `w` (write), `m` (mknod).
    public var access: String?

    public init(allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil) {
        self.allow = allow
        self.type = type
        self.major = major
        self.minor = minor
        self.access = access
    }
}

/// The memory controller. Sizes are in bytes; -1 means unlimited.
public struct OCIMemory: Codable, Sendable, Equatable {
    /// The hard limit (memory.max / memory.limit_in_bytes).
    public var limit: Int64?
    /// The soft limit (memory.low on v2 / memory.soft_limit_in_bytes).
    public var reservation: Int64?
    /// Memory plus swap (v1 semantics; on v2 memory.swap.max gets swap - limit).
    public var swap: Int64?
    /// Kernel memory limit; obsolete since Linux 5.4, not on cgroup v2.
    public var kernel: Int64?
    /// Kernel TCP buffer limit; cgroup v1 only.
    public var kernelTCP: Int64?
    /// vm.swappiness for the group, 0–100 (cgroup v1 only).
    public var swappiness: UInt64?
    /// Disables the OOM killer for the group (cgroup v1 only).
    public var disableOOMKiller: Bool?
    /// Hierarchical accounting (cgroup v1 only).
    public var useHierarchy: Bool?
    /// On update, refuse a new limit below current usage.
    public var checkBeforeUpdate: Bool?

    public init(limit: Int64? = nil, reservation: Int64? = nil, swap: Int64? = nil, kernel: Int64? = nil,
                kernelTCP: Int64? = nil, swappiness: UInt64? = nil, disableOOMKiller: Bool? = nil,
                useHierarchy: Bool? = nil, checkBeforeUpdate: Bool? = nil) {
        self.limit = limit
        self.reservation = reservation
        self.swap = swap
        self.kernel = kernel
        self.kernelTCP = kernelTCP
        self.swappiness = swappiness
        self.disableOOMKiller = disableOOMKiller
        self.useHierarchy = useHierarchy
        self.checkBeforeUpdate = checkBeforeUpdate
    }
}

/// The cpu and cpuset controllers. Times are in microseconds.
public struct OCICPU: Codable, Sendable, Equatable {
    /// Relative weight (v1 cpu.shares, 2–262144; converted to cpu.weight on v2).
    public var shares: UInt64?
    /// CPU time allowed per `period`; -1 or absent means unlimited.
    public var quota: Int64?
    /// Extra CPU time that may accumulate for bursts.
    public var burst: UInt64?
    /// The CFS period `quota` is counted in.
    public var period: UInt64?
    /// Real-time runtime per `realtimePeriod` (cgroup v1 only).
    public var realtimeRuntime: Int64?
    /// Real-time period (cgroup v1 only).
    public var realtimePeriod: UInt64?
    /// cpuset CPUs, as a list such as `0-3,7`.
    public var cpus: String?
    /// cpuset memory nodes, as a list such as `0-1`.
    public var mems: String?
    /// 1 gives the group SCHED_IDLE weight (cpu.idle); 0 is the default.
    public var idle: Int64?

    public init(shares: UInt64? = nil, quota: Int64? = nil, burst: UInt64? = nil, period: UInt64? = nil,
                realtimeRuntime: Int64? = nil, realtimePeriod: UInt64? = nil, cpus: String? = nil,
                mems: String? = nil, idle: Int64? = nil) {
        self.shares = shares
        self.quota = quota
        self.burst = burst
        self.period = period
        self.realtimeRuntime = realtimeRuntime
        self.realtimePeriod = realtimePeriod
        self.cpus = cpus
        self.mems = mems
        self.idle = idle
    }
}

/// The pids controller.
public struct OCIPids: Codable, Sendable, Equatable {
    /// The most tasks (processes and threads) the group may hold.
    public var limit: Int64

    public init(limit: Int64) {
        self.limit = limit
    }
}

/// The blkio (v1) / io (v2) controller.
public struct OCIBlockIO: Codable, Sendable, Equatable {
    /// The group's default weight, 10–1000.
    public var weight: UInt16?
    /// The weight against the group's own children (v1 CFQ only).
    public var leafWeight: UInt16?
    /// Per-device weights, overriding `weight`.
    public var weightDevice: [OCIWeightDevice]?
    /// Per-device read limits, bytes per second.
    public var throttleReadBpsDevice: [OCIThrottleDevice]?
    /// Per-device write limits, bytes per second.
    public var throttleWriteBpsDevice: [OCIThrottleDevice]?
    /// Per-device read limits, operations per second.
    public var throttleReadIOPSDevice: [OCIThrottleDevice]?
    /// Per-device write limits, operations per second.
    public var throttleWriteIOPSDevice: [OCIThrottleDevice]?

    public init(weight: UInt16? = nil, leafWeight: UInt16? = nil, weightDevice: [OCIWeightDevice]? = nil,
                throttleReadBpsDevice: [OCIThrottleDevice]? = nil,
                throttleWriteBpsDevice: [OCIThrottleDevice]? = nil,
                throttleReadIOPSDevice: [OCIThrottleDevice]? = nil,
                throttleWriteIOPSDevice: [OCIThrottleDevice]? = nil) {
        self.weight = weight
        self.leafWeight = leafWeight
        self.weightDevice = weightDevice
        self.throttleReadBpsDevice = throttleReadBpsDevice
        self.throttleWriteBpsDevice = throttleWriteBpsDevice
        self.throttleReadIOPSDevice = throttleReadIOPSDevice
        self.throttleWriteIOPSDevice = throttleWriteIOPSDevice
    }
}

/// A block device's weight.
public struct OCIWeightDevice: Codable, Sendable, Equatable {
    public var major: Int64
    public var minor: Int64
    public var weight: UInt16?
    public var leafWeight: UInt16?

    public init(major: Int64, minor: Int64, weight: UInt16? = nil, leafWeight: UInt16? = nil) {
        self.major = major
        self.minor = minor
        self.weight = weight
        self.leafWeight = leafWeight
    }
}

/// A block device's rate limit (bytes or operations per second, by list).
public struct OCIThrottleDevice: Codable, Sendable, Equatable {
    public var major: Int64
    public var minor: Int64
    public var rate: UInt64

    public init(major: Int64, minor: Int64, rate: UInt64) {
        self.major = major
        self.minor = minor
        self.rate = rate
    }
}

/// A hugetlb limit for one page size.
public struct OCIHugepageLimit: Codable, Sendable, Equatable {
    /// The page size, `<size><KB|MB|GB>`: `2MB`, `1GB`, `64KB`.
    public var pageSize: String
    /// Bytes of huge pages (reservations where supported, else usage).
    public var limit: UInt64

    public init(pageSize: String, limit: UInt64) {
        self.pageSize = pageSize
        self.limit = limit
    }
}

/// The net_cls and net_prio controllers (cgroup v1 only).
public struct OCINetwork: Codable, Sendable, Equatable {
    /// The class ID packets are tagged with (net_cls.classid).
    public var classID: UInt32?
    /// Per-interface priorities (net_prio.ifpriomap).
    public var priorities: [OCIInterfacePriority]?

    public init(classID: UInt32? = nil, priorities: [OCIInterfacePriority]? = nil) {
        self.classID = classID
        self.priorities = priorities
    }
}

/// A network interface's traffic priority.
public struct OCIInterfacePriority: Codable, Sendable, Equatable {
    /// The interface name in the runtime's network namespace.
    public var name: String
    public var priority: UInt32

    public init(name: String, priority: UInt32) {
        self.name = name
        self.priority = priority
    }
}

/// RDMA limits of one device.
public struct OCIRdma: Codable, Sendable, Equatable {
    /// The most HCA handles that may be open.
    public var hcaHandles: UInt32?
    /// The most HCA objects that may be created.
    public var hcaObjects: UInt32?

    public init(hcaHandles: UInt32? = nil, hcaObjects: UInt32? = nil) {
        self.hcaHandles = hcaHandles
        self.hcaObjects = hcaObjects
    }
}
