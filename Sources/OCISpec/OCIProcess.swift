/// The container's process (config.md "Process", POSIX and Linux parts).
public struct OCIProcess: Codable, Sendable, Equatable {
    /// Attach a pseudo-terminal to the process's standard streams (default false).
    public var terminal: Bool?
    /// The terminal's size in characters; ignored without `terminal`.
    public var consoleSize: OCIConsoleSize?
    /// Who the process runs as, in the container's user namespace.
    public var user: OCIUser
    /// argv; `args[0]` is resolved like execvp(3)'s file (against `PATH` in `env`).
    public var args: [String]?
    /// The environment, `KEY=value`.
    public var env: [String]?
    /// The absolute working directory inside the container.
    public var cwd: String
    /// The capability sets the process keeps.
    public var capabilities: OCICapabilities?
    /// setrlimit(2) limits; a type given twice is an error.
    public var rlimits: [OCIRlimit]?
    /// Sets PR_SET_NO_NEW_PRIVS (no privilege gain through execve).
    public var noNewPrivileges: Bool?
    /// The AppArmor profile to switch to.
    public var apparmorProfile: String?
    /// Written to /proc/[pid]/oom_score_adj.
    public var oomScoreAdj: Int?
    /// The SELinux context the process runs in.
    public var selinuxLabel: String?
    /// ioprio_set(2) class and priority for the process.
    public var ioPriority: OCIIOPriority?
    /// sched_setattr(2) scheduling of the process.
    public var scheduler: OCIScheduler?
    /// CPU affinity for processes exec'd into the container (spec 1.2.1).
    public var execCPUAffinity: OCICPUAffinity?

    public init(
        terminal: Bool? = nil,
        consoleSize: OCIConsoleSize? = nil,
        user: OCIUser = OCIUser(),
        args: [String]? = nil,
        env: [String]? = nil,
        cwd: String = "/",
        capabilities: OCICapabilities? = nil,
        rlimits: [OCIRlimit]? = nil,
        noNewPrivileges: Bool? = nil,
        apparmorProfile: String? = nil,
        oomScoreAdj: Int? = nil,
        selinuxLabel: String? = nil,
        ioPriority: OCIIOPriority? = nil,
        scheduler: OCIScheduler? = nil,
        execCPUAffinity: OCICPUAffinity? = nil
    ) {
        self.terminal = terminal
        self.consoleSize = consoleSize
        self.user = user
        self.args = args
        self.env = env
        self.cwd = cwd
        self.capabilities = capabilities
        self.rlimits = rlimits
        self.noNewPrivileges = noNewPrivileges
        self.apparmorProfile = apparmorProfile
        self.oomScoreAdj = oomScoreAdj
        self.selinuxLabel = selinuxLabel
        self.ioPriority = ioPriority
        self.scheduler = scheduler
        self.execCPUAffinity = execCPUAffinity
    }
}

/// A terminal size in characters.
public struct OCIConsoleSize: Codable, Sendable, Equatable {
    public var height: UInt
    public var width: UInt

    public init(height: UInt, width: UInt) {
        self.height = height
        self.width = width
    }
}

/// The user of the process, as numeric IDs in the container's user namespace
/// (names are resolved by whoever writes the config).
public struct OCIUser: Codable, Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    /// The umask of the process; when nil the runtime's umask is inherited.
    public var umask: UInt32?
    /// Supplementary groups (setgroups(2)).
    public var additionalGids: [UInt32]?
    /// A user name; only meaningful on Windows, ignored on Linux.
    public var username: String?

    public init(uid: UInt32 = 0, gid: UInt32 = 0, umask: UInt32? = nil,
                additionalGids: [UInt32]? = nil, username: String? = nil) {
        self.uid = uid
        self.gid = gid
        self.umask = umask
        self.additionalGids = additionalGids
        self.username = username
    }
}

/// The capability sets of the process, by name (`CAP_KILL`, ...). A nil set
/// is empty.
public struct OCICapabilities: Codable, Sendable, Equatable {
    public var bounding: [String]?
    public var effective: [String]?
    public var inheritable: [String]?
    public var permitted: [String]?
    public var ambient: [String]?

    public init(bounding: [String]? = nil, effective: [String]? = nil, inheritable: [String]? = nil,
                permitted: [String]? = nil, ambient: [String]? = nil) {
        self.bounding = bounding
        self.effective = effective
        self.inheritable = inheritable
        self.permitted = permitted
        self.ambient = ambient
    }
}

/// One resource limit of the process.
public struct OCIRlimit: Codable, Sendable, Equatable {
    /// The resource, as named in <sys/resource.h>: `RLIMIT_NOFILE`, `RLIMIT_NPROC`, ...
    public var type: String
    /// The ceiling for `soft` (rlim_max).
    public var hard: UInt64
    /// The limit the kernel enforces (rlim_cur).
    public var soft: UInt64

    public init(type: String, hard: UInt64, soft: UInt64) {
        self.type = type
        self.hard = hard
        self.soft = soft
    }
}

/// The I/O scheduling class and priority of the process (ioprio_set(2)).
public struct OCIIOPriority: Codable, Sendable, Equatable {
    /// `IOPRIO_CLASS_RT`, `IOPRIO_CLASS_BE` or `IOPRIO_CLASS_IDLE`.
    public var `class`: String
    /// The priority level within the class, 0 (highest) to 7.
    public var priority: Int32?

    public init(class: String, priority: Int32? = nil) {
        self.class = `class`
        self.priority = priority
    }
}

/// The scheduling attributes of the process (sched_setattr(2)).
public struct OCIScheduler: Codable, Sendable, Equatable {
    /// `SCHED_OTHER`, `SCHED_FIFO`, `SCHED_RR`, `SCHED_BATCH`, `SCHED_ISO`,
    /// `SCHED_IDLE` or `SCHED_DEADLINE`.
    public var policy: String
    /// The nice value, for `SCHED_OTHER` and `SCHED_BATCH`.
    public var nice: Int32?
    /// The static priority, for `SCHED_FIFO` and `SCHED_RR`.
    public var priority: Int32?
    /// `SCHED_FLAG_*` names, e.g. `SCHED_FLAG_RESET_ON_FORK`.
    public var flags: [String]?
    /// `SCHED_DEADLINE` runtime, in nanoseconds.
    public var runtime: UInt64?
    /// `SCHED_DEADLINE` deadline, in nanoseconds.
    public var deadline: UInt64?
    /// `SCHED_DEADLINE` period, in nanoseconds.
    public var period: UInt64?

    public init(policy: String, nice: Int32? = nil, priority: Int32? = nil, flags: [String]? = nil,
                runtime: UInt64? = nil, deadline: UInt64? = nil, period: UInt64? = nil) {
        self.policy = policy
        self.nice = nice
        self.priority = priority
        self.flags = flags
        self.runtime = runtime
        self.deadline = deadline
        self.period = period
    }
}

/// The CPUs a process exec'd into the container may run on, as cpuset lists
/// (`0-3,7`): before joining the container's cgroup and after.
public struct OCICPUAffinity: Codable, Sendable, Equatable {
    public var initial: String?
    public var final: String?

    public init(initial: String? = nil, final: String? = nil) {
        self.initial = initial
        self.final = final
    }
}
