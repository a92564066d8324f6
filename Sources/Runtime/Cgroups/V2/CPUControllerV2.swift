/// cgroup v2 `cpu.max`: "quota period", or "max period" for no limit.
enum CPUControllerV2 {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        let quota = limits.cpuQuota.map(String.init) ?? "max"
        try cgroup.write("cpu.max", "\(quota) \(limits.cpuPeriod)")
    }

    static func usageMicroseconds(_ cgroup: CgroupDirectory) -> UInt64? {
        cgroup.field("cpu.stat", "usage_usec")
    }
}
