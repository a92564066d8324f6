import ArgumentParser
import OCIRuntime
import Runtime

/// OCI `create`: the container is made and waits before its program.
struct CreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "OCI: create a container from a bundle; its program waits for `start`.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "The bundle directory (config.json and the root filesystem).") var bundle = "."
    @Option(help: "Write the container's init pid to this file.") var pidFile: String?
    @Option(help: "Unix socket to send the terminal's master fd to (process.terminal).") var consoleSocket: String?
    @Flag(help: "Move the root and chroot instead of pivot_root (for roots on a ramfs).") var noPivot = false
    @Flag(help: "Accepted for runc compatibility: taskexec never creates a session keyring.") var noNewKeyring = false
    @Option(help: "Pass this many extra inherited fds (3, 4, ...) to the program.") var preserveFds = 0
    @Argument(help: "The container id.") var id: String

    func run() throws {
        let preserved = try InheritedDescriptors.count(preserveFds: preserveFds)
        // The init waits for `start` with our fds; whatever else our caller
        // left open (its own pipes) must not be held that long, as runc's
        // freshly exec'd init does not hold them.
        DescriptorHygiene.closeAll(except: (0..<preserved).map { Int32(3 + $0) })
        let request = CreateRequest(
            id: id, bundle: bundle.absolutePath, pidFile: pidFile?.absolutePath, consoleSocket: consoleSocket?.absolutePath,
            noPivot: noPivot, preservedFDs: preserved)
        do {
            try ContainerCreation.create(request, paths: global.containerPaths, warn: RuntimeWarning.print)
        } catch {
            throw CommandFailure(error)
        }
    }
}

/// OCI `start`: the created container's program runs.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "OCI: run a created container's program.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The container id.") var id: String

    func run() throws {
        guard let container = try global.container(id) else { throw CommandFailure("container \(id) does not exist", exitCode: 1) }
        do {
            try container.start(warn: RuntimeWarning.print)
        } catch {
            throw CommandFailure(error)
        }
    }
}

/// Warnings of hooks whose failure does not fail the verb (poststart, poststop).
enum RuntimeWarning {
    static func print(_ message: String) {
        StandardError.write("taskexec: warning: \(message)\n")
    }
}
