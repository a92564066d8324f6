import ArgumentParser
import Runtime

/// `--cgroup-parent` is checked as runc checks a cgroupsPath: a path inside
/// the cgroup filesystem, no `.` or `..` component (it once made
/// directories outside it).
enum CgroupParentOption {
    static func check(_ parent: String) throws {
        let components = parent.split(separator: "/")
        guard !components.contains("."), !components.contains(".."), !parent.contains(":") else {
            throw ValidationError("--cgroup-parent \"\(parent)\": must be a cgroup path without . or .. components")
        }
    }
}
