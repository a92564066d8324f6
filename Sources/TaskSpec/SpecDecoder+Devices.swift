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
            }
            // Nodes are made in the task's own /dev tmpfs, never in the image
            // (which has no writable layer of the task's: a node elsewhere would
            // replace a file of the image itself), nor in /dev's own mounts.
            let targetPath = fields["target"]?.path ?? pathField.path
            guard device.target.hasPrefix("/dev/"),
                  !["/dev/shm", "/dev/pts", "/dev/mqueue"].contains(where: { device.target == $0 || device.target.hasPrefix($0 + "/") }) else {
                throw targetPath.error("must be a path under /dev (not /dev/shm, /dev/pts or /dev/mqueue)")
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
