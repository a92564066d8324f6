import ArgumentParser
import Network
import Runtime
import Supervisor
import SystemPackage
import TaskSpec

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a task from its spec, in the foreground or detached.",
        discussion: "Pass - as SPEC to read the spec from standard input, so inline secrets never touch the disk.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The task spec (JSON), or - for standard input.")
    var spec: String

    @Flag(name: [.short, .long], help: "Return once the task is running, leaving its supervisor behind.")
    var detach = false

    @Option(name: .long, help: "Also send events to fd:N, unix:PATH or file:PATH (repeatable).")
    var events: [String] = []

    @Option(name: .long, help: "Parent cgroup of the task's own (<parent>/taskexec/<id>).")
    var cgroupParent: String = "/"

    @Option(name: .long, help: "Directory with the CNI .conflist to use for network \"bridge\" (default: taskexec's own).")
    var cniConfDir: String?

    @Option(name: .long, help: "Directory of the CNI plugins.")
    var cniBinDir: String = CNINetwork.defaultBinDirectory

    @Option(name: .long, help: "Seconds a CNI plugin may take before it is killed (then DEL runs).")
    var cniTimeout: Double = CNINetwork.defaultTimeout

    var networkArguments: [String] {
        ["--cni-bin-dir", cniBinDir, "--cni-timeout", String(cniTimeout)] + (cniConfDir.map { ["--cni-conf-dir", $0.absolutePath] } ?? [])
    }

    func validate() throws {
        try CgroupParentOption.check(cgroupParent)
        guard cniTimeout > 0 else { throw ValidationError("--cni-timeout must be greater than 0") }
    }

    func run() throws {
        let source = try SpecSource.read(spec)
        let task = try SpecSource.decode(source)
        let destinations = try events.map { (text) throws(CommandFailure) in
            guard let destination = EventSink.Destination(text) else {
                throw .usage("--events: \"\(text)\" is not fd:N, unix:PATH or file:PATH")
            }
            return destination
        }
        if detach {
            try DetachedSupervisor.start(source, global: global, events: events,
                                         extra: ["--cgroup-parent", cgroupParent] + networkArguments)
            print(task.id)
            return
        }
        var options = TaskSupervisor.Options(paths: global.paths, events: destinations, foreground: true, cgroupParent: cgroupParent,
                                             cniConfigDirectory: cniConfDir?.absolutePath, cniBinDirectory: cniBinDir)
        options.cniTimeout = cniTimeout
        let code = TaskSupervisor(spec: task, options: options).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// A spec's bytes and the directory its relative paths are relative to.
struct SpecSource {
    var bytes: [UInt8]
    var baseDirectory: String

    static func read(_ argument: String) throws(CommandFailure) -> SpecSource {
        if argument == "-" {
            let bytes = (try? HostFile.readAll(.standardInput)) ?? []
            return SpecSource(bytes: bytes, baseDirectory: WorkingDirectory.current)
        }
        let path = argument.absolutePath
        do {
            let bytes = try HostFile.readBytes(path)
            return SpecSource(bytes: bytes, baseDirectory: String(path[..<path.lastIndex(of: "/")!]).nonEmpty ?? "/")
        } catch {
            throw .usage("spec: cannot read \(argument): \(error.reason)")
        }
    }

    /// Decodes, validates and checks the spec against the node: any failure is exit 2.
    static func decode(_ source: SpecSource) throws(CommandFailure) -> TaskSpec {
        do {
            let spec = try SpecDecoder.decode(source.bytes, baseDirectory: source.baseDirectory)
            return try Preflight.check(spec)
        } catch {
            throw .usage(error.description)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
