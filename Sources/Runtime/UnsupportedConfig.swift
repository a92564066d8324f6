import OCISpec

/// Parts of an OCI config this runtime does not apply yet. They are refused
/// by name, never ignored (a dropped seccomp profile or hook would be silent).
public enum UnsupportedConfig {
    static func check(_ config: OCIConfig) throws(RuntimeError) {
        func refuse(_ field: String) throws(RuntimeError) {
            throw RuntimeError(stage: "config", detail: "\(field) is not supported yet")
        }
        if let process = config.process {
            if process.apparmorProfile?.isEmpty == false { try refuse("process.apparmorProfile (AppArmor)") }
            if process.selinuxLabel?.isEmpty == false { try refuse("process.selinuxLabel (SELinux)") }
            if process.ioPriority != nil { try refuse("process.ioPriority") }
            if process.scheduler != nil { try refuse("process.scheduler") }
            if process.execCPUAffinity != nil { try refuse("process.execCPUAffinity") }
        }
        guard let linux = config.linux else { return }
        if let resources = linux.resources, let refused = refusedResource(resources) {
            try refuse(refused)
        }
        if let offsets = linux.timeOffsets, !offsets.isEmpty { try refuse("linux.timeOffsets") }
        if linux.mountLabel?.isEmpty == false { try refuse("linux.mountLabel (SELinux)") }
        if linux.personality != nil { try refuse("linux.personality") }
        if linux.intelRdt != nil { try refuse("linux.intelRdt") }
        if let propagation = linux.rootfsPropagation, !propagation.isEmpty, MountPlan.propagation(propagation) == nil {
            throw RuntimeError(stage: "config", detail: "linux.rootfsPropagation: unknown mode \"\(propagation)\"")
        }
    }

    /// The first `linux.resources` field this runtime does not apply, by
    /// its config path (create and update refuse the same ones).
    public static func refusedResource(_ resources: OCILinuxResources) -> String? {
        if resources.network != nil { return "linux.resources.network" }
        if resources.rdma?.isEmpty == false { return "linux.resources.rdma" }
        if resources.unified?.isEmpty == false { return "linux.resources.unified" }
        if resources.cpu?.burst != nil { return "linux.resources.cpu.burst" }
        if resources.cpu?.idle != nil { return "linux.resources.cpu.idle" }
        return nil
    }
}
