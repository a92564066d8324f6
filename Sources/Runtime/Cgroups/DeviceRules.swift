import OCISpec

/// OCI `linux.resources.devices` as the v1 devices controller takes them:
/// a deny-all first, the config's rules in order, then the devices every
/// container gets (runc's defaults), so /dev/null always works.
public enum DeviceRules {
    /// The default devices (DefaultDevices), the pty ones, and mknod of any
    /// device (creating a node is harmless when opening it is denied).
    static let defaults: [OCIDeviceCgroup] = [
        OCIDeviceCgroup(allow: true, type: "c", major: nil, minor: nil, access: "m"),
        OCIDeviceCgroup(allow: true, type: "b", major: nil, minor: nil, access: "m"),
        OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 3, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 5, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 7, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 8, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 9, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 5, minor: 0, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 5, minor: 2, access: "rwm"),
        OCIDeviceCgroup(allow: true, type: "c", major: 136, minor: nil, access: "rwm"),
    ]

    /// (file, line) pairs for devices.allow / devices.deny, in order.
    public static func v1Writes(_ rules: [OCIDeviceCgroup]) -> [(file: String, line: String)] {
        [("devices.deny", "a")] + (rules + defaults).map { rule in
            (rule.allow ? "devices.allow" : "devices.deny", line(rule))
        }
    }

    static func line(_ rule: OCIDeviceCgroup) -> String {
        let type = rule.type.flatMap { $0.isEmpty ? nil : $0 } ?? "a"
        let access = rule.access.flatMap { $0.isEmpty ? nil : $0 } ?? "rwm"
        if type == "a" { return "a *:* \(access)" }
        let major = rule.major.map(String.init) ?? "*"
        let minor = rule.minor.map(String.init) ?? "*"
        return "\(type) \(major):\(minor) \(access)"
    }
}
