import ArgumentParser
import Glibc
import Runtime
import Supervisor
import SystemPackage
import Translation

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command inside a running task (its namespaces, user, env and workdir).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .short, help: "Set an environment variable KEY=VALUE (repeatable).") var env: [String] = []
    @Option(name: .short, help: "User as uid[:gid] or name[:group], looked up in the task's /etc/passwd.") var user: String?
    @Option(name: .short, help: "Working directory inside the task.") var workdir: String?
    @Argument(help: "The task id.") var id: String
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.") var command: [String] = []

    mutating func validate() throws {
        if command.first == "--" { command.removeFirst() }
        guard !command.isEmpty else { throw ValidationError("missing command: taskexec exec ID -- CMD [ARG...]") }
        for entry in env where entry.split(separator: "=", maxSplits: 1).first.map({ $0.isEmpty || !entry.contains("=") }) ?? true {
            throw ValidationError("-e: \"\(entry)\" is not KEY=VALUE")
        }
        if let workdir, !workdir.hasPrefix("/") { throw ValidationError("-w: must be an absolute path") }
    }

    func run() throws {
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
        let signals = try SignalSet([SIGINT, SIGTERM, SIGHUP, SIGQUIT]).blockAndOpenSignalFD()
        let child: ProcessHandle
        do {
            child = try ExecSpawner.spawn(process, into: target, stdio: .inherited, cgroup: state.cgroup?.open(), seccomp: state.seccomp)
        } catch {
            throw CommandFailure(error.description, exitCode: error.exitCode)
        }
        // Forward our signals to the command until it exits.
        while true {
            var fds = [pollfd(fd: child.pidfd.rawValue, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals.rawValue, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, -1)
            if fds[1].revents != 0, let signal = SignalSet.read(signals) { try? child.signal(signal) }
            if fds[0].revents != 0 { break }
        }
        let status = try child.wait() ?? ExitStatus(exitCode: 255)
        if status.shellCode != 0 { throw ExitCode(status.shellCode) }
    }
}
