import Glibc
import Runtime

/// What a finished probe says: exit 0 is healthy, anything else is not.
public struct ProbeOutcome: Equatable, Sendable {
    public var exitCode: Int32
    public var output: String
}

/// One probe in flight, driven by a poll loop: it lists the descriptors it
/// waits on and is advanced when they are ready, so a probe never blocks the
/// supervisor (its output copying, its stop requests, its other timers).
protocol ProbeRun: AnyObject {
    /// (fd, poll events) to wait on.
    var watched: [(fd: Int32, events: Int16)] { get }
    /// Advances on a ready descriptor; the outcome once the probe is done.
    func advance(fd: Int32, revents: Int16) -> ProbeOutcome?
    /// The probe outlived its timeout: ends it for good and returns what it printed.
    func abort() -> String
}

/// A probe just started: running, or already finished (it could not start).
enum ProbeStart {
    case running(ProbeRun)
    case finished(ProbeOutcome)
}

/// Runs a probe to its end without a surrounding loop (`taskexec health`).
func runToCompletion(_ run: ProbeRun, timeout: Double, timeoutText: String) -> ProbeOutcome {
    let deadline = Timestamp.monotonic() + timeout
    while true {
        let watched = run.watched
        var fds = watched.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        let left = Int32(max(0, (deadline - Timestamp.monotonic()) * 1000).rounded(.up))
        if poll(&fds, nfds_t(fds.count), left) == 0 || Timestamp.monotonic() >= deadline {
            return ProbeOutcome(exitCode: -1, output: timedOutOutput(timeoutText, printed: run.abort()))
        }
        for (index, entry) in watched.enumerated() where fds[index].revents != 0 {
            if let outcome = run.advance(fd: entry.fd, revents: fds[index].revents) { return outcome }
        }
    }
}

/// docker's message for a probe that outlived its timeout, then what it printed.
func timedOutOutput(_ timeout: String, printed: String) -> String {
    let message = "Health check exceeded timeout (\(timeout))"
    return printed.isEmpty ? message : "\(message): \(printed)"
}
