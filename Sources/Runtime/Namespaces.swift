import OCISpec

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

    /// The new namespaces a config asks for, as clone flags. Joining an
    /// existing namespace by path and user namespaces are not built yet.
    static func cloneFlags(_ namespaces: [OCINamespace]) throws(RuntimeError) -> UInt64 {
        var flags: UInt64 = 0
        for namespace in namespaces {
            if namespace.path != nil {
                throw RuntimeError(stage: "namespaces", detail: "joining the \(namespace.type.rawValue) namespace at a path is not supported yet")
            }
            if namespace.type == .user || namespace.type == .time {
                throw RuntimeError(stage: "namespaces", detail: "\(namespace.type.rawValue) namespaces are not supported yet")
            }
            flags |= flag(namespace.type)
        }
        guard flags & flag(.mount) != 0 else {
            throw RuntimeError(stage: "namespaces", detail: "a mount namespace is required")
        }
        return flags
    }
}
