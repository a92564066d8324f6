import OCISpec

/// An OCI mount of type `cgroup` (podman's /sys/fs/cgroup), made to look
/// like the host's hierarchy as the container should see it: one cgroup2
/// mount on a unified host; on a v1 or hybrid host a tmpfs with each
/// hierarchy under its host name, the tmpfs then made read-only (a bind over
/// itself) if the mount asks for `ro`. With a cgroup namespace each is a
/// fresh mount (rooted at the namespace's root); without one, as runc does,
/// each is a bind of the container's own cgroup directory, so the container
/// never sees the host's tree.
enum CgroupFilesystemMount {
    struct Expansion {
        var mounts: [MountPlan]
        /// Paths to bind read-only over themselves once the mounts are done.
        var readOnlyAfterwards: [String]
    }

    /// One hierarchy under the host's /sys/fs/cgroup: its directory name and
    /// the options that select it (`cpu`, `cpuacct`, `name=systemd`), or
    /// nil options for the unified (cgroup2) one.
    struct Hierarchy: Equatable {
        var name: String
        var options: [String]?
    }

    /// Where the container's processes are, for a container without a
    /// cgroup namespace.
    struct Placement {
        /// The container's cgroup, relative to each hierarchy it joined.
        var containerPath: String
        /// The v1 controllers it joined, or ["" ] for the unified hierarchy.
        var joined: Set<String>
        /// /proc/self/cgroup of the spawning process: where the container
        /// sits in the hierarchies it did not join ("controllers" → path).
        var inherited: [String: String]

        init(containerPath: String, joined: Set<String>, procSelfCgroup: String) {
            self.containerPath = containerPath
            self.joined = joined
            var inherited: [String: String] = [:]
            for line in procSelfCgroup.split(separator: "\n") {
                let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                if fields.count == 3 { inherited[String(fields[1])] = String(fields[2]) }
            }
            self.inherited = inherited
        }

        /// The path, relative to the hierarchy's root, of the container's cgroup in it.
        func path(in hierarchy: Hierarchy) -> String {
            let options = hierarchy.options ?? []
            let key = options.joined(separator: ",")
            if hierarchy.options == nil ? joined.contains("") : !joined.isDisjoint(with: options) { return containerPath }
            return String((inherited[key] ?? "/").drop(while: { $0 == "/" }))
        }
    }

    /// `placement` nil: the container has its own cgroup namespace.
    static func expand(_ mount: OCIMount, hostMountInfo: String, placement: Placement?) throws(RuntimeError) -> Expansion {
        var base = try MountPlan(mount)
        let hierarchies = self.hierarchies(in: hostMountInfo)
        if hostMountInfo.isEmpty || hierarchies.isEmpty || hierarchies == [Hierarchy(name: "", options: nil)] {
            return Expansion(mounts: [plan(base, for: Hierarchy(name: "", options: nil), placement: placement)], readOnlyAfterwards: [])
        }
        let readOnly = base.attributes & MountPlan.Attribute.readOnly != 0
        base.filesystemOptions = []
        var tmpfs = base
        tmpfs.kind = .filesystem(type: "tmpfs")
        tmpfs.source = "tmpfs"
        tmpfs.attributes &= ~MountPlan.Attribute.readOnly
        tmpfs.filesystemOptions = ["source=tmpfs", "mode=755"]
        var mounts = [tmpfs]
        for hierarchy in hierarchies where !hierarchy.name.isEmpty {
            var sub = base
            sub.target = base.target + "/" + hierarchy.name
            mounts.append(plan(sub, for: hierarchy, placement: placement))
        }
        return Expansion(mounts: mounts, readOnlyAfterwards: readOnly ? [base.target] : [])
    }

    /// One hierarchy's mount: fresh (cgroup namespace) or a bind of the container's directory.
    private static func plan(_ base: MountPlan, for hierarchy: Hierarchy, placement: Placement?) -> MountPlan {
        var plan = base
        let mountPoint = hierarchy.name.isEmpty ? "/sys/fs/cgroup" : "/sys/fs/cgroup/" + hierarchy.name
        if let placement {
            let path = placement.path(in: hierarchy)
            plan.kind = .bind(recursive: false)
            plan.source = path.isEmpty ? mountPoint : mountPoint + "/" + path
            plan.filesystemOptions = []
        } else if let options = hierarchy.options {
            plan.kind = .filesystem(type: "cgroup")
            plan.source = "cgroup"
            plan.filesystemOptions = ["source=cgroup"] + options
        } else {
            plan.kind = .filesystem(type: "cgroup2")
            plan.source = "cgroup2"
            plan.filesystemOptions = ["source=cgroup2"]
        }
        return plan
    }

    /// The hierarchies mounted under /sys/fs/cgroup, from mountinfo. A
    /// unified host yields one entry with an empty name.
    static func hierarchies(in mountInfo: String) -> [Hierarchy] {
        var found: [Hierarchy] = []
        for line in mountInfo.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let dash = fields.firstIndex(of: "-"), dash + 3 < fields.count, fields.count > 4 else { continue }
            let mountPoint = String(fields[4])
            let type = fields[dash + 1]
            guard type == "cgroup" || type == "cgroup2" else { continue }
            if mountPoint == "/sys/fs/cgroup" {
                if type == "cgroup2" { return [Hierarchy(name: "", options: nil)] }
                continue
            }
            guard mountPoint.hasPrefix("/sys/fs/cgroup/") else { continue }
            let name = String(mountPoint.dropFirst("/sys/fs/cgroup/".count))
            guard !name.contains("/") else { continue }
            if type == "cgroup2" {
                found.append(Hierarchy(name: name, options: nil))
            } else {
                // Super options: "rw,cpu,cpuacct" or "rw,xattr,name=systemd"; keep what selects the hierarchy.
                let options = fields[dash + 3].split(separator: ",").map(String.init).filter(selectsHierarchy)
                found.append(Hierarchy(name: name, options: options))
            }
        }
        return found
    }

    /// Super options that are settings of a hierarchy, not what names it.
    private static let settings: Set<String> = ["rw", "ro", "xattr", "clone_children", "noprefix", "cpuset_v2_mode"]

    private static func selectsHierarchy(_ option: String) -> Bool {
        !settings.contains(option) && !option.hasPrefix("release_agent=")
    }
}
