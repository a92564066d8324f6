import OCISpec
import Runtime

/// docker's default capability set. Root gets it in the bounding,
/// permitted and effective sets; any other user only in the bounding set,
/// so it has no effective capabilities (docker ≥ 25, the CVE-2022-24769 fix
/// for inheritable).
enum DefaultCapabilities {
    static let names = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]

    static func sets(forUID uid: UInt32, add: [String] = [], drop: [String] = []) -> OCICapabilities {
        let bounding = resolved(add: add, drop: drop)
        let granted = uid == 0 ? bounding : []
        return OCICapabilities(bounding: bounding, effective: granted, inheritable: [], permitted: granted, ambient: [])
    }

    /// docker's rules: `cap_add: [ALL]` is every capability but those dropped;
    /// `cap_drop: [ALL]` leaves only those added; otherwise the defaults minus
    /// the dropped plus the added. Names are canonical (`CAP_X`), known ones only
    /// (the preflight refuses unknown names).
    static func resolved(add: [String], drop: [String]) -> [String] {
        let added = Set(add.map(canonical)), dropped = Set(drop.map(canonical))
        let base: [String]
        if added.contains("CAP_ALL") {
            base = Capabilities.allNames()
        } else if dropped.contains("CAP_ALL") {
            base = []
        } else {
            base = names
        }
        var result = base.filter { !dropped.contains($0) }
        for name in Capabilities.allNames() where added.contains(name) && !result.contains(name) && !dropped.contains(name) {
            result.append(name)
        }
        return result
    }

    private static func canonical(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
    }
}
