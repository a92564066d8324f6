import ArgumentParser
import Supervisor

struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a task: its stop signal, then SIGKILL after the grace period.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String
    @Option(name: [.short, .long], help: "Seconds to wait before SIGKILL (default: the spec's stop_grace_period).")
    var time: Double?

    func validate() throws {
        if let time, time < 0 { throw ValidationError("--time must not be negative") }
    }

    func run() throws {
        let state = try global.task(id)
        guard state.status != .stopped else { return }   // already stopped: nothing to do, as docker
        try ControlClient.send(.stop(grace: time), to: id, global: global)
        // The grace period, then SIGKILL and the exit: allow for both.
        let grace = time ?? 3600
        guard ControlClient.waitForExit(of: id, global: global, timeout: grace + 30) else {
            throw CommandFailure("task \(id) did not stop")
        }
    }
}
