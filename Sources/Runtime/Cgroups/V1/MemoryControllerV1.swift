/// cgroup v1 `memory.limit_in_bytes` and `memory.memsw.limit_in_bytes`
/// (memory+swap). The kernel refuses a memory limit above memsw and a
/// memsw below the memory limit, so the order of the two writes depends on
/// where the values move (docker's moby#22167 and moby#39541): write memsw
/// first when the new memory limit would not fit under the current memsw.
enum MemoryControllerV1 {
    static let unlimited = "-1"

    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        if let swappiness = limits.memorySwappiness {
            guard swappiness <= 100 else {
                throw RuntimeError(stage: "config", detail: "linux.resources.memory.swappiness: \(swappiness) is not in 0-100")
            }
            try cgroup.write("memory.swappiness", String(swappiness))
        }
        if let disable = limits.disableOOMKiller { try cgroup.write("memory.oom_control", disable ? "1" : "0") }
        if let reservation = limits.memoryReservation { try cgroup.write("memory.soft_limit_in_bytes", String(reservation)) }
        let memory = limits.memory.map(String.init) ?? unlimited
        guard cgroup.has("memory.memsw.limit_in_bytes") else {
            try cgroup.write("memory.limit_in_bytes", memory)
            return
        }
        let total = limits.swapTotal.map { $0 < 0 ? unlimited : String($0) } ?? unlimited
        let currentTotal = cgroup.limit("memory.memsw.limit_in_bytes")
        let memswFirst = total == unlimited || limits.memory == nil
            || currentTotal.map { UInt64(limits.memory!) > $0 } ?? false
        if memswFirst {
            try cgroup.write("memory.memsw.limit_in_bytes", total)
            try cgroup.write("memory.limit_in_bytes", memory)
        } else {
            try cgroup.write("memory.limit_in_bytes", memory)
            try cgroup.write("memory.memsw.limit_in_bytes", total)
        }
    }

    static func current(_ cgroup: CgroupDirectory) -> UInt64? { cgroup.read("memory.usage_in_bytes").flatMap { UInt64($0) } }
    static func limit(_ cgroup: CgroupDirectory) -> UInt64? { cgroup.limit("memory.limit_in_bytes") }
    static func oomKills(_ cgroup: CgroupDirectory) -> UInt64 { cgroup.field("memory.oom_control", "oom_kill") ?? 0 }
}
