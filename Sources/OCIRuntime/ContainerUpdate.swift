import OCISpec
import Runtime

extension Container {
    /// `update`: the given resources (an OCI LinuxResources document, or
    /// runc's flags turned into one) over the current limits.
    public func update(_ resources: OCILinuxResources) throws(ContainerError) {
        guard status != .stopped else { throw ContainerError("container not running") }
        if let refused = UnsupportedConfig.refusedResource(resources) {
            throw .badInput("update: \(refused) is not supported yet")
        }
        var limits = record.limits
        limits.merge(resources)
        guard let cgroup else { throw ContainerError("container \(id) has no cgroup", exitCode: 125) }
        do {
            try cgroup.apply(limits)
            // New device rules replace the old ones whole (the config's linux.devices stay allowed).
            if let rules = resources.devices, !rules.isEmpty {
                let nodes = (try? HostFile.readBytes(paths.config(id))).flatMap { try? OCIConfig.decode($0) }?.linux?.devices ?? []
                try cgroup.applyDevices(DeviceRules.effective(rules, devices: nodes))
            }
        } catch {
            throw .runtime(error)
        }
        var updated = record
        updated.limits = limits
        if let bytes = try? updated.encoded() { try? HostFile.writeAtomically(paths.record(id), bytes) }
    }
}
