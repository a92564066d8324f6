/// Turns spec.json (design.md §1) into a validated `TaskSpec`.
///
/// The rule behind every check: a typo must never silently drop a setting.
/// Unknown and repeated fields are errors, types are exact, and every error
/// names its field by JSON path. Only the first error is reported, and which
/// one is fixed: in each object, repeated keys first, then unknown keys
/// (sorted), then the known fields in the order design.md §1 lists them.
public enum SpecDecoder {
    static let topLevelFields = [
        "id", "rootfs", "readonly_rootfs", "command", "env", "workdir", "user", "hostname",
        "mounts", "secrets", "configs", "network", "ports", "resources", "healthcheck",
        "stop_signal", "stop_grace_period", "cap_add", "cap_drop", "seccomp", "no_new_privileges", "devices",
    ]

    /// Parses and validates a spec. `baseDirectory` is the directory of the spec
    /// file (absolute); a relative rootfs (and relative seccomp profile path) is
    /// made absolute against it and normalised (pure string work).
    public static func decode(_ bytes: [UInt8], baseDirectory: String) throws(SpecError) -> TaskSpec {
        let document = SpecField(value: try JSONParser.parse(bytes), path: .root)
        let fields = try document.object(fields: topLevelFields)

        var spec = TaskSpec(
            id: try decodeID(fields.required("id")),
            rootfs: try fields.required("rootfs").pathRelative(to: baseDirectory),
            command: try decodeCommand(fields.required("command")))
        if let field = fields["readonly_rootfs"] { spec.readonlyRootfs = try field.bool() }
        if let field = fields["env"] { spec.env = try decodeEnv(field) }
        if let field = fields["workdir"] { spec.workdir = try field.absolutePath() }
        if let field = fields["user"] { spec.user = try decodeUser(field) }
        if let field = fields["hostname"] { spec.hostname = try decodeHostname(field) }

        // Mounts, secrets and configs share one namespace of container paths.
        var targets = TargetRegistry()
        if let field = fields["mounts"] { spec.mounts = try decodeMounts(field, targets: &targets) }
        if let field = fields["secrets"] {
            spec.secrets = try decodeFileItems(field, kind: .secret, baseDirectory: baseDirectory, targets: &targets)
        }
        if let field = fields["configs"] {
            spec.configs = try decodeFileItems(field, kind: .config, baseDirectory: baseDirectory, targets: &targets)
        }

        if let field = fields["network"] { spec.network = try decodeNetwork(field) }
        if let field = fields["ports"] { spec.ports = try decodePorts(field, network: spec.network) }
        if let field = fields["resources"] { spec.resources = try decodeResources(field) }
        if let field = fields["healthcheck"] { spec.healthcheck = try decodeHealthcheck(field) }

        if let field = fields["stop_signal"] { spec.stopSignal = try decodeSignal(field) }
        if let field = fields["stop_grace_period"] { spec.stopGracePeriod = try field.nonNegativeDuration() }
        if let field = fields["cap_add"] { spec.capAdd = try decodeCapabilities(field) }
        if let field = fields["cap_drop"] { spec.capDrop = try decodeCapabilities(field) }
        if let field = fields["seccomp"] { spec.seccomp = try decodeSeccomp(field, baseDirectory: baseDirectory) }
        if let field = fields["no_new_privileges"] { spec.noNewPrivileges = try field.bool() }
        if let field = fields["devices"] { spec.devices = try decodeDevices(field, targets: &targets) }
        return spec
    }

    static func decodeSignal(_ field: SpecField) throws(SpecError) -> TaskSpec.Signal {
        let text = try field.string()
        guard let signal = TaskSpec.Signal.parse(text) else { throw field.path.error("unknown signal \(quoted(text))") }
        return signal
    }
}
