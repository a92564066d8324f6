import OCISpec

/// Parts of an OCI config this runtime does not apply yet. They are refused
/// by name, never ignored (a dropped seccomp profile or hook would be silent).
enum UnsupportedConfig {
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
        if let resources = linux.resources {
            // Applied: memory limit, swap and reservation, cpu shares, quota and
            // period, pids limit, and device rules (v1 controller, v2 eBPF).
            if resources.blockIO != nil { try refuse("linux.resources.blockIO") }
            if resources.hugepageLimits?.isEmpty == false { try refuse("linux.resources.hugepageLimits") }
            if resources.network != nil { try refuse("linux.resources.network") }
            if resources.rdma?.isEmpty == false { try refuse("linux.resources.rdma") }
            if resources.unified?.isEmpty == false { try refuse("linux.resources.unified") }
            // kernel and kernelTCP are accepted and ignored, as runc does (the kernel dropped them).
            if let memory = resources.memory, memory.swappiness != nil || memory.disableOOMKiller == true {
                try refuse("linux.resources.memory (only limit, swap and reservation)")
            }
            if resources.cpu?.cpus?.isEmpty == false || resources.cpu?.mems?.isEmpty == false
                || resources.cpu?.realtimePeriod != nil || resources.cpu?.realtimeRuntime != nil
                || resources.cpu?.burst != nil || resources.cpu?.idle != nil {
                try refuse("linux.resources.cpu (only shares, quota and period)")
            }
        }
        if let mappings = linux.uidMappings, !mappings.isEmpty { try refuse("linux.uidMappings") }
        if let mappings = linux.gidMappings, !mappings.isEmpty { try refuse("linux.gidMappings") }
        if let offsets = linux.timeOffsets, !offsets.isEmpty { try refuse("linux.timeOffsets") }
        if linux.mountLabel?.isEmpty == false { try refuse("linux.mountLabel (SELinux)") }
        if linux.personality != nil { try refuse("linux.personality") }
        if linux.intelRdt != nil { try refuse("linux.intelRdt") }
        if let propagation = linux.rootfsPropagation, !["", "private", "rprivate"].contains(propagation) {
            try refuse("linux.rootfsPropagation \"\(propagation)\"")
        }
    }
}
