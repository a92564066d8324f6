import Foundation

/// Reads a task's cgroup files wherever this host keeps them: the unified
/// hierarchy (v2, in the VM) or the controllers' own (v1, hybrid hosts).
enum CgroupFiles {
    static let isV2: Bool = {
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains { $0.contains(" /sys/fs/cgroup ") && $0.contains(" - cgroup2 ") }
    }()

    /// Every hierarchy root a task cgroup may be made in: on v1, each mounted
    /// hierarchy (a task joins devices and freezer too, a runtime may join all).
    static var hierarchies: [String] {
        guard !isV2 else { return ["/sys/fs/cgroup"] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
        return names.map { "/sys/fs/cgroup/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0 + "/cgroup.procs") }
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

    /// The child cgroups under `parent` (a path below each hierarchy's root)
    /// in every hierarchy, by the parent's real directory (v1's cpu and
    /// cpuacct links name one), including parents with no children.
    static func children(of parent: String) -> [String: [String]] {
        let fm = FileManager.default
        var found: [String: [String]] = [:]
        for hierarchy in hierarchies {
            let directory = URL(fileURLWithPath: hierarchy + "/" + parent).resolvingSymlinksInPath().path
            guard fm.fileExists(atPath: directory + "/cgroup.procs") else { continue }
            found[directory] = ((try? fm.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { fm.fileExists(atPath: directory + "/" + $0 + "/cgroup.procs") }
        }
        return found
    }
}
