/// `devices`: host device nodes given to the task, docker's `--device`.
extension SpecDecoder {
    static let deviceFields = ["path", "target", "permissions"]

    static func decodeDevices(_ field: SpecField, targets: inout TargetRegistry) throws(SpecError) -> [TaskSpec.Device] {
        var devices: [TaskSpec.Device] = []
        for element in try field.array() {
            let fields = try element.object(fields: deviceFields)
            let pathField = try fields.required("path")
            let path = try pathField.absolutePath()
            var device = TaskSpec.Device(path: path)
            if let targetField = fields["target"] {
                device.target = try targetField.absolutePath()
                if device.target == "/" { throw targetField.path.error("must not be /") }
            }
            try targets.claim(device.target, by: element.path.field(fields["target"] == nil ? "path" : "target"), isMount: false)
            if let permissionsField = fields["permissions"] {
                let permissions = try permissionsField.string()
                guard !permissions.isEmpty, permissions.allSatisfy("rwm".contains), Set(permissions).count == permissions.count else {
                    throw permissionsField.path.error("must be some of r, w and m (such as \"rwm\" or \"r\"), each at most once")
                }
                device.permissions = permissions
            }
            devices.append(device)
        }
        return devices
    }
}
