import ArgumentParser
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

    /// runc puts global options before the verb (`taskexec --root R list`);
    /// the parser wants them after it, so they are moved there.
    static func movedAfterVerb(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--root" || first == "--data-root", rest.count >= 2 {
                globals += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--root=") || first.hasPrefix("--data-root=") {
                globals.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !globals.isEmpty, let verb = rest.first else { return arguments }
        // `volume ls|rm` is a verb of two words.
        let verbLength = verb == "volume" && rest.count >= 2 ? 2 : 1
        return Array(rest.prefix(verbLength)) + globals + Array(rest.dropFirst(verbLength))
    }

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
