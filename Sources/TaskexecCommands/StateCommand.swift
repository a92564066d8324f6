import ArgumentParser
import FoundationEssentials
import Supervisor

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Show a task's state as JSON.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String

    func run() throws {
        let state = try global.task(id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(state), as: UTF8.self))
    }
}
