/// Global options OCI clients put before the verb (`taskexec --root R --log F
/// --log-format json create ...`): the ones the verbs take (`--root`,
/// `--data-root`) are moved after the verb for the parser; runc's others
/// are consumed here.
struct LeadingOptions {
    var arguments: [String]
    /// `--systemd-cgroup`, refused once the error log is set up.
    var systemdCgroup = false
    var rootless: String?

    /// runc's global flags that take a value, and those that do not.
    private static let valued: Set<String> = ["--root", "--data-root", "--log", "--log-format", "--criu", "--rootless"]
    private static let flags: Set<String> = ["--debug", "--systemd-cgroup"]

    init(_ raw: [String]) throws(CommandFailure) {
        var moved: [String] = []
        var rest = raw[...]
        while let first = rest.first, first.hasPrefix("--") {
            let (name, inline) = Self.split(first)
            if Self.flags.contains(name) {
                if name == "--systemd-cgroup" { systemdCgroup = true }
                rest = rest.dropFirst()
                continue
            }
            guard Self.valued.contains(name) else { break }
            let value: String
            if let inline {
                value = inline
                rest = rest.dropFirst()
            } else {
                guard rest.count >= 2 else { throw .usage("\(name) needs a value") }
                value = rest[rest.startIndex + 1]
                rest = rest.dropFirst(2)
            }
            switch name {
            case "--root", "--data-root": moved += [name, value]
            case "--log": RuntimeLog.file = value
            case "--log-format":
                guard let format = RuntimeLog.Format(rawValue: value) else { throw .usage("--log-format: expected text or json, not \"\(value)\"") }
                RuntimeLog.format = format
            case "--rootless": rootless = value
            default: break   // --criu: no checkpointing here, the path is unused
            }
        }
        guard !moved.isEmpty, let verb = rest.first else {
            arguments = Array(rest)
            return
        }
        // `volume ls|rm` is a verb of two words.
        let verbLength = verb == "volume" && rest.count >= 2 ? 2 : 1
        arguments = Array(rest.prefix(verbLength)) + moved + Array(rest.dropFirst(verbLength))
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// What taskexec cannot honour is refused, never ignored.
    func refuseUnsupported() throws(CommandFailure) {
        if systemdCgroup {
            throw .usage("--systemd-cgroup is not supported: taskexec manages cgroupfs paths itself (podman: --cgroup-manager cgroupfs)")
        }
        if let rootless, rootless != "false", rootless != "auto" {
            throw .usage("--rootless \(rootless): rootless containers are not supported")
        }
    }
}
