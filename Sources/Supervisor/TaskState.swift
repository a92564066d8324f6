import Network
import OCISpec
import Runtime
import TaskSpec

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
    /// What `state` shows of secrets and configs: never their bytes or source.
    public var secrets: [FileSummary]
    public var configs: [FileSummary]
    /// Status, failing streak and the last five probe results, as `docker inspect`.
    public var health: HealthReport?
    public var healthcheck: HealthcheckRecord?
    /// The task's cgroup: which hierarchy and where, for stats, exec and delete.
    public var cgroup: CgroupRecord?
    /// The limits in force (`update` changes them).
    public var resources: CgroupLimits?
    /// Bridge tasks: the address and the published ports.
    public var network: NetworkRecord?
    public var stopSignal: String
    public var stopGracePeriod: String
    /// Which seccomp profile filters the task, its exec'd processes and its
    /// probes (compiled in `seccomp.bpf` beside this file); nil: unconfined.
    public var seccomp: SeccompRecord?

    enum CodingKeys: String, CodingKey {
        case id, status, pid, rootfs, command, error, namespaces, process, volumes, signal, secrets, configs, health, healthcheck, cgroup, resources, network, seccomp
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

    public struct FileSummary: Codable, Sendable, Equatable {
        public var name: String
        public var target: String
        /// Octal, as written in specs: "0444".
        public var mode: String
        public var uid: UInt32
        public var gid: UInt32

        public init(_ item: TaskSpec.FileItem) {
            name = item.name
            target = item.target
            let octal = String(item.mode, radix: 8)
            mode = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
            uid = item.uid
            gid = item.gid
        }
    }

    public struct CgroupRecord: Codable, Sendable, Equatable {
        public var version: CgroupVersion
        public var path: String

        public init(version: CgroupVersion, path: String) {
            self.version = version
            self.path = path
        }

        /// The live cgroup, or nil once it is gone.
        public func open() -> TaskCgroup? { Cgroups.driver(for: version).open(path) }
    }

    public struct SeccompRecord: Codable, Sendable, Equatable {
        /// "default" (taskexec's allowlist) or the profile's path as the spec gave it.
        public var profile: String
        /// The compiled filter's length in BPF instructions.
        public var instructions: Int

        public init(profile: String, instructions: Int) {
            self.profile = profile
            self.instructions = instructions
        }
    }

    public struct NetworkRecord: Codable, Sendable, Equatable {
        public var ip: String?
        public var ports: [PortMapping]
    }
}
