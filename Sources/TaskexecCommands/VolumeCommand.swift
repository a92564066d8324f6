import ArgumentParser
import Runtime
import Supervisor

struct VolumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume", abstract: "Manage named volumes.", subcommands: [List.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List volumes.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            for name in HostFile.listDirectory(global.paths.volumesDirectory) { print(name) }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a volume no running task uses.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The volume name.") var name: String

        func run() throws {
            let path = global.paths.volumesDirectory + "/" + name
            guard !name.contains("/"), name != ".", name != "..", HostFile.isDirectory(path) else {
                throw CommandFailure("no such volume: \(name)", exitCode: 1)
            }
            let store = global.store
            let users = store.ids().compactMap(store.read).filter { $0.status != .stopped && $0.volumes.contains(name) }
            if let user = users.first {
                throw CommandFailure("volume \(name) is in use by task \(user.id)", exitCode: 1)
            }
            HostFile.removeTree(path)
        }
    }
}
