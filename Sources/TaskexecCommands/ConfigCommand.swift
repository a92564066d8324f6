import ArgumentParser
import FoundationEssentials
import OCISpec
import Supervisor

/// `taskexec config SPEC`: the OCI runtime config.json `run` would build for
/// a spec, without creating anything: to see what a spec becomes, or to
/// give runc the same container (make bench does).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the OCI config.json that run builds for a spec (nothing is created).",
        discussion: "Secrets and configs are not in it: run gives them to the task from memory.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The task spec (JSON), or - for standard input.")
    var spec: String

    @Option(name: .long, help: "Parent cgroup of the task's own (<parent>/taskexec/<id>).")
    var cgroupParent: String = "/"

    func validate() throws {
        try CgroupParentOption.check(cgroupParent)
    }

    func run() throws {
        let task = try SpecSource.decode(try SpecSource.read(spec))
        let config: OCIConfig
        do {
            config = try TaskConfig.build(task, paths: global.paths, cgroupParent: cgroupParent)
        } catch {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(config), as: UTF8.self))
    }
}
