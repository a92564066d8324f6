import ArgumentParser
import FoundationEssentials
import Supervisor

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "CPU, memory and pids usage and limits of a running task, from its cgroup.")

    enum Format: String, ExpressibleByArgument { case table, json }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String
    @Option(help: "table or json.") var format: Format = .table

    func run() throws {
        let state = try global.task(id)
        guard state.status == .running, let cgroup = state.cgroup?.open() else {
            throw CommandFailure("task \(id) is not running", exitCode: 1)
        }
        let stats = cgroup.stats()
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
        case .table:
            func show(_ value: UInt64?) -> String { value.map(String.init) ?? "max" }
            print(Table.render([
                ["ID", "CPU USAGE (µs)", "MEMORY", "MEMORY LIMIT", "PIDS", "PIDS LIMIT"],
                [id, show(stats.cpuUsageMicroseconds), show(stats.memoryCurrent), show(stats.memoryLimit),
                 show(stats.pidsCurrent), show(stats.pidsLimit)],
            ]), terminator: "")
        }
    }
}
