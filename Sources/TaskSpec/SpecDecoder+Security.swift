/// `cap_add`, `cap_drop`, `seccomp`: the syntax only; capability names and
/// profiles are checked by the layer that applies them.
extension SpecDecoder {
    static func decodeCapabilities(_ field: SpecField) throws(SpecError) -> [String] {
        var names: [String] = []
        for element in try field.array() {
            let name = try element.string()
            guard NameSyntax.isCapabilityName(name) else {
                throw element.path.error("must be a capability name like \"NET_ADMIN\"")
            }
            names.append(name)
        }
        return names
    }

    /// `"default"`, `"unconfined"`, or a profile path (relative to the spec's directory).
    static func decodeSeccomp(_ field: SpecField, baseDirectory: String) throws(SpecError) -> TaskSpec.Seccomp {
        switch try field.nonEmptyString() {
        case "default": .default
        case "unconfined": .unconfined
        case let path: .profile(path: PathNormalisation.resolve(path, against: baseDirectory))
        }
    }
}
