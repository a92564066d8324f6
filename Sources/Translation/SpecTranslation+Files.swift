import Runtime
import TaskSpec

extension SpecTranslation {
    public static let secretsDirectory = SpecDecoder.secretsDirectory

    /// Secrets and configs as files the runtime creates from memory:
    /// secrets under /run/secrets go into its ramfs; absolute-target secrets
    /// and every config are bound read-only at their targets.
    /// `file` sources must have been loaded (`.data`) by the caller.
    public static func inMemoryFiles(for spec: TaskSpec) -> InMemoryFiles {
        var files = InMemoryFiles(directory: spec.secrets.isEmpty ? nil : secretsDirectory)
        for (index, secret) in spec.secrets.enumerated() {
            if let relative = pathInSecretsDirectory(secret.target) {
                files.inDirectory.append(file(secret, path: relative))
            } else {
                files.bound.append(file(secret, path: "secret-\(index)", bindTarget: secret.target))
            }
        }
        for (index, config) in spec.configs.enumerated() {
            files.bound.append(file(config, path: "config-\(index)", bindTarget: config.target))
        }
        return files
    }

    static func pathInSecretsDirectory(_ target: String) -> String? {
        let prefix = secretsDirectory + "/"
        return target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : nil
    }

    private static func file(_ item: TaskSpec.FileItem, path: String, bindTarget: String? = nil) -> InMemoryFiles.File {
        guard case .data(let bytes) = item.source else {
            preconditionFailure("\(item.name): file sources are loaded before translation")
        }
        return InMemoryFiles.File(path: path, bytes: bytes, uid: item.uid, gid: item.gid, mode: item.mode, bindTarget: bindTarget)
    }
}
