/// cgroup v2 `memory.max` and `memory.swap.max`. The two are independent
/// files (swap.max is swap alone, not memory+swap as in v1), so no order of
/// writes can be refused the way moby#22167 was on v1. v2 has no
/// swappiness or OOM-killer switch: runc ignores both there, and so do we.
enum MemoryControllerV2 {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        try cgroup.write("memory.max", limits.memory.map(String.init) ?? "max")
        if let reservation = limits.memoryReservation { try cgroup.write("memory.low", String(reservation)) }
        // Without swap accounting the file does not exist: nothing to limit.
        guard cgroup.has("memory.swap.max") else { return }
        let swap: String
        switch (limits.memory, limits.swapTotal) {
        case (let memory?, let total?) where total >= 0: swap = String(max(0, total - memory))
        default: swap = "max"
        }
        try cgroup.write("memory.swap.max", swap)
    }

    static func current(_ cgroup: CgroupDirectory) -> UInt64? { cgroup.read("memory.current").flatMap { UInt64($0) } }
    static func limit(_ cgroup: CgroupDirectory) -> UInt64? { cgroup.limit("memory.max") }
    static func oomKills(_ cgroup: CgroupDirectory) -> UInt64 { cgroup.field("memory.events", "oom_kill") ?? 0 }
}
