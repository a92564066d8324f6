import Glibc
import Runtime
import SystemPackage

/// Where events go besides the task's own event log: `fd:N`, `unix:PATH`
/// or `file:PATH` (design.md §3). Writes never block: an event that does not
/// fit, or a destination that went away, is dropped, never waited for.
public final class EventSink {
    public enum Destination: Equatable, Sendable {
        case fd(Int32)
        case unix(String)
        case file(String)

        /// Parses `--events`; nil if it is none of the three forms.
        public init?(_ text: String) {
            if text.hasPrefix("fd:"), let n = Int32(text.dropFirst(3)), n >= 0 {
                self = .fd(n)
            } else if text.hasPrefix("unix:"), text.count > 5 {
                self = .unix(String(text.dropFirst(5)))
            } else if text.hasPrefix("file:"), text.count > 5 {
                self = .file(String(text.dropFirst(5)))
            } else {
                return nil
            }
        }
    }

    public let destination: Destination
    private var fd: FileDescriptor?

    public init(_ destination: Destination) {
        self.destination = destination
        fd = Self.open(destination)
    }

    deinit { try? fd?.close() }

    /// False when the line did not go out (dropped, or the disk is full).
    @discardableResult
    public func send(_ line: [UInt8]) -> Bool {
        if fd == nil, case .unix = destination { fd = Self.open(destination) }
        guard let current = fd else { return false }
        if case .file = destination {
            // Whole lines or nothing: a full disk leaves no truncated record; try again next time.
            return (try? HostFile.appendRecord(current, line)) != nil
        }
        let written = line.withUnsafeBytes { send(current, $0) }
        if written < 0 && errno != EAGAIN && errno != EINTR {
            // Gone (EPIPE, ECONNRESET, EBADF): stop trying, except a socket, which may come back.
            try? current.close()
            fd = nil
        }
        return written == line.count
    }

    private func send(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer) -> Int {
        if case .unix = destination { return Glibc.send(fd.rawValue, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return Glibc.write(fd.rawValue, bytes.baseAddress, bytes.count)
    }

    private static func open(_ destination: Destination) -> FileDescriptor? {
        switch destination {
        case .fd(let n):
            guard fcntl(n, F_GETFD) >= 0 else { return nil }
            _ = fcntl(n, F_SETFL, fcntl(n, F_GETFL) | O_NONBLOCK)
            _ = fcntl(n, F_SETFD, FD_CLOEXEC)
            return FileDescriptor(rawValue: n)
        case .file(let path):
            return try? FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .append, .closeOnExec, .nonBlocking],
                                            permissions: [.ownerReadWrite])
        case .unix(let path):
            // A listener that never accepts costs us 50 ms, once per event at most.
            return UnixSocket.connect(path: path, within: 0.05)
        }
    }
}

/// Fans each event out to the task's event log and every configured sink.
public final class EventBus {
    private let log: EventSink
    private let sinks: [EventSink]

    public init(eventLog path: String, destinations: [EventSink.Destination]) {
        log = EventSink(.file(path))
        sinks = destinations.map(EventSink.init)
    }

    /// Whether the event log's last write failed (reported once, not per event).
    private var logFailing = false

    public func emit(_ event: TaskEvent) {
        let line = event.jsonLine()
        let logged = log.send(line)
        for sink in sinks { sink.send(line) }
        if !logged && !logFailing {
            // The agent hears of it even though the node's disk cannot.
            warn(id: event.id, "event log: events dropped (its disk is full or cannot be written)")
        }
        logFailing = !logged
    }

    /// A `warning` event to the agent's destinations (and the event log, if
    /// it takes it) and a line on stderr.
    public func warn(id: String, _ message: String) {
        StandardError.write("taskexec: \(id): \(message)\n")
        let line = TaskEvent(id: id, type: .warning, error: message).jsonLine()
        log.send(line)
        for sink in sinks { sink.send(line) }
    }
}
