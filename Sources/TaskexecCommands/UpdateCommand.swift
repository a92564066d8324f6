import ArgumentParser
import Glibc
import Supervisor
import TaskSpec

struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a running task's resource limits, live.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String
    @Option(help: "CPUs, e.g. 1.5.") var cpus: Double?
    @Option(help: "Memory limit, e.g. 256m (at least 6m).") var memory: String?
    @Option(parsing: .unconditional, help: "Memory plus swap, e.g. 512m; equal to --memory for no swap; -1 for unlimited swap.")
    var memorySwap: String?
    @Option(help: "Maximum number of processes; 0 or -1 for unlimited.") var pidsLimit: Int64?

    /// docker update's checks, before anything is sent.
    func request() throws(CommandFailure) -> ResourceUpdate {
        var update = ResourceUpdate(pidsLimit: pidsLimit)
        if let cpus {
            let online = Double(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            guard cpus >= 0.01, cpus <= online else {
                throw .usage("--cpus: range of CPUs is from 0.01 to \(Int(online)), as there are only \(Int(online)) CPUs available")
            }
            update.cpus = cpus
        }
        if let memory {
            guard let bytes = Units.parseSize(memory) else { throw .usage("--memory: invalid size \"\(memory)\"") }
            guard bytes >= 6 * 1024 * 1024 else { throw .usage("--memory: minimum memory limit allowed is 6MB") }
            update.memory = bytes
        }
        if let memorySwap {
            if memorySwap == "-1" {
                update.memorySwap = -1
            } else {
                guard let bytes = Units.parseSize(memorySwap) else { throw .usage("--memory-swap: invalid size \"\(memorySwap)\"") }
                update.memorySwap = bytes
            }
        }
        guard update != ResourceUpdate() else {
            throw .usage("nothing to update: give --cpus, --memory, --memory-swap or --pids-limit")
        }
        return update
    }

    func run() throws {
        let update = try request()
        let state = try global.task(id)
        guard state.status == .running else { throw CommandFailure("task \(id) is not running", exitCode: 1) }
        try ControlClient.send(.update(update), to: id, global: global)
    }
}
