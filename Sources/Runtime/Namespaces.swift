import Glibc
import OCISpec
import SystemPackage

/// OCI namespace types as clone(2)/setns(2) flags.
enum Namespaces {
    static func flag(_ type: OCINamespaceType) -> UInt64 {
        switch type {
        case .pid: return 0x2000_0000       // CLONE_NEWPID
        case .network: return 0x4000_0000   // CLONE_NEWNET
        case .mount: return 0x0002_0000     // CLONE_NEWNS
        case .ipc: return 0x0800_0000       // CLONE_NEWIPC
        case .uts: return 0x0400_0000       // CLONE_NEWUTS
        case .user: return 0x1000_0000      // CLONE_NEWUSER
        case .cgroup: return 0x0200_0000    // CLONE_NEWCGROUP
        case .time: return 0x0000_0080      // CLONE_NEWTIME
        }
    }

    /// The new namespaces a config asks for, as clone flags (those with a
    /// path are joined instead: `joined`). A new user namespace owns the
    /// others and needs uid and gid mappings; a time namespace is not built.
    static func cloneFlags(_ namespaces: [OCINamespace], linux: OCILinux? = nil) throws(RuntimeError) -> UInt64 {
        var flags: UInt64 = 0
        var seen: Set<OCINamespaceType> = []
        var joinedMount = false
        for namespace in namespaces {
            guard seen.insert(namespace.type).inserted else {
                throw RuntimeError(stage: "config", detail: "linux.namespaces: \(namespace.type.rawValue) is given twice")
            }
            if namespace.type == .time {
                throw RuntimeError(stage: "config", detail: "linux.namespaces: time namespaces are not supported yet")
            }
            if let path = namespace.path, !path.isEmpty {
                guard joinable.contains(namespace.type) else {
                    throw RuntimeError(stage: "config", detail: "linux.namespaces: joining the \(namespace.type.rawValue) namespace at a path is not supported yet")
                }
                joinedMount = joinedMount || namespace.type == .mount
                continue
            }
            flags |= flag(namespace.type)
        }
        guard flags & flag(.mount) != 0 || joinedMount else {
            throw RuntimeError(stage: "config", detail: "linux.namespaces: a mount namespace (new or joined) is required")
        }
        if flags & flag(.user) != 0 {
            guard !(linux?.uidMappings ?? []).isEmpty, !(linux?.gidMappings ?? []).isEmpty else {
                throw RuntimeError(stage: "config", detail: "linux.namespaces: a user namespace needs linux.uidMappings and linux.gidMappings")
            }
            for (field, mappings) in [("uidMappings", linux?.uidMappings ?? []), ("gidMappings", linux?.gidMappings ?? [])] {
                for (index, mapping) in mappings.enumerated()
                where mapping.size == 0 || UInt64(mapping.hostID) + UInt64(mapping.size) > UInt64(UInt32.max)
                    || UInt64(mapping.containerID) + UInt64(mapping.size) > UInt64(UInt32.max) {
                    throw RuntimeError(stage: "config", detail: "linux.\(field)[\(index)]: the range must be non-empty and within 32-bit ids")
                }
            }
            if joinedMount {
                throw RuntimeError(stage: "config", detail: "linux.namespaces: a new user namespace cannot join a mount namespace by path")
            }
        }
        // Mappings without a user namespace of their own are ignored, as runc ignores them.
        return flags
    }

    /// Namespaces a container can join by path: the mount namespace by its
    /// init after the clone, the others by the cloning thread around it.
    static let joinable: Set<OCINamespaceType> = [.network, .ipc, .uts, .cgroup, .mount, .pid]

    /// `/proc/PID/uid_map` or `gid_map` text for OCI mappings.
    static func mapText(_ mappings: [OCIIDMapping]) -> String {
        mappings.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
    }

    /// The namespaces given by path, opened (the child setns()es into them).
    /// The caller closes the fds once the child has them.
    static func joined(_ namespaces: [OCINamespace]) throws(RuntimeError) -> [(fd: Int32, type: OCINamespaceType, path: String)] {
        var opened: [(fd: Int32, type: OCINamespaceType, path: String)] = []
        for namespace in namespaces {
            guard let path = namespace.path, !path.isEmpty else { continue }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let error = Errno(rawValue: errno)
                for entry in opened { close(entry.fd) }
                throw RuntimeError(stage: "open namespace", detail: path, errno: error)
            }
            opened.append((fd, namespace.type, path))
        }
        return opened
    }
}
