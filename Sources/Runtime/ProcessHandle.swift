import CSpawn
import Glibc
import SystemPackage

/// How a process ended: its exit code, or the signal that killed it.
public struct ExitStatus: Equatable, Sendable, Codable {
    public var exitCode: Int32?
    public var signal: Int32?

    public init(exitCode: Int32? = nil, signal: Int32? = nil) {
        self.exitCode = exitCode
        self.signal = signal
    }

    /// The shell's convention: the code, or 128+N for signal N.
    public var shellCode: Int32 { exitCode ?? (128 + (signal ?? 0)) }
}

/// A child process held by its pidfd: signals always reach that process,
/// never a recycled pid, and the pidfd polls readable when it exits.
public final class ProcessHandle: @unchecked Sendable {
    public let pid: pid_t
    public let pidfd: FileDescriptor

    init(pid: pid_t, pidfd: FileDescriptor) {
        self.pid = pid
        self.pidfd = pidfd
    }

    deinit { try? pidfd.close() }

    public func signal(_ number: Int32) throws(Errno) {
        let result = te_pidfd_send_signal(pidfd.rawValue, number)
        if result < 0 { throw Errno.fromNegative(result) }
    }

    /// Reaps the process; nil while it still runs (with `block` false).
    public func wait(block: Bool = true) throws(Errno) -> ExitStatus? {
        var code: Int32 = 0
        var status: Int32 = 0
        let result = te_pidfd_wait(pidfd.rawValue, block ? 0 : 1, &code, &status)
        if result < 0 { throw Errno.fromNegative(result) }
        if result == 0 { return nil }
        return code == CLD_EXITED ? ExitStatus(exitCode: status) : ExitStatus(signal: status)
    }

    /// Waits for the process to exit, passing on each signal read from
    /// `signals` (a signalfd; nil: none), and reaps it.
    public func waitForwarding(_ signals: FileDescriptor?) -> ExitStatus {
        while true {
            var fds = [pollfd(fd: pidfd.rawValue, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals?.rawValue ?? -1, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, -1)
            if fds[1].revents != 0, let signals, let number = SignalSet.read(signals) { try? signal(number) }
            if fds[0].revents != 0 { break }
        }
        return ((try? wait()) ?? nil) ?? ExitStatus(exitCode: 255)
    }
}
