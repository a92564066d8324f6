import OCISpec

/// An OCI mount of type `cgroup` (podman's /sys/fs/cgroup), made to look
/// like the host's hierarchy as seen from the container's cgroup namespace:
/// one cgroup2 mount on a unified host; on a v1 or hybrid host a tmpfs with
/// each hierarchy mounted again under its host name, the tmpfs then made
/// read-only (a bind over itself) if the mount asks for `ro`.
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

    static func expand(_ mount: OCIMount, hostMountInfo: String) throws(RuntimeError) -> Expansion {
        var base = try MountPlan(mount)
        let hierarchies = self.hierarchies(in: hostMountInfo)
        if hostMountInfo.isEmpty || hierarchies.isEmpty || hierarchies == [Hierarchy(name: "", options: nil)] {
            base.kind = .filesystem(type: "cgroup2")
            base.source = "cgroup2"
            return Expansion(mounts: [base], readOnlyAfterwards: [])
        }
        let readOnly = base.attributes & MountPlan.Attribute.readOnly != 0
        var tmpfs = base
        tmpfs.kind = .filesystem(type: "tmpfs")
        tmpfs.source = "tmpfs"
        tmpfs.attributes &= ~MountPlan.Attribute.readOnly
        tmpfs.filesystemOptions = ["source=tmpfs", "mode=755"]
        var mounts = [tmpfs]
        for hierarchy in hierarchies where !hierarchy.name.isEmpty {
            var sub = base
            sub.target = base.target + "/" + hierarchy.name
            if let options = hierarchy.options {
                sub.kind = .filesystem(type: "cgroup")
                sub.source = "cgroup"
                sub.filesystemOptions = ["source=cgroup"] + options
            } else {
                sub.kind = .filesystem(type: "cgroup2")
                sub.source = "cgroup2"
                sub.filesystemOptions = ["source=cgroup2"]
            }
            mounts.append(sub)
        }
        return Expansion(mounts: mounts, readOnlyAfterwards: readOnly ? [base.target] : [])
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
