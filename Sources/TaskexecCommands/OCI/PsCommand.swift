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
