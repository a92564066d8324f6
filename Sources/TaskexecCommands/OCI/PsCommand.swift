import ArgumentParser
import OCIRuntime
import Runtime

/// OCI `ps`: the processes in a container's cgroup.
struct PsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "OCI: list the processes of a container.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "table or json (an array of host pids, as runc prints).") var format = "table"
    @Argument(help: "The container id.") var id: String

    func run() throws {
        guard format == "table" || format == "json" else { throw CommandFailure.usage("--format: expected table or json") }
        guard let container = try global.container(id) else { throw CommandFailure("container \(id) does not exist", exitCode: 1) }
        let pids = container.processes()
        if format == "json" {
            print("[" + pids.map(String.init).joined(separator: ",") + "]")
            return
        }
        print("PID\tCMD")
        for pid in pids {
            let bytes = (try? HostFile.readBytes("/proc/\(pid)/cmdline")) ?? []
            let command = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            print("\(pid)\t\(command)")
        }
    }
}

/// OCI `pause`: freeze every process of the container.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "OCI: freeze a running container.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The container id.") var id: String

    func run() throws { try FreezeVerb.set(id: id, paused: true, global: global) }
}

/// OCI `resume`: thaw a paused container.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "OCI: thaw a paused container.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The container id.") var id: String

    func run() throws { try FreezeVerb.set(id: id, paused: false, global: global) }
}

enum FreezeVerb {
    static func set(id: String, paused: Bool, global: GlobalOptions) throws(CommandFailure) {
        guard let container = try global.container(id) else { throw CommandFailure("container \(id) does not exist", exitCode: 1) }
        do {
            try container.setPaused(paused)
        } catch {
            throw CommandFailure(error)
        }
    }
}

/// OCI `features`: what this runtime supports, as JSON.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "features", abstract: "OCI: print the runtime's features as JSON.")

    func run() throws { print(RuntimeFeatures.json()) }
}
