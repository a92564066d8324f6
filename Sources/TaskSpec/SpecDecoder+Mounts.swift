/// `mounts`: bind mounts of host paths, named volumes, tmpfs.
extension SpecDecoder {
    static let mountFields = ["type", "source", "target", "readonly", "size", "mode"]

    static func decodeMounts(_ field: SpecField, targets: inout TargetRegistry) throws(SpecError) -> [TaskSpec.Mount] {
        var mounts: [TaskSpec.Mount] = []
        for element in try field.array() {
            let mount = try decodeMount(element)
            try targets.claim(mount.target, by: element.path.field("target"), isMount: true)
            mounts.append(mount)
        }
        return mounts
    }

    static func decodeMount(_ element: SpecField) throws(SpecError) -> TaskSpec.Mount {
        let fields = try element.object(fields: mountFields)
        let typeField = try fields.required("type")
        guard let kind = TaskSpec.Mount.Kind(rawValue: try typeField.string()) else {
            throw typeField.path.error("must be \"bind\", \"volume\" or \"tmpfs\"")
        }

        let source: String?
        switch kind {
        case .bind:
            // Kept as written, not normalised: the host kernel resolves it, and a
            // lexical `..` after a symlink could name a different directory.
            let field = try fields.required("source")
            source = try field.string()
            guard PathNormalisation.isAbsolute(source!) else { throw field.path.error("must be an absolute path") }
        case .volume:
            let field = try fields.required("source")
            source = try field.string()
            // The name becomes a directory under the data root: keep it one safe path component.
            guard NameSyntax.isObjectName(source!, maxLength: 255) else {
                throw field.path.error("must be a volume name: 1 to 255 letters, digits, '_', '.' or '-', starting with a letter or digit")
            }
        case .tmpfs:
            if let field = fields["source"] { throw field.path.error("not allowed for tmpfs") }
            source = nil
        }

        let targetField = try fields.required("target")
        let target = try targetField.absolutePath()
        if target == "/" { throw targetField.path.error("must not be /") }

        var mount = TaskSpec.Mount(kind: kind, source: source, target: target)
        mount.readonly = try fields["readonly"]?.bool() ?? false
        if let field = fields["size"] {
            guard kind == .tmpfs else { throw field.path.error("only valid for tmpfs") }
            let size = try field.size()
            guard size > 0 else { throw field.path.error("must be greater than 0") }
            mount.size = size
        }
        if let field = fields["mode"] {
            guard kind == .tmpfs else { throw field.path.error("only valid for tmpfs") }
            mount.mode = try field.octalMode()
        }
        return mount
    }
}
