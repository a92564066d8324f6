import OCISpec
import Runtime

/// What `state ID` shows and what other verbs (exec, kill, list) work from.
/// Written atomically by the supervisor at each change. Holds no secret:
/// the spec's secret data never reaches it.
public struct TaskState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case created, running, stopped }

    public var id: String
    public var status: Status
    public var pid: Int32?
    /// Start time of the init in clock ticks (/proc/PID/stat field 22), to tell it from a recycled pid.
    public var pidStartTime: UInt64?
    public var supervisorPid: Int32
    public var rootfs: String
    public var command: [String]
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    public var exitCode: Int32?
    public var signal: String?
    public var oomKilled: Bool?
    public var error: String?
    /// The namespaces `exec` joins.
    public var namespaces: [OCINamespaceType]
    /// The task's process (user, env, cwd, capabilities): the base of `exec`.
    public var process: OCIProcess
    public var volumes: [String]
    public var stopSignal: String
    public var stopGracePeriod: String

    enum CodingKeys: String, CodingKey {
        case id, status, pid, rootfs, command, error, namespaces, process, volumes, signal
        case pidStartTime = "pid_start_time"
        case supervisorPid = "supervisor_pid"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case exitCode = "exit_code"
        case oomKilled = "oom_killed"
        case stopSignal = "stop_signal"
        case stopGracePeriod = "stop_grace_period"
    }
}
