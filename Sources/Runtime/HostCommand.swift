import CSpawn
import Glibc
import SystemPackage

/// Runs a host program (a CNI plugin) to completion: stdin given, stdout and
/// stderr captured. No descriptor of ours leaks to it: every pipe is
/// close-on-exec except the three it gets.
public enum HostCommand {
    public struct Output: Sendable {
        public var status: ExitStatus
        public var stdout: [UInt8]
        public var stderr: [UInt8]
    }

    /// `timeout`: past it the program and its process group are killed and
    /// ETIMEDOUT is thrown (a CNI plugin that hangs must not hold a task in
    /// `created` forever).
    public static func run(_ path: String, arguments: [String] = [], environment: [String], stdin: [UInt8],
                           timeout: Double? = nil) throws(Errno) -> Output {
        let input = try Pipe(), output = try Pipe(), errors = try Pipe()
        let stdio = StandardIO(input: input.readEnd, output: output.writeEnd, error: errors.writeEnd)
        let pid: pid_t
        do {
            pid = try posixSpawn(path, argv: [path] + arguments, environment: environment, stdio: stdio, ownGroup: timeout != nil)
        } catch {
            for fd in [input.readEnd, input.writeEnd, output.readEnd, output.writeEnd, errors.readEnd, errors.writeEnd] { try? fd.close() }
            throw error
        }
        try? input.readEnd.close()
        try? output.writeEnd.close()
        try? errors.writeEnd.close()
        _ = fcntl(input.writeEnd.rawValue, F_SETFL, fcntl(input.writeEnd.rawValue, F_GETFL) | O_NONBLOCK)
        _ = try? input.writeEnd.writeAll(stdin)
        try? input.writeEnd.close()
        let deadline = timeout.map { Timestamp.monotonic() + $0 }
        let (stdout, stderr, finished) = readBoth(output.readEnd, errors.readEnd, until: deadline)
        if !finished { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard finished else { throw .timedOut }
        let exit = (status & 0x7f) == 0 ? ExitStatus(exitCode: (status >> 8) & 0xff) : ExitStatus(signal: status & 0x7f)
        return Output(status: exit, stdout: stdout, stderr: stderr)
    }

    /// Starts a host program with the given stdio and returns at once (OCI
    /// hooks, which the caller times out). argv[0] is `arguments[0]`.
    public static func spawn(path: String, arguments: [String], environment: [String], stdio: StandardIO) throws(RuntimeError) -> ProcessHandle {
        let pid: pid_t
        do {
            pid = try posixSpawn(path, argv: arguments, environment: environment, stdio: stdio, ownGroup: false)
        } catch {
            throw RuntimeError(stage: "exec", detail: path, errno: error)
        }
        let pidfd = te_pidfd_open(pid)
        guard pidfd >= 0 else {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            throw RuntimeError(stage: "pidfd_open", detail: path, errno: Errno(rawValue: -pidfd))
        }
        return ProcessHandle(pid: pid, pidfd: FileDescriptor(rawValue: pidfd))
    }

    /// posix_spawn with `stdio` as 0, 1, 2 and SIGPIPE at its default.
    private static func posixSpawn(_ path: String, argv arguments: [String], environment: [String], stdio: StandardIO,
                                   ownGroup: Bool) throws(Errno) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdio.input.rawValue, 0)
        posix_spawn_file_actions_adddup2(&actions, stdio.output.rawValue, 1)
        posix_spawn_file_actions_adddup2(&actions, stdio.error.rawValue, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var attributes = defaultSignalsAttributes(ownGroup: ownGroup)
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw Errno(rawValue: spawned) }
        return pid
    }

    /// The program starts with SIGPIPE at its default even though we ignore
    /// it (a hook that exits before reading its stdin must not kill us).
    /// `ownGroup`: its own process group, so a timeout kills what it forked too.
    private static func defaultSignalsAttributes(ownGroup: Bool) -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | (ownGroup ? POSIX_SPAWN_SETPGROUP : 0)))
        return attributes
    }

    /// Both pipes to their end, without letting either fill and stall the
    /// program; false with what came so far when the deadline passes first.
    private static func readBoth(_ first: FileDescriptor, _ second: FileDescriptor, until deadline: Double?) -> ([UInt8], [UInt8], Bool) {
        var results: [[UInt8]] = [[], []]
        var open = [first, second]
        var buffer = [UInt8](repeating: 0, count: 65536)
        defer { for fd in open where fd.rawValue >= 0 { try? fd.close() } }
        while open.contains(where: { $0.rawValue >= 0 }) {
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - Timestamp.monotonic()
                guard left > 0 else { return (results[0], results[1], false) }
                wait = Int32(min(left * 1000, 60_000).rounded(.up))
            }
            var fds = open.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), wait) >= 0 || errno == EINTR else { break }
            for index in 0..<2 where fds[index].revents != 0 && open[index].rawValue >= 0 {
                let count = read(open[index].rawValue, &buffer, buffer.count)
                if count > 0 {
                    results[index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || errno != EINTR {
                    try? open[index].close()
                    open[index] = FileDescriptor(rawValue: -1)
                }
            }
        }
        return (results[0], results[1], true)
    }
}
