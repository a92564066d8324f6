/// Where a task's files live. Volatile state (gone at reboot) under `--root`,
/// logs, events and volumes under `--data-root`.
public struct TaskPaths: Sendable {
    public let root: String
    public let dataRoot: String

    public init(root: String, dataRoot: String) {
        self.root = root
        self.dataRoot = dataRoot
    }

    public func stateDirectory(_ id: String) -> String { "\(root)/\(id)" }
    public func stateFile(_ id: String) -> String { "\(root)/\(id)/state.json" }
    /// Held (flock) by the task's supervisor for as long as it lives.
    public func lockFile(_ id: String) -> String { "\(root)/\(id)/supervisor.lock" }
    public func controlSocket(_ id: String) -> String { "\(root)/\(id)/control.sock" }
    /// The task's compiled seccomp filter, for `exec` and `health`.
    public func seccompFilter(_ id: String) -> String { "\(root)/\(id)/seccomp.bpf" }
    /// "v1 PATH" or "v2 PATH": where the task's cgroup is, written before it
    /// exists, so a task whose state.json is lost or damaged is still cleanable.
    public func cgroupRecord(_ id: String) -> String { "\(root)/\(id)/cgroup" }

    public func logDirectory(_ id: String) -> String { "\(dataRoot)/tasks/\(id)" }
    /// docker's json-file format, a line per chunk of output.
    public func logFile(_ id: String) -> String { "\(dataRoot)/tasks/\(id)/log.json" }
    public func eventLog(_ id: String) -> String { "\(dataRoot)/tasks/\(id)/events.jsonl" }
    public var volumesDirectory: String { "\(dataRoot)/volumes" }
}
