import FoundationEssentials

/// One line of the event stream (design.md §3).
public struct TaskEvent: Encodable, Sendable {
    public enum Kind: String, Encodable, Sendable {
        case created, started, healthStatus = "health_status", oom, updated, stopping, exited
    }

    public var time: String
    public var id: String
    public var type: Kind
    public var pid: Int32?
    public var exitCode: Int32?
    public var signal: String?
    public var oomKilled: Bool?
    public var reason: String?
    public var error: String?

    public init(id: String, type: Kind, pid: Int32? = nil, exitCode: Int32? = nil, signal: String? = nil,
                oomKilled: Bool? = nil, reason: String? = nil, error: String? = nil) {
        self.time = Timestamp.now()
        self.id = id
        self.type = type
        self.pid = pid
        self.exitCode = exitCode
        self.signal = signal
        self.oomKilled = oomKilled
        self.reason = reason
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case time, id, type, pid, signal, reason, error
        case exitCode = "exit_code"
        case oomKilled = "oom_killed"
    }

    /// The event as one JSON line, newline included.
    public func jsonLine() -> [UInt8] {
        let data = (try? JSONEncoder().encode(self)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }
}
