import ArgumentParser
import OCIRuntime
import Runtime
import Supervisor

/// `--root` and `--data-root`, accepted by every verb.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Directory for volatile task state.")
    var root: String = "/run/taskexec"

    @Option(help: "Directory for volumes, logs and event logs.")
    var dataRoot: String = "/var/lib/taskexec"

    var paths: TaskPaths {
        let paths = TaskPaths(root: root.absolutePath, dataRoot: dataRoot.absolutePath)
        // Filters compiled by one process serve the next (run, exec, health).
        SeccompCompiler.useDiskCache(directory: paths.root + "/.seccomp-cache")
        return paths
    }
    var store: StateStore { StateStore(paths: paths) }
    /// OCI containers (create/start/...) live beside tasks under `--root`.
    var containerPaths: ContainerPaths { ContainerPaths(root: root.absolutePath) }

    /// The OCI container `id`, if that is what it names (else it is a task's).
    func container(_ id: String) throws(CommandFailure) -> Container? {
        try checkID(id)
        guard Container.exists(id, paths: containerPaths) else { return nil }
        do {
            return try Container(id: id, paths: containerPaths)
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The task's state, or a clear error naming the id.
    func task(_ id: String) throws(CommandFailure) -> TaskState {
        try checkID(id)
        switch store.entry(id) {
        case .task(let state)?:
            return state
        case .damaged?:
            throw CommandFailure("task \(id): its state is missing or damaged; `taskexec delete --force \(id)` ends and removes it", exitCode: 1)
        case nil:
            throw CommandFailure("task or container \(id) does not exist", exitCode: 1)
        }
    }

    /// An id is checked before any path is made of it (`delete ..` must not
    /// reach the parent of --root).
    func checkID(_ id: String) throws(CommandFailure) {
        guard ContainerID.isValid(id) else {
            throw CommandFailure("invalid id \"\(id)\": use letters, digits and _+-., not . or ..", exitCode: 2)
        }
    }

    /// The filter a confined task's processes get (nil: unconfined). A
    /// missing or damaged filter is an error, never a reason to run unfiltered.
    func seccompProgram(of state: TaskState) throws(CommandFailure) -> SeccompProgram? {
        guard state.seccomp != nil else { return nil }
        do {
            return try SeccompProgram.read(path: paths.seccompFilter(state.id))
        } catch {
            throw CommandFailure(error.description, exitCode: error.exitCode)
        }
    }
}

extension String {
    /// Absolute against the current directory.
    var absolutePath: String {
        if hasPrefix("/") { return self }
        return WorkingDirectory.current + "/" + self
    }
}
