/// A seccomp profile in docker's model (the JSON of `--security-opt
/// seccomp=profile.json`, which podman shares): a default action, the
/// architectures the filter accepts, and rules that some capabilities,
/// architectures or kernels switch on or off. Built by decoding that JSON
/// (`decode(_:source:)`), from an OCI `linux.seccomp` (`init(oci:)`), or as
/// taskexec's own `SeccompProfile.default`; every value in it has been
/// checked. `resolved(capabilities:host:)` turns it into the filter of one
/// task, which `SeccompCompiler` compiles.
public struct SeccompProfile: Sendable, Hashable {
    /// What a syscall no rule matches gets.
    public var defaultAction: SeccompAction
    /// Architectures the filter accepts besides the native one, by the
    /// profile's names (`SCMP_ARCH_X86`). Empty with `archMap`.
    public var architectures: [String]
    /// docker's alternative to `architectures`: the entry whose
    /// `architecture` is the host's native one supplies the list.
    public var archMap: [ArchMapEntry]
    /// seccomp(2) flags (`SECCOMP_FILTER_FLAG_LOG`, ...): checked and kept for
    /// whoever installs the filter; the compiler does not apply them.
    public var flags: [String]
    /// The rules, in order.
    public var rules: [SeccompRule]

    public struct ArchMapEntry: Sendable, Hashable {
        public var architecture: String
        public var subArchitectures: [String]

        public init(architecture: String, subArchitectures: [String]) {
            self.architecture = architecture
            self.subArchitectures = subArchitectures
        }
    }

    public init(defaultAction: SeccompAction, architectures: [String] = [], archMap: [ArchMapEntry] = [],
                flags: [String] = [], rules: [SeccompRule] = []) {
        self.defaultAction = defaultAction
        self.architectures = architectures
        self.archMap = archMap
        self.flags = flags
        self.rules = rules
    }
}

/// What the filter does with a syscall (libseccomp's `SCMP_ACT_*`).
/// `SCMP_ACT_NOTIFY` is not offered: taskexec has no agent to answer it.
public enum SeccompAction: Sendable, Hashable {
    case allow
    /// Fail with this errno (0 to 4095) without running the syscall.
    case errno(UInt16)
    /// Notify a ptrace tracer with this value (or fail with ENOSYS if none).
    case trace(UInt16)
    /// Deliver SIGSYS.
    case trap
    /// Allow and log.
    case log
    /// Kill the thread (docker's and libseccomp's `SCMP_ACT_KILL`).
    case killThread
    case killProcess

    public static let permissionDenied = SeccompAction.errno(1)  // EPERM
    public static let notImplemented = SeccompAction.errno(38)   // ENOSYS

    /// The profile's name for it.
    public var name: String {
        switch self {
        case .allow: "SCMP_ACT_ALLOW"
        case .errno: "SCMP_ACT_ERRNO"
        case .trace: "SCMP_ACT_TRACE"
        case .trap: "SCMP_ACT_TRAP"
        case .log: "SCMP_ACT_LOG"
        case .killThread: "SCMP_ACT_KILL_THREAD"
        case .killProcess: "SCMP_ACT_KILL_PROCESS"
        }
    }

    /// The errno or tracer value, for `errnoRet`.
    public var returnValue: UInt16? {
        switch self {
        case .errno(let value), .trace(let value): value
        default: nil
        }
    }
}

/// One rule: `action` for each of `names` when every condition holds and
/// the rule applies to the task (docker's `includes`/`excludes`).
///
/// Conditions on different arguments must all hold. Several conditions on
/// the *same* argument are alternatives, each its own libseccomp rule: that
/// is what runc makes of them, and profiles written for docker rely on it.
public struct SeccompRule: Sendable, Hashable {
    public var names: [String]
    public var action: SeccompAction
    public var conditions: [SeccompCondition]
    /// The rule applies only when all of these match (empty: always).
    public var includes: SeccompRuleFilter
    /// The rule does not apply when any of these matches (empty: never).
    public var excludes: SeccompRuleFilter

    public init(names: [String], action: SeccompAction, conditions: [SeccompCondition] = [],
                includes: SeccompRuleFilter = SeccompRuleFilter(), excludes: SeccompRuleFilter = SeccompRuleFilter()) {
        self.names = names
        self.action = action
        self.conditions = conditions
        self.includes = includes
        self.excludes = excludes
    }
}

/// docker's `includes`/`excludes`: capabilities (in the task's bounding
/// set), the host's architecture by docker's names (`amd64`, `arm64`,
/// `x86`, ...), and a minimum kernel.
public struct SeccompRuleFilter: Sendable, Hashable {
    /// Canonical names, `CAP_SYS_ADMIN`.
    public var capabilities: [String]
    public var architectures: [String]
    public var minKernel: SeccompKernelVersion?

    public init(capabilities: [String] = [], architectures: [String] = [], minKernel: SeccompKernelVersion? = nil) {
        self.capabilities = capabilities.map(SeccompProfile.canonicalCapability)
        self.architectures = architectures
        self.minKernel = minKernel
    }

    public var isEmpty: Bool { capabilities.isEmpty && architectures.isEmpty && minKernel == nil }
}

/// A comparison of one syscall argument (libseccomp's `scmp_arg_cmp`).
public struct SeccompCondition: Sendable, Hashable {
    /// The argument, 0 to 5.
    public var index: UInt32
    public var op: SeccompOperator
    /// The operand; for `maskedEqual` the mask.
    public var value: UInt64
    /// For `maskedEqual`, what the masked argument must equal.
    public var valueTwo: UInt64

    public init(index: UInt32, op: SeccompOperator, value: UInt64, valueTwo: UInt64 = 0) {
        self.index = index
        self.op = op
        self.value = value
        self.valueTwo = valueTwo
    }
}

public enum SeccompOperator: String, Sendable, Hashable, CaseIterable {
    case notEqual = "SCMP_CMP_NE"
    case lessThan = "SCMP_CMP_LT"
    case lessOrEqual = "SCMP_CMP_LE"
    case equal = "SCMP_CMP_EQ"
    case greaterOrEqual = "SCMP_CMP_GE"
    case greaterThan = "SCMP_CMP_GT"
    /// `(argument & value) == valueTwo`.
    case maskedEqual = "SCMP_CMP_MASKED_EQ"
}

/// A kernel version as docker's `minKernel` writes it: `"4.8"`.
public struct SeccompKernelVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// docker's `minKernel` syntax: `"4.8"` (a third number is allowed and ignored).
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major, minor)
    }

    /// A release as uname(2) reports it: `"6.1.0-18-amd64"`, `"5.10-rc1"`.
    public init?(release: String) {
        let parts = release.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]),
              let minor = Int(parts[1].prefix { $0.isASCII && $0.isNumber }) else { return nil }
        self.init(major, minor)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }
}

extension SeccompProfile {
    /// `"sys_admin"`, `"SYS_ADMIN"` and `"CAP_SYS_ADMIN"` all become `"CAP_SYS_ADMIN"`.
    public static func canonicalCapability(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
    }
}
