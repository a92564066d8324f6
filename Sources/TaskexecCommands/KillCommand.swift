import ArgumentParser
import Supervisor
import TaskSpec

struct KillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill", abstract: "Send a signal to a task or an OCI container (default: tasks SIGKILL, containers SIGTERM).")

    @OptionGroup var global: GlobalOptions
    @Flag(name: [.short, .long], help: "OCI containers: signal every process in the container, not only its init.") var all = false
    @Option(name: [.short, .long], help: "The signal, instead of the positional one.") var signal: String?
    @Argument(help: "The task or container id.") var id: String
    @Argument(help: "Signal name or number (SIGTERM, TERM, 15).") var positionalSignal: String?

    func run() throws {
        if let container = try global.container(id) {
            // runc's default is SIGTERM.
            let number = try Self.number(signal ?? positionalSignal ?? "SIGTERM")
            do {
                try container.kill(number, all: all)
            } catch {
                throw CommandFailure(error)
            }
            return
        }
        guard !all else { throw CommandFailure.usage("--all applies to OCI containers only (a task's signal goes to its main process)") }
        let number = try Self.number(signal ?? positionalSignal ?? "SIGKILL")
        _ = try global.task(id)
        try ControlClient.send(.kill(signal: number), to: id, global: global)
    }

    static func number(_ name: String) throws(CommandFailure) -> Int32 {
        guard let number = TaskSpec.Signal.parse(name)?.number else { throw .usage("unknown signal \"\(name)\"") }
        return number
    }
}
