/// Where an OCI container's files live under `--root` (beside tasks: ids
/// are one namespace). Nothing here holds secrets: the config is the
/// client's, as given.
public struct ContainerPaths: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public func directory(_ id: String) -> String { "\(root)/\(id)" }
    /// The record `state`, `kill`, `exec` and `delete` read.
    public func record(_ id: String) -> String { "\(root)/\(id)/container.json" }
    /// The bundle's config.json as `create` read it (hooks, seccomp, process).
    public func config(_ id: String) -> String { "\(root)/\(id)/config.json" }
    /// Exists from `create` until `start`: the init blocks opening it.
    public func execFifo(_ id: String) -> String { "\(root)/\(id)/exec.fifo" }
}
