/// Why a spec was refused, naming the field by its JSON path.
///
/// Messages never quote secret or config data: they name fields and, at most,
/// quote values that are not secret (paths, names, signals, sizes).
public struct SpecError: Error, Equatable, CustomStringConvertible {
    /// e.g. `mounts[1].target`, `resources.memory`, `healthcheck.test[0]`; "" for the whole document.
    public var path: String
    /// e.g. `must be an absolute path`.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `mounts[1].target: must be an absolute path`, or just the message for the whole document.
    public var description: String {
        path.isEmpty ? message : "\(path): \(message)"
    }
}
