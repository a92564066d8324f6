import ArgumentParser
import Glibc
import OCIRuntime
import Runtime
import Supervisor
import SystemPackage
import Translation

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command inside a running task or OCI container (its namespaces, user, env and workdir).",
        discussion: "The options after --workdir are runc's, for OCI containers.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .long], help: "Set an environment variable KEY=VALUE (repeatable).") var env: [String] = []
    @Option(name: [.short, .long], help: "User as uid[:gid] (tasks also take name[:group], looked up in the task's /etc/passwd).") var user: String?
    @Option(name: [.short, .long], help: "Working directory inside the task.") var workdir: String?
    @Option(help: "Working directory inside the container (runc's name for --workdir).") var cwd: String?
    @Option(name: [.short, .long], help: "An OCI process JSON file describing the process to run.") var process: String?
    @Flag(name: [.short, .long], help: "Return once the process has started; it outlives this command.") var detach = false
    @Option(help: "Write the process's pid to this file.") var pidFile: String?
    @Flag(name: [.short, .long], help: "Give the process a terminal (needs --console-socket).") var tty = false
    @Option(help: "Unix socket to send the terminal's master fd to.") var consoleSocket: String?
    @Option(name: [.customShort("g"), .long], help: "Additional group id (repeatable).") var additionalGids: [UInt32] = []
    @Option(name: [.customShort("c"), .long], help: "Add a capability (repeatable).") var cap: [String] = []
    @Flag(help: "Set no_new_privs for the process.") var noNewPrivs = false
    @Option(help: "Pass this many extra inherited fds (3, 4, ...) to the process.") var preserveFds = 0
    @Flag(help: "Allow exec into a paused container.") var ignorePaused = false
    @Flag(help: "Tasks: give the process this command's own stdin, stdout and stderr (runc's shape) instead of pipes copied through.")
    var directStdio = false
    @Argument(help: "The task or container id.") var id: String
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.") var command: [String] = []

    /// Options that only OCI containers take, by name, when given.
    private var ociOnlyOptions: [String] {
        [(process != nil, "--process"), (detach, "--detach"), (pidFile != nil, "--pid-file"), (tty, "--tty"),
         (consoleSocket != nil, "--console-socket"), (!additionalGids.isEmpty, "--additional-gids"), (!cap.isEmpty, "--cap"),
         (noNewPrivs, "--no-new-privs"), (preserveFds != 0, "--preserve-fds"), (ignorePaused, "--ignore-paused")]
            .filter(\.0).map(\.1)
    }

    mutating func validate() throws {
        if command.first == "--" { command.removeFirst() }
        if let cwd {
            guard workdir == nil else { throw ValidationError("give --cwd or --workdir, not both") }
            workdir = cwd
        }
        guard !command.isEmpty || process != nil else { throw ValidationError("missing command: taskexec exec ID -- CMD [ARG...]") }
        guard command.isEmpty || process == nil else { throw ValidationError("give a command or --process FILE, not both") }
        for entry in env where entry.split(separator: "=", maxSplits: 1).first.map({ $0.isEmpty || !entry.contains("=") }) ?? true {
            throw ValidationError("-e: \"\(entry)\" is not KEY=VALUE")
        }
        if let workdir, !workdir.hasPrefix("/") { throw ValidationError("-w: must be an absolute path") }
    }

    func run() throws {
        if let container = try global.container(id) {
            try execInContainer(container)
            return
        }
        if let option = ociOnlyOptions.first { throw CommandFailure.usage("\(option) applies to OCI containers only") }
        let args = command
        let state = try global.task(id)
        guard state.status == .running, let pid = state.pid, let start = state.pidStartTime,
              ProcStat.isSameProcess(pid: pid, startTime: start) else {
            throw CommandFailure("task \(id) is not running", exitCode: 1)
        }
        let target = try ContainerTarget.open(pid: pid, namespaces: state.namespaces)
        let ociUser = try user.map { (spec) throws(RuntimeError) in
            let root = open("/proc/\(pid)/root", O_PATH | O_DIRECTORY | O_CLOEXEC)
            defer { close(root) }
            return try UserDatabase.resolve(spec, root: FileDescriptor(rawValue: root)).ociUser
        }
        let process = SpecTranslation.execProcess(base: state.process, args: args, env: env, user: ociUser, cwd: workdir)
        let seccomp = try global.seccompProgram(of: state)
        let signals = try SignalSet([SIGINT, SIGTERM, SIGHUP, SIGQUIT]).blockAndOpenSignalFD()
        // Pipes by default: a process in the task never holds the caller's own
        // descriptors (through /proc/PID/fd it could read or truncate the agent's log).
        let relay: StdioRelay? = directStdio ? nil : try StdioRelay()
        let child: ProcessHandle
        do {
            child = try ExecSpawner.spawn(process, into: target, stdio: relay?.processEnds ?? .inherited,
                                          cgroup: state.cgroup?.open(), seccomp: seccomp)
        } catch {
            throw CommandFailure(error.description, exitCode: error.exitCode)
        }
        relay?.closeProcessEnds()
        // Forward our signals to the command until it exits.
        let status = relay?.run(until: child, forwarding: signals) ?? child.waitForwarding(signals)
        if status.shellCode != 0 { throw ExitCode(status.shellCode) }
    }

    private func execInContainer(_ container: Container) throws {
        var request = ExecRequest()
        request.processFile = process?.absolutePath
        request.args = command
        request.env = env
        request.cwd = workdir
        request.user = user
        request.additionalGids = additionalGids
        request.addedCapabilities = cap
        request.noNewPrivileges = noNewPrivs
        request.tty = tty
        request.consoleSocket = consoleSocket?.absolutePath
        request.detach = detach
        request.pidFile = pidFile?.absolutePath
        request.preservedFDs = try InheritedDescriptors.count(preserveFds: preserveFds)
        request.ignorePaused = ignorePaused
        let signals = detach ? nil : try SignalSet([SIGINT, SIGTERM, SIGHUP, SIGQUIT]).blockAndOpenSignalFD()
        let status: ExitStatus?
        do {
            status = try container.exec(request, forwarding: signals)
        } catch {
            throw CommandFailure(error)
        }
        if let status, status.shellCode != 0 { throw ExitCode(status.shellCode) }
    }
}
