/// cgroup v2 `pids.max`; the same file in v1.
enum PidsController {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        let limit = limits.pids.flatMap { $0 > 0 ? String($0) : nil } ?? "max"
        try cgroup.write("pids.max", limit)
    }

    static func current(_ cgroup: CgroupDirectory) -> UInt64? { cgroup.read("pids.current").flatMap { UInt64($0) } }
    static func limit(_ cgroup: CgroupDirectory) -> UInt64? { cgroup.limit("pids.max") }
}
