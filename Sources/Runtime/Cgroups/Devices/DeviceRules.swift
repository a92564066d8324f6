import OCISpec

/// The device rules a container's cgroup enforces: a deny-all, the
/// config's own rules in order, then the devices every container gets
/// (docker's and runc's defaults), so /dev/null always works. The last rule
/// that matches wins (OCI). v1 writes them to devices.allow/deny; v2 turns
/// them into an eBPF program (DeviceProgram).
public enum DeviceRules {
    /// docker's defaults: mknod of any node (creating a node is harmless
    /// when opening it is denied), and read/write/mknod of null, zero, full,
    /// random, urandom, tty, console, ptmx and the pts devices.
    public static let defaults: [OCIDeviceCgroup] = [
        OCIDeviceCgroup(allow: true, type: "c", access: "m"),
        OCIDeviceCgroup(allow: true, type: "b", access: "m"),
        allow(1, 3), allow(1, 5), allow(1, 7), allow(1, 8), allow(1, 9),
        allow(5, 0), allow(5, 1), allow(5, 2),
        OCIDeviceCgroup(allow: true, type: "c", major: 136, minor: nil, access: "rwm"),
    ]

    public static let denyAll = OCIDeviceCgroup(allow: false, type: "a", access: "rwm")

    private static func allow(_ major: Int64, _ minor: Int64) -> OCIDeviceCgroup {
        OCIDeviceCgroup(allow: true, type: "c", major: major, minor: minor, access: "rwm")
    }

    /// The whole list for a config: deny-all, an rwm allow for each
    /// `linux.devices` device node that no rule of the config names, the config's
    /// rules, the defaults.
    public static func effective(_ rules: [OCIDeviceCgroup], devices: [OCIDevice] = []) -> [OCIDeviceCgroup] {
        // A fifo ("p") is no device to the cgroup: no rule for it.
        let named = devices.filter { device in
            device.type != "p" && !rules.contains { $0.major == device.major && $0.minor == device.minor && DeviceProgram.typeNumber($0.type) == DeviceProgram.typeNumber(device.type) }
        }
        let nodeRules = named.map { OCIDeviceCgroup(allow: true, type: $0.type == "u" ? "c" : $0.type, major: $0.major, minor: $0.minor, access: "rwm") }
        return [denyAll] + nodeRules + rules + defaults
    }

    /// (file, line) pairs for devices.allow / devices.deny, in order.
    public static func v1Writes(_ effective: [OCIDeviceCgroup]) -> [(file: String, line: String)] {
        effective.map { rule in (rule.allow ? "devices.allow" : "devices.deny", line(rule)) }
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
