/// The seccomp filter of the process (config-linux.md "Seccomp"). Actions,
/// architectures, flags and operators are libseccomp's names, kept as
/// strings: the runtime maps them and refuses names it does not know.
public struct OCISeccomp: Codable, Sendable, Equatable {
    /// The action for syscalls no rule matches: `SCMP_ACT_ALLOW`,
    /// `SCMP_ACT_ERRNO`, `SCMP_ACT_KILL_PROCESS`, ... (the values of `OCISyscall.action`).
    public var defaultAction: String
    /// The errno (`SCMP_ACT_ERRNO`) or tracer value (`SCMP_ACT_TRACE`) of
    /// `defaultAction`; default EPERM. An error with any other action.
    public var defaultErrnoRet: UInt32?
    /// Extra syscall architectures the filter accepts (`SCMP_ARCH_X86`, ...);
    /// the native one is always included.
    public var architectures: [String]?
    /// seccomp(2) flags: `SECCOMP_FILTER_FLAG_LOG`, `SECCOMP_FILTER_FLAG_SPEC_ALLOW`, ...
    public var flags: [String]?
    /// A UNIX socket the runtime sends the notify fd to (with `SCMP_ACT_NOTIFY`).
    public var listenerPath: String?
    /// Opaque data passed to the listener along with the fd.
    public var listenerMetadata: String?
    /// The rules, in order.
    public var syscalls: [OCISyscall]?

    public init(defaultAction: String, defaultErrnoRet: UInt32? = nil, architectures: [String]? = nil,
                flags: [String]? = nil, listenerPath: String? = nil, listenerMetadata: String? = nil,
                syscalls: [OCISyscall]? = nil) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.flags = flags
        self.listenerPath = listenerPath
        self.listenerMetadata = listenerMetadata
        self.syscalls = syscalls
    }
}

/// One seccomp rule: an action for the named syscalls, optionally only
/// when all `args` conditions hold.
public struct OCISyscall: Codable, Sendable, Equatable {
    /// Syscall names (`getcwd`, `chmod`); at least one.
    public var names: [String]
    /// `SCMP_ACT_KILL`, `SCMP_ACT_KILL_PROCESS`, `SCMP_ACT_KILL_THREAD`,
    /// `SCMP_ACT_TRAP`, `SCMP_ACT_ERRNO`, `SCMP_ACT_TRACE`, `SCMP_ACT_ALLOW`,
    /// `SCMP_ACT_LOG` or `SCMP_ACT_NOTIFY`.
    public var action: String
    /// The errno (`SCMP_ACT_ERRNO`) or tracer value (`SCMP_ACT_TRACE`); default EPERM.
    public var errnoRet: UInt32?
    public var args: [OCISeccompArg]?

    public init(names: [String], action: String, errnoRet: UInt32? = nil, args: [OCISeccompArg]? = nil) {
        self.names = names
        self.action = action
        self.errnoRet = errnoRet
        self.args = args
    }
}

/// A condition on one syscall argument.
public struct OCISeccompArg: Codable, Sendable, Equatable {
    /// Which argument, from 0.
    public var index: UInt
    public var value: UInt64
    /// The second operand: the value compared after masking with `value` for `SCMP_CMP_MASKED_EQ`.
    public var valueTwo: UInt64?
    /// `SCMP_CMP_NE`, `SCMP_CMP_LT`, `SCMP_CMP_LE`, `SCMP_CMP_EQ`,
    /// `SCMP_CMP_GE`, `SCMP_CMP_GT` or `SCMP_CMP_MASKED_EQ`.
    public var op: String

    public init(index: UInt, value: UInt64, valueTwo: UInt64? = nil, op: String) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }
}
