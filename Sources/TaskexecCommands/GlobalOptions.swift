import ArgumentParser
import Supervisor

/// `--root` and `--data-root`, accepted by every verb.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Directory for volatile task state.")
    var root: String = "/run/taskexec"

    @Option(help: "Directory for volumes, logs and event logs.")
    var dataRoot: String = "/var/lib/taskexec"

    var paths: TaskPaths { TaskPaths(root: root.absolutePath, dataRoot: dataRoot.absolutePath) }
    var store: StateStore { StateStore(paths: paths) }

    /// The task's state, or a clear error naming the id.
    func task(_ id: String) throws(CommandFailure) -> TaskState {
        guard let state = store.read(id) else { throw CommandFailure("no such task: \(id)", exitCode: 1) }
        return state
    }
}

extension String {
    /// Absolute against the current directory.
    var absolutePath: String {
        if hasPrefix("/") { return self }
        return WorkingDirectory.current + "/" + self
    }
}
