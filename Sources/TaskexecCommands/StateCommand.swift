import ArgumentParser
import FoundationEssentials
import Supervisor

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Show a task's state, or an OCI container's, as JSON.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task or container id.") var id: String

    func run() throws {
        if let container = try global.container(id) {
            print(container.stateJSON())
            return
        }
        let state = try global.task(id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(state), as: UTF8.self))
    }
}
