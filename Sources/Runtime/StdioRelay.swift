import Glibc
import SystemPackage

/// `exec` into a task through pipes, as `run` does and docker hands FIFOs:
/// the process gets pipe ends, never the caller's own descriptors (through
/// /proc/PID/fd/1 a process in the task could otherwise read or truncate
/// the agent's log file). Our stdin is copied to it, its stdout and stderr
/// to ours, while signals are passed on, until it exits.
public final class StdioRelay {
    /// The ends the process gets as 0, 1 and 2.
    public let processEnds: StandardIO
    private var input: FileDescriptor?
    private let output: FileDescriptor
    private let errors: FileDescriptor

    public init() throws(Errno) {
        let input = try Pipe(), output = try Pipe(), errors = try Pipe()
        processEnds = StandardIO(input: input.readEnd, output: output.writeEnd, error: errors.writeEnd)
        self.input = input.writeEnd
        self.output = output.readEnd
        self.errors = errors.readEnd
        _ = fcntl(input.writeEnd.rawValue, F_SETFL, fcntl(input.writeEnd.rawValue, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        try? input?.close()
        try? output.close()
        try? errors.close()
    }

    /// After the spawn: only the process holds its ends now.
    public func closeProcessEnds() {
        try? processEnds.input.close()
        try? processEnds.output.close()
        try? processEnds.error.close()
    }

    /// Copies until `process` exits (then what is left in its pipes, for a
    /// second at most: a process it left behind may hold them), passing on
    /// each signal read from `signals`, and reaps it.
    public func run(until process: ProcessHandle, forwarding signals: FileDescriptor?) -> ExitStatus {
        var pending: [UInt8] = []
        var stdinOpen = true
        var streams: [(from: FileDescriptor, to: Int32)?] = [(output, STDOUT_FILENO), (errors, STDERR_FILENO)]
        var exitedAt: Double?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while streams.contains(where: { $0 != nil }) {
            if let exitedAt, Timestamp.monotonic() - exitedAt > 1 { break }
            var fds = [pollfd(fd: exitedAt == nil ? process.pidfd.rawValue : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals?.rawValue ?? -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stdinOpen && pending.isEmpty && input != nil ? STDIN_FILENO : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: !pending.isEmpty ? input?.rawValue ?? -1 : -1, events: Int16(POLLOUT), revents: 0)]
            fds += streams.map { pollfd(fd: $0?.from.rawValue ?? -1, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), exitedAt == nil ? -1 : 100)
            if fds[0].revents != 0 { exitedAt = Timestamp.monotonic() }
            if fds[1].revents != 0, let signals, let number = SignalSet.read(signals) { try? process.signal(number) }
            if fds[2].revents != 0 {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count > 0 { pending += buffer[0..<count] } else if count == 0 || errno != EINTR && errno != EAGAIN { stdinOpen = false }
            }
            if let writer = input, !pending.isEmpty {
                let count = pending.withUnsafeBytes { write(writer.rawValue, $0.baseAddress, $0.count) }
                if count > 0 { pending.removeFirst(count) } else if count < 0 && errno != EAGAIN && errno != EINTR { pending = []; stdinOpen = false }
            }
            // Our stdin ended and all of it was passed on: the process sees EOF.
            if !stdinOpen && pending.isEmpty, let writer = input {
                try? writer.close()
                input = nil
            }
            for index in streams.indices where fds[4 + index].revents != 0 {
                guard let stream = streams[index] else { continue }
                let count = read(stream.from.rawValue, &buffer, buffer.count)
                if count > 0 {
                    _ = try? FileDescriptor(rawValue: stream.to).writeAll(buffer[0..<count])
                } else if count == 0 || errno != EINTR {
                    streams[index] = nil
                }
            }
        }
        return ((try? process.wait()) ?? nil) ?? ExitStatus(exitCode: 255)
    }
}
