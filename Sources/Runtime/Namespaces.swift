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
    /// path are joined instead: `joined`). User and time namespaces are not
    /// built yet.
    static func cloneFlags(_ namespaces: [OCINamespace]) throws(RuntimeError) -> UInt64 {
        var flags: UInt64 = 0
        var seen: Set<OCINamespaceType> = []
        for namespace in namespaces {
            guard seen.insert(namespace.type).inserted else {
                throw RuntimeError(stage: "config", detail: "linux.namespaces: \(namespace.type.rawValue) is given twice")
            }
            if namespace.type == .user || namespace.type == .time {
                throw RuntimeError(stage: "config", detail: "linux.namespaces: \(namespace.type.rawValue) namespaces are not supported yet")
            }
            if let path = namespace.path, !path.isEmpty {
                guard joinable.contains(namespace.type) else {
                    throw RuntimeError(stage: "config", detail: "linux.namespaces: joining the \(namespace.type.rawValue) namespace at a path is not supported yet")
                }
                continue
            }
            flags |= flag(namespace.type)
        }
        guard flags & flag(.mount) != 0 else {
            throw RuntimeError(stage: "config", detail: "linux.namespaces: a new mount namespace is required")
        }
        return flags
    }

    /// Namespaces the init can enter with setns() after its clone.
    static let joinable: Set<OCINamespaceType> = [.network, .ipc, .uts, .cgroup]

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
