import CSpawn
import Glibc
import OCISpec
import Runtime
import SystemPackage

/// Runs OCI hooks (config.md "POSIX-platform Hooks"): each gets the
/// container's state on stdin; a non-zero exit or a timeout is its failure.
enum Hooks {
    /// Where a hook runs: the runtime's namespaces, or the container's
    /// (joined through its init, as `exec` does).
    enum Place { case runtime, container(ContainerTarget) }

    /// Runs `hooks` in order; the first failure stops the list and is thrown.
    static func run(_ hooks: [OCIHook]?, kind: String, state: OCIState, in place: Place) throws(ContainerError) {
        let input = (try? state.encoded()) ?? []
        for hook in hooks ?? [] {
            if let failure = runOne(hook, input: input, in: place) {
                throw ContainerError("\(kind) hook \(hook.path): \(failure)", exitCode: 1)
            }
        }
    }

    /// Runs every hook, reporting failures as warnings (poststart, poststop).
    static func runAll(_ hooks: [OCIHook]?, kind: String, state: OCIState, warn: (String) -> Void) {
        let input = (try? state.encoded()) ?? []
        for hook in hooks ?? [] {
            if let failure = runOne(hook, input: input, in: .runtime) { warn("\(kind) hook \(hook.path): \(failure)") }
        }
    }

    /// nil on success, else why it failed (with what it printed).
    private static func runOne(_ hook: OCIHook, input: [UInt8], in place: Place) -> String? {
        guard hook.path.hasPrefix("/") else { return "path must be absolute" }
        if let timeout = hook.timeout, timeout <= 0 { return "timeout must be positive" }
        let stdin: Pipe, output: Pipe
        do {
            stdin = try Pipe()
            output = try Pipe()
        } catch {
            return "pipe: \(error.reason)"
        }
        let stdio = StandardIO(input: stdin.readEnd, output: output.writeEnd, error: output.writeEnd)
        let process: ProcessHandle
        do {
            process = try spawn(hook, stdio: stdio, in: place)
        } catch {
            for fd in [stdin.readEnd, stdin.writeEnd, output.readEnd, output.writeEnd] { try? fd.close() }
            return error.description
        }
        try? stdin.readEnd.close()
        try? output.writeEnd.close()
        // A hook may exit without reading its stdin: EPIPE, not SIGPIPE.
        let previous = signal(SIGPIPE, SIG_IGN)
        _ = try? stdin.writeEnd.writeAll(input)
        signal(SIGPIPE, previous)
        try? stdin.writeEnd.close()
        defer { try? output.readEnd.close() }
        let deadline = hook.timeout.map { Timestamp.monotonic() + Double($0) }
        let printed = readUntilExit(process, output: output.readEnd, deadline: deadline)
        guard let status = try? process.wait(block: false) ?? nil else {
            try? process.signal(SIGKILL)
            _ = try? process.wait()
            return "timed out after \(hook.timeout ?? 0)s" + quoted(printed)
        }
        if status.exitCode == 0 { return nil }
        let how = status.exitCode.map { "exit status \($0)" } ?? "killed by signal \(status.signal ?? 0)"
        return how + quoted(printed)
    }

    private static func spawn(_ hook: OCIHook, stdio: StandardIO, in place: Place) throws(RuntimeError) -> ProcessHandle {
        let args = hook.args.flatMap { $0.isEmpty ? nil : $0 } ?? [hook.path]
        switch place {
        case .runtime:
            return try HostCommand.spawn(path: hook.path, arguments: args, environment: hook.env ?? [], stdio: stdio)
        case .container(let target):
            // argv[0] is the hook's path, as execv(path, args) would run it.
            let process = OCIProcess(user: OCIUser(), args: [hook.path] + args.dropFirst(), env: hook.env ?? [], cwd: "/")
            return try ExecSpawner.spawn(process, into: target, stdio: stdio)
        }
    }

    /// Collects output until the hook exits or the deadline passes.
    private static func readUntilExit(_ process: ProcessHandle, output: FileDescriptor, deadline: Double?) -> [UInt8] {
        var printed: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var outputOpen = true
        while true {
            let remaining = deadline.map { max(0, Int32(($0 - Timestamp.monotonic()) * 1000)) } ?? -1
            if remaining == 0 { return printed }
            var fds = [pollfd(fd: process.pidfd.rawValue, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: outputOpen ? output.rawValue : -1, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, remaining) >= 0 || errno == EINTR else { return printed }
            if fds[1].revents != 0 {
                let count = read(output.rawValue, &buffer, buffer.count)
                if count > 0 {
                    if printed.count < 4096 { printed += buffer[0..<count] }
                } else if count == 0 || errno != EINTR {
                    outputOpen = false
                }
            }
            // Exited, and nothing more to read now.
            if fds[0].revents != 0 && (!outputOpen || fds[1].revents == 0) { return printed }
        }
    }

    private static func quoted(_ printed: [UInt8]) -> String {
        let text = String(decoding: printed, as: UTF8.self).trimmingTrailingNewlines
        return text.isEmpty ? "" : ": \(text)"
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
