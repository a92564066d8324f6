/// `cpuset.cpus` and `cpuset.mems`, the same files in v1 and v2.
enum CpusetController {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory?) throws(RuntimeError) {
        guard limits.cpusetCpus != nil || limits.cpusetMems != nil else { return }
        guard let cgroup, cgroup.has("cpuset.cpus") else {
            throw RuntimeError(stage: "config", detail: "linux.resources.cpu.cpus/mems: the cpuset controller is not available")
        }
        if let mems = limits.cpusetMems { try cgroup.write("cpuset.mems", mems) }
        if let cpus = limits.cpusetCpus { try cgroup.write("cpuset.cpus", cpus) }
    }

    /// v1 makes a new cpuset directory with no CPUs and no memory nodes,
    /// and a process cannot join it until both are set: each level below
    /// the hierarchy's root that is still empty takes its parent's (runc's
    /// rule; v2 inherits by itself).
    static func inheritFromParents(mount: String, relativePath: String) throws(RuntimeError) {
        var parent = CgroupDirectory(mount)
        for component in relativePath.split(separator: "/") {
            let level = CgroupDirectory(parent.path + "/" + component)
            for file in ["cpuset.cpus", "cpuset.mems"] where level.read(file)?.isEmpty ?? false {
                try level.write(file, parent.read(file) ?? "")
            }
            parent = level
        }
    }
}
