import Glibc
import SystemPackage
import Runtime
import TaskSpec

/// Loads the `file` sources of secrets and configs into memory, as root, at
/// start: from here on the bytes only ever live in memory and in the task's
/// ramfs. A missing, unreadable or too large file is the caller's error.
public enum FileSources {
    public static func load(_ spec: TaskSpec) throws(SpecError) -> TaskSpec {
        var spec = spec
        spec.secrets = try load(spec.secrets, field: "secrets")
        spec.configs = try load(spec.configs, field: "configs")
        return spec
    }

    private static func load(_ items: [TaskSpec.FileItem], field: String) throws(SpecError) -> [TaskSpec.FileItem] {
        var loaded = items
        for (index, item) in items.enumerated() {
            guard case .file(let path) = item.source else { continue }
            let fieldPath = "\(field)[\(index)].file"
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw SpecError(path: fieldPath, message: "\(path): \(Errno(rawValue: errno).reason)")
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else { throw SpecError(path: fieldPath, message: "\(path) is not a regular file") }
            guard info.st_size <= TaskSpec.FileItem.maximumSize else {
                throw SpecError(path: fieldPath, message: "larger than 500 KiB")
            }
            let bytes: [UInt8]
            do {
                bytes = try HostFile.readBytes(path)
            } catch {
                throw SpecError(path: fieldPath, message: "\(path): \(error.reason)")
            }
            // It may have grown since the stat.
            guard bytes.count <= TaskSpec.FileItem.maximumSize else { throw SpecError(path: fieldPath, message: "larger than 500 KiB") }
            loaded[index].source = .data(bytes)
        }
        return loaded
    }
}
