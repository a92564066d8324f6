import Foundation

/// Reads a task's cgroup files wherever this host keeps them: the unified
/// hierarchy (v2, in the VM) or the controllers' own (v1, hybrid hosts).
enum CgroupFiles {
    static let isV2: Bool = {
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains { $0.contains(" /sys/fs/cgroup ") && $0.contains(" - cgroup2 ") }
    }()

    /// Every hierarchy root a task cgroup may be made in.
    static var hierarchies: [String] {
        isV2 ? ["/sys/fs/cgroup"] : ["cpu", "cpuacct", "memory", "pids"].map { "/sys/fs/cgroup/" + $0 }
    }

    /// The value of `v2` (unified) or `v1` (controller, file) for a cgroup path.
    static func read(_ path: String, v2: String, v1: (String, String)) -> String? {
        let file = isV2 ? "/sys/fs/cgroup/\(path)/\(v2)" : "/sys/fs/cgroup/\(v1.0)/\(path)/\(v1.1)"
        return (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Task cgroups left under a parent, in any hierarchy.
    static func taskCgroups(under parent: String) -> [String] {
        hierarchies.flatMap { hierarchy in
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(hierarchy)/\(parent)/taskexec")) ?? [])
                .filter { FileManager.default.fileExists(atPath: "\(hierarchy)/\(parent)/taskexec/\($0)/cgroup.procs") }
        }
    }
}
