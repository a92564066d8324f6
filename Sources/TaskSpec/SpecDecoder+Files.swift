/// `secrets` and `configs`: files placed for the task from inline data or a node file.
extension SpecDecoder {
    enum FileItemKind {
        case secret, config
    }

    static let fileItemFields = ["name", "target", "file", "data", "uid", "gid", "mode"]

    /// Where relative secret targets land: the ramfs design.md §1 describes.
    /// Where secrets live in the task (docker's and Swarm's place).
    public static let secretsDirectory = "/run/secrets"

    /// docker's limit on a secret, applied to inline data of secrets and configs alike.
    static let maximumInlineData = TaskSpec.FileItem.maximumSize

    static func decodeFileItems(
        _ field: SpecField, kind: FileItemKind, baseDirectory: String, targets: inout TargetRegistry
    ) throws(SpecError) -> [TaskSpec.FileItem] {
        var items: [TaskSpec.FileItem] = []
        for element in try field.array() {
            let item = try decodeFileItem(element, kind: kind, baseDirectory: baseDirectory)
            try targets.claim(item.target, by: element.path.field("target"), isMount: false)
            items.append(item)
        }
        return items
    }

    static func decodeFileItem(_ element: SpecField, kind: FileItemKind, baseDirectory: String) throws(SpecError) -> TaskSpec.FileItem {
        let fields = try element.object(fields: fileItemFields)
        let nameField = try fields.required("name")
        let name = try nameField.string()
        guard NameSyntax.isObjectName(name, maxLength: 64) else {
            throw nameField.path.error("must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit")
        }

        let target = switch kind {
        case .secret: try secretTarget(fields["target"], name: name)
        case .config: try configTarget(fields["target"], name: name)
        }

        let source: TaskSpec.FileItem.Source
        switch (fields["file"], fields["data"]) {
        case (let file?, nil):
            source = .file(try file.pathRelative(to: baseDirectory))
        case (nil, let data?):
            // Never quote the data in an error: it is the secret.
            guard let bytes = Base64.decode(try data.string()) else { throw data.path.error("invalid base64") }
            guard bytes.count <= maximumInlineData else { throw data.path.error("larger than 500 KiB") }
            source = .data(bytes)
        default:
            throw element.path.error("exactly one of data or file is required")
        }

        var item = TaskSpec.FileItem(name: name, target: target, source: source)
        if let field = fields["uid"] { item.uid = UInt32(try field.int64(in: 0...4_294_967_294)) }
        if let field = fields["gid"] { item.gid = UInt32(try field.int64(in: 0...4_294_967_294)) }
        if let field = fields["mode"] { item.mode = try field.octalMode() }
        return item
    }

    /// Defaults to the name; a relative target lands under /run/secrets (and
    /// may not climb out of it), an absolute one is taken as is.
    static func secretTarget(_ field: SpecField?, name: String) throws(SpecError) -> String {
        guard let field else { return secretsDirectory + "/" + name }
        let target = try field.nonEmptyString()
        if PathNormalisation.isAbsolute(target) {
            let normalised = PathNormalisation.normalise(target)
            if normalised == "/" { throw field.path.error("must not be /") }
            return normalised
        }
        let resolved = PathNormalisation.normalise(secretsDirectory + "/" + target)
        guard resolved.hasPrefix(secretsDirectory + "/") else {
            throw field.path.error("must stay inside \(secretsDirectory)")
        }
        return resolved
    }

    /// Defaults to `/<name>`; otherwise any absolute path.
    static func configTarget(_ field: SpecField?, name: String) throws(SpecError) -> String {
        guard let field else { return "/" + name }
        let target = try field.absolutePath()
        if target == "/" { throw field.path.error("must not be /") }
        return target
    }
}
