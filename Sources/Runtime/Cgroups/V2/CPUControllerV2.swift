/// cgroup v2 `cpu.max`: "quota period", or "max period" for no limit;
/// shares as `cpu.weight`. v2 has no realtime group scheduling: refused.
enum CPUControllerV2 {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        if limits.cpuRealtimeRuntime != nil || limits.cpuRealtimePeriod != nil {
            throw RuntimeError(stage: "config", detail: "linux.resources.cpu.realtimeRuntime/realtimePeriod: cgroup v2 has no realtime scheduling")
        }
        let quota = limits.cpuQuota.map(String.init) ?? "max"
        try cgroup.write("cpu.max", "\(quota) \(limits.cpuPeriod)")
        if let shares = limits.cpuShares { try cgroup.write("cpu.weight", String(weight(shares: shares))) }
    }

    /// runc's mapping of v1 shares (2–262144) onto v2 weights (1–10000).
    static func weight(shares: UInt64) -> UInt64 {
        let clamped = min(max(shares, 2), 262_144)
        return 1 + ((clamped - 2) * 9999) / 262_142
    }

    static func usageMicroseconds(_ cgroup: CgroupDirectory) -> UInt64? {
        cgroup.field("cpu.stat", "usage_usec")
    }
}
