import OCISpec

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

    static func sets(forUID uid: UInt32) -> OCICapabilities {
        let granted = uid == 0 ? names : []
        return OCICapabilities(bounding: names, effective: granted, inheritable: [], permitted: granted, ambient: [])
    }
}
