import ArgumentParser
import OCIRuntime

/// OCI `pause`: freeze every process of the container.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "OCI: freeze a running container.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The container id.") var id: String

    func run() throws { try FreezeVerb.set(id: id, paused: true, global: global) }
}

/// OCI `resume`: thaw a paused container.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "OCI: thaw a paused container.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The container id.") var id: String

    func run() throws { try FreezeVerb.set(id: id, paused: false, global: global) }
}

enum FreezeVerb {
    static func set(id: String, paused: Bool, global: GlobalOptions) throws(CommandFailure) {
        guard let container = try global.container(id) else { throw CommandFailure("container \(id) does not exist", exitCode: 1) }
        do {
            try container.setPaused(paused)
        } catch {
            throw CommandFailure(error)
        }
    }
}
