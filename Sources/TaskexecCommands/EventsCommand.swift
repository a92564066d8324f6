import ArgumentParser
import Runtime
import SystemPackage

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Print a task's events, a JSON object a line.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String
    @Flag(name: [.short, .long], help: "Keep printing new events until the task's supervisor exits.") var follow = false

    func run() throws {
        _ = try global.task(id)
        let store = global.store
        let id = id
        FileFollower(path: global.paths.eventLog(id), follow: follow, stillWriting: { store.isSupervisorAlive(id) })
            .lines { line in _ = try? FileDescriptor.standardOutput.writeAll(line + [0x0A]) }
    }
}
