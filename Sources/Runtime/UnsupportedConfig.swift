import OCISpec

/// Parts of an OCI config this runtime does not apply yet. They are refused
/// by name, never ignored (a dropped seccomp profile or hook would be silent).
enum UnsupportedConfig {
    static func check(_ config: OCIConfig) throws(RuntimeError) {
        func refuse(_ field: String) throws(RuntimeError) {
            throw RuntimeError(stage: "config", detail: "\(field) is not supported yet")
        }
        if config.hooks != nil { try refuse("hooks") }
        if config.process?.terminal == true { try refuse("process.terminal") }
        if let rlimits = config.process?.rlimits, !rlimits.isEmpty { try refuse("process.rlimits") }
        guard let linux = config.linux else { return }
        if let resources = linux.resources {
            // Applied: memory limit and swap, cpu quota and period, pids limit.
            if resources.devices?.isEmpty == false { try refuse("linux.resources.devices") }
            if resources.blockIO != nil { try refuse("linux.resources.blockIO") }
            if resources.hugepageLimits?.isEmpty == false { try refuse("linux.resources.hugepageLimits") }
            if resources.network != nil { try refuse("linux.resources.network") }
            if resources.rdma?.isEmpty == false { try refuse("linux.resources.rdma") }
            if resources.unified?.isEmpty == false { try refuse("linux.resources.unified") }
            if let memory = resources.memory, memory.reservation != nil || memory.kernel != nil || memory.kernelTCP != nil
                || memory.swappiness != nil || memory.disableOOMKiller != nil {
                try refuse("linux.resources.memory (only limit and swap)")
            }
            if resources.cpu?.cpus != nil || resources.cpu?.mems != nil || resources.cpu?.shares != nil {
                try refuse("linux.resources.cpu (only quota and period)")
            }
        }
        if let sysctl = linux.sysctl, !sysctl.isEmpty { try refuse("linux.sysctl") }
        if let devices = linux.devices, !devices.isEmpty { try refuse("linux.devices") }
        if let mappings = linux.uidMappings, !mappings.isEmpty { try refuse("linux.uidMappings") }
        if let propagation = linux.rootfsPropagation, !["", "private", "rprivate"].contains(propagation) {
            try refuse("linux.rootfsPropagation \"\(propagation)\"")
        }
    }
}
