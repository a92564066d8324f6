import ArgumentParser
import Supervisor
import TaskSpec

struct KillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to a task (default SIGKILL).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String
    @Argument(help: "Signal name or number (SIGTERM, TERM, 15).") var signal: String = "SIGKILL"

    func run() throws {
        guard let number = TaskSpec.Signal.parse(signal)?.number else {
            throw CommandFailure.usage("unknown signal \"\(signal)\"")
        }
        _ = try global.task(id)
        try ControlClient.send(.kill(signal: number), to: id, global: global)
    }
}
