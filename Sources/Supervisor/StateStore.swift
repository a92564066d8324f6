import FoundationEssentials
import Runtime
import SystemPackage

/// Reads and writes tasks' state files under `--root`.
public struct StateStore: Sendable {
    public let paths: TaskPaths

    public init(paths: TaskPaths) { self.paths = paths }

    public func write(_ state: TaskState) throws(Errno) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(state) else { throw Errno.invalidArgument }
        try HostFile.writeAtomically(paths.stateFile(state.id), Array(data))
    }

    /// The state as recorded, with the status corrected when the supervisor
    /// is gone (killed, or the node rebooted): then the task is stopped.
    public func read(_ id: String) -> TaskState? {
        guard let bytes = try? HostFile.readBytes(paths.stateFile(id)),
              var state = try? JSONDecoder().decode(TaskState.self, from: Data(bytes)) else { return nil }
        if state.status != .stopped && !isSupervisorAlive(id) {
            state.status = .stopped
            if state.error == nil && state.exitCode == nil { state.error = "supervisor died" }
        }
        return state
    }

    /// What `--root` holds for an id: a task, or a directory whose state
    /// cannot be read (a supervisor killed before its first write, a
    /// truncated or corrupted state.json) — still listed, still deletable.
    public enum Entry {
        case task(TaskState)
        case damaged(id: String, supervisorAlive: Bool)
    }

    public func entry(_ id: String) -> Entry? {
        // Every task directory has its supervisor's lock from its first moment; an OCI container's has none.
        guard HostFile.exists(paths.lockFile(id)) else { return nil }
        if let state = read(id) { return .task(state) }
        return .damaged(id: id, supervisorAlive: isSupervisorAlive(id))
    }

    public func isSupervisorAlive(_ id: String) -> Bool {
        SupervisorLock.isHeld(path: paths.lockFile(id))
    }

    /// Every task with a state directory, by id.
    public func ids() -> [String] {
        // Dot entries are taskexec's own (the seccomp cache), never a task (ids start with a letter or digit).
        HostFile.listDirectory(paths.root).filter { !$0.hasPrefix(".") && HostFile.exists(paths.lockFile($0)) }
    }
}
