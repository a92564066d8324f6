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
        if linux.seccomp != nil { try refuse("linux.seccomp") }
        if linux.resources != nil { try refuse("linux.resources") }
        if let sysctl = linux.sysctl, !sysctl.isEmpty { try refuse("linux.sysctl") }
        if let paths = linux.maskedPaths, !paths.isEmpty { try refuse("linux.maskedPaths") }
        if let paths = linux.readonlyPaths, !paths.isEmpty { try refuse("linux.readonlyPaths") }
        if let devices = linux.devices, !devices.isEmpty { try refuse("linux.devices") }
        if let mappings = linux.uidMappings, !mappings.isEmpty { try refuse("linux.uidMappings") }
        if let propagation = linux.rootfsPropagation, !["", "private", "rprivate"].contains(propagation) {
            try refuse("linux.rootfsPropagation \"\(propagation)\"")
        }
    }
}
