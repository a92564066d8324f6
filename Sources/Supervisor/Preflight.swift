import Network
import Runtime
import TaskSpec

/// Checks of a valid spec against the node, before anything is created:
/// a failure here is the caller's input error (exit 2), like a spec error.
/// Returns the spec with its secret and config files loaded into memory.
public enum Preflight {
    /// Capability names libcap knows, with or without `CAP_`, or `ALL`.
    static func checkCapabilityNames(_ names: [String], field: String) throws(SpecError) {
        for (index, name) in names.enumerated() where name.uppercased() != "ALL" && name.uppercased() != "CAP_ALL" {
            if Capabilities.canonicalName(name) == nil {
                throw SpecError(path: "\(field)[\(index)]", message: "unknown capability \"\(name)\"")
            }
        }
    }

    /// A published port already in use on the node is the caller's error.
    static func checkPortsFree(_ spec: TaskSpec) throws(SpecError) {
        let probe = PortReservation()
        defer { probe.release() }
        for (index, port) in spec.ports.enumerated() {
            do {
                try probe.reserve(port: port.published, proto: port.proto.rawValue, hostIP: port.hostIP)
            } catch {
                throw SpecError(path: "ports[\(index)].published",
                                message: "\(port.published)/\(port.proto.rawValue) on \(port.hostIP): \(error.reason)")
            }
        }
    }

    public static func check(_ spec: TaskSpec) throws(SpecError) -> TaskSpec {
        guard HostFile.isDirectory(spec.rootfs) else {
            throw SpecError(path: "rootfs", message: "\(spec.rootfs) is not a directory")
        }
        for (index, mount) in spec.mounts.enumerated() where mount.kind == .bind {
            let source = mount.source ?? ""
            guard HostFile.exists(source) else {
                throw SpecError(path: "mounts[\(index)].source", message: "\(source) does not exist")
            }
        }
        if let error = spec.unsupportedFields().first { throw error }
        try checkPortsFree(spec)
        for (field, list, kind) in [("resources.cpuset_cpus", spec.resources?.cpusetCpus, CpusetKind.cpus),
                                    ("resources.cpuset_mems", spec.resources?.cpusetMems, CpusetKind.mems)] {
            if let list, let problem = unavailable(list, kind) { throw SpecError(path: field, message: problem) }
        }
        try checkCapabilityNames(spec.capAdd, field: "cap_add")
        try checkCapabilityNames(spec.capDrop, field: "cap_drop")
        _ = try SeccompChoice.profile(for: spec)
        _ = try HostDevices.resolve(spec.devices)
        return try FileSources.load(spec)
    }

    public enum CpusetKind: String, Sendable { case cpus = "CPUs", mems = "memory nodes" }

    /// docker's check of a cpuset list against what this host has online
    /// (a host without NUMA has node 0 alone), or nil when all are there.
    public static func unavailable(_ list: String, _ kind: CpusetKind) -> String? {
        let file = kind == .cpus ? "/sys/devices/system/cpu/online" : "/sys/devices/system/node/online"
        let online = (try? HostFile.readString(file))?.trimmedWhitespace ?? (kind == .mems ? "0" : "")
        guard let requested = ResourceRules.cpusetMembers(list) else { return "invalid list \"\(list)\"" }
        guard let available = ResourceRules.cpusetMembers(online), requested.isSubset(of: available) else {
            return "requested \(kind.rawValue) are not available - requested \(list), available: \(online)"
        }
        return nil
    }
}
