import OCISpec
import Runtime

/// An OCI bundle: a directory with config.json and the root filesystem it names.
struct Bundle {
    let directory: String
    let config: OCIConfig
    let configBytes: [UInt8]
    /// `root.path`, made absolute against the bundle.
    let rootfs: String

    init(directory: String) throws(ContainerError) {
        self.directory = directory
        let path = directory + "/config.json"
        do {
            configBytes = try HostFile.readBytes(path)
        } catch {
            throw .badInput("bundle: cannot read \(path): \(error.reason)")
        }
        do {
            config = try OCIConfig.decode(configBytes)
        } catch let error as DecodingError {
            throw .badInput("\(path): \(Self.describe(error))")
        } catch {
            throw .badInput("\(path): \(error)")
        }
        guard let root = config.root, !root.path.isEmpty else { throw .badInput("\(path): root.path is required") }
        rootfs = root.path.hasPrefix("/") ? root.path : directory + "/" + root.path
        guard HostFile.isDirectory(rootfs) else { throw .badInput("root.path: \(rootfs) is not a directory") }
        guard config.process != nil else { throw .badInput("\(path): process is required") }
    }

    /// "linux.resources.memory.limit: expected a number" from a DecodingError.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)): missing value"
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): is required"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// runc's container id rule: letters, digits, `_+-.`, not `.` or `..`.
/// Task ids (the spec's rule) are a subset: every verb checks an id with
/// this before it makes a path of it.
public enum ContainerID {
    public static func isValid(_ id: String) -> Bool {
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        return !id.isEmpty && id.utf8.count <= 1024 && allowed && id != "." && id != ".."
    }

    static func validate(_ id: String) throws(ContainerError) {
        guard isValid(id) else { throw .badInput("invalid container id \"\(id)\": use letters, digits and _+-.") }
    }
}
