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

    public func isSupervisorAlive(_ id: String) -> Bool {
        SupervisorLock.isHeld(path: paths.lockFile(id))
    }

    /// Every task with a state directory, by id.
    public func ids() -> [String] {
        // Dot entries are taskexec's own (the seccomp cache), never a task (ids start with a letter or digit).
        HostFile.listDirectory(paths.root).filter { !$0.hasPrefix(".") && HostFile.isDirectory(paths.stateDirectory($0)) }
    }
}
