/// cgroup v1 `cpu.cfs_period_us` and `cpu.cfs_quota_us` (-1: no limit),
/// shares, and realtime runtime and period (period first: the kernel checks
/// the runtime against it); usage from `cpuacct.usage` (ns), which may be
/// its own hierarchy.
enum CPUControllerV1 {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        try cgroup.write("cpu.cfs_period_us", String(limits.cpuPeriod))
        try cgroup.write("cpu.cfs_quota_us", limits.cpuQuota.map(String.init) ?? "-1")
        if let shares = limits.cpuShares { try cgroup.write("cpu.shares", String(shares)) }
        if let period = limits.cpuRealtimePeriod { try cgroup.write("cpu.rt_period_us", String(period)) }
        if let runtime = limits.cpuRealtimeRuntime { try cgroup.write("cpu.rt_runtime_us", String(runtime)) }
    }

    static func usageMicroseconds(_ cpuacct: CgroupDirectory) -> UInt64? {
        cpuacct.read("cpuacct.usage").flatMap { UInt64($0) }.map { $0 / 1000 }
    }
}
