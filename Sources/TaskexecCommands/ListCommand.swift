import ArgumentParser
import FoundationEssentials
import Supervisor

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tasks.", aliases: ["ls"])

    enum Format: String, ExpressibleByArgument { case table, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "table or json.") var format: Format = .table

    func run() throws {
        let summaries = global.store.ids().compactMap(global.store.entry).map(Summary.init)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(summaries), as: UTF8.self))
        case .table:
            let rows = [["ID", "STATUS", "PID", "CREATED", "COMMAND"]] + summaries.map { summary in
                [summary.id, summary.status, summary.pid.map(String.init) ?? "-", summary.createdAt, summary.command.joined(separator: " ")]
            }
            print(Table.render(rows), terminator: "")
        }
    }

    /// What `list` shows of a task: nothing of its env or process.
    struct Summary: Encodable {
        var id: String
        var status: String
        var pid: Int32?
        var createdAt: String
        var exitCode: Int32?
        var command: [String]

        init(_ entry: StateStore.Entry) {
            switch entry {
            case .task(let state):
                self.init(state)
            case .damaged(let id, let alive):
                // Its state is missing or unreadable: shown, so that `delete --force` can be found.
                self.init(id: id, status: alive ? "damaged (supervisor running)" : "damaged", pid: nil, createdAt: "-",
                          exitCode: nil, command: [])
            }
        }

        init(id: String, status: String, pid: Int32?, createdAt: String, exitCode: Int32?, command: [String]) {
            self.id = id
            self.status = status
            self.pid = pid
            self.createdAt = createdAt
            self.exitCode = exitCode
            self.command = command
        }

        init(_ state: TaskState) {
            id = state.id
            status = state.status == .stopped ? (state.exitCode.map { "exited (\($0))" } ?? "stopped") : state.status.rawValue
            pid = state.status == .stopped ? nil : state.pid
            createdAt = state.createdAt
            exitCode = state.exitCode
            command = state.command
        }

        enum CodingKeys: String, CodingKey {
            case id, status, pid, command
            case createdAt = "created_at"
            case exitCode = "exit_code"
        }
    }
}

enum Table {
    /// Left-aligned columns, three spaces apart, as docker prints them.
    static func render(_ rows: [[String]]) -> String {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (index, cell) in row.enumerated() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 3)
            }.joined() + "\n"
        }.joined()
    }
}
