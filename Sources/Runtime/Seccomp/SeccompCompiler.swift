import CSeccomp
import Glibc
import SystemPackage

/// Profiles into BPF with libseccomp, in the parent: crun's split, compile
/// here and let the child only install the bytes. Results are cached per
/// resolved profile, so a process compiles each filter once.
public enum SeccompCompiler {
    /// The program for `profile` as it applies to a task with these
    /// capabilities (its bounding set, as docker checks `includes.caps`).
    public static func compile(_ profile: SeccompProfile, capabilities: Set<String>,
                               host: SeccompHost = .current) throws(RuntimeError) -> SeccompProgram {
        try compile(profile.resolved(capabilities: capabilities, host: host))
    }

    /// The program for an already resolved profile (an OCI `linux.seccomp`:
    /// `SeccompProfile(oci:).resolved(capabilities: [])`).
    public static func compile(_ profile: ResolvedSeccompProfile) throws(RuntimeError) -> SeccompProgram {
        if let cached = cache.program(for: profile) { return cached }
        let key = profile.cacheKey
        if let stored = SeccompDiskCache.load(key) { return cache.insert(stored, for: profile) }
        let program = try build(profile)
        SeccompDiskCache.store(program, key: key)
        return cache.insert(program, for: profile)
    }

    /// Keeps compiled filters in `directory` for later processes (the CLI
    /// sets `<root>/.seccomp-cache`).
    public static func useDiskCache(directory: String) {
        SeccompDiskCache.directory.withLock { $0 = directory }
    }

    /// libseccomp's readable rendering of the filter (seccomp_export_pfc),
    /// for tests and debugging.
    public static func pseudoCode(_ profile: ResolvedSeccompProfile) throws(RuntimeError) -> String {
        let filter = try LibseccompFilter(profile)
        return String(decoding: try filter.export(seccomp_export_pfc, what: "seccomp_export_pfc"), as: UTF8.self)
    }

    static let cache = SeccompProgramCache(limit: 32)

    /// Compiles without the cache.
    static func build(_ profile: ResolvedSeccompProfile) throws(RuntimeError) -> SeccompProgram {
        let filter = try LibseccompFilter(profile)
        let bytes = try filter.export(seccomp_export_bpf, what: "seccomp_export_bpf")
        guard bytes.count % 8 == 0, !bytes.isEmpty else {
            throw RuntimeError(stage: "seccomp", detail: "libseccomp exported \(bytes.count) bytes, not whole instructions")
        }
        guard bytes.count / 8 <= SeccompProgram.maximumInstructions else {
            throw RuntimeError(stage: "seccomp", detail: "the filter has \(bytes.count / 8) instructions, "
                               + "more than the kernel's limit of \(SeccompProgram.maximumInstructions)")
        }
        return SeccompProgram(bytes: bytes, unknownSyscalls: filter.unknownSyscalls)
    }
}

/// One libseccomp context holding a profile's rules; released on deinit.
private final class LibseccompFilter {
    private let context: scmp_filter_ctx
    private(set) var unknownSyscalls: [String] = []

    init(_ profile: ResolvedSeccompProfile) throws(RuntimeError) {
        guard let context = seccomp_init(Self.value(of: profile.defaultAction)) else {
            throw RuntimeError(stage: "seccomp", detail: "seccomp_init")
        }
        self.context = context
        for name in profile.architectures {
            guard let token = SeccompArchitecture.token(ofProfileName: name) else {
                throw RuntimeError(stage: "seccomp", detail: "unknown architecture \"\(name)\"")
            }
            let result = seccomp_arch_add(context, token)
            guard result == 0 || result == -EEXIST else {  // the native one is there from seccomp_init
                throw RuntimeError(stage: "seccomp", detail: "add architecture \(name)", errno: .fromNegative(result))
            }
        }
        for rule in profile.rules where rule.action != profile.defaultAction {
            // A rule with the default action changes nothing, and libseccomp refuses it (as runc skips it).
            for name in rule.names {
                let number = seccomp_syscall_resolve_name(name)
                guard number != Self.unknownSyscall else {
                    if !unknownSyscalls.contains(name) { unknownSyscalls.append(name) }
                    continue
                }
                try add(rule, syscall: number, name: name)
            }
        }
    }

    deinit { seccomp_release(context) }

    /// `__NR_SCMP_ERROR`: the name is unknown on every architecture.
    private static let unknownSyscall: Int32 = -1

    private func add(_ rule: SeccompRule, syscall: Int32, name: String) throws(RuntimeError) {
        let action = Self.value(of: rule.action)
        let comparisons = rule.conditions.map {
            scmp_arg_cmp(arg: $0.index, op: Self.value(of: $0.op), datum_a: $0.value, datum_b: $0.valueTwo)
        }
        // Two conditions on one argument are alternatives (runc's reading): one rule each.
        let indexes = rule.conditions.map(\.index)
        let groups = Set(indexes).count == indexes.count ? [comparisons] : comparisons.map { [$0] }
        for group in groups {
            let result = group.withUnsafeBufferPointer {
                seccomp_rule_add_array(context, action, syscall, UInt32($0.count), $0.baseAddress)
            }
            guard result == 0 else {
                throw RuntimeError(stage: "seccomp", detail: "add rule \(rule.action.name) for \"\(name)\"",
                                   errno: .fromNegative(result))
            }
        }
    }

    /// Runs an exporter (seccomp_export_bpf or _pfc) into a memfd and reads it back.
    func export(_ exporter: (scmp_filter_ctx?, Int32) -> Int32, what: String) throws(RuntimeError) -> [UInt8] {
        let raw = te_seccomp_memfd()
        guard raw >= 0 else { throw RuntimeError(stage: "seccomp", detail: "memfd_create", errno: .fromNegative(raw)) }
        let fd = FileDescriptor(rawValue: raw)
        defer { try? fd.close() }
        let result = exporter(context, raw)
        guard result == 0 else { throw RuntimeError(stage: "seccomp", detail: what, errno: .fromNegative(result)) }
        do {
            _ = try fd.seek(offset: 0, from: .start)
            return try HostFile.readAll(fd)
        } catch {
            throw RuntimeError(stage: "seccomp", detail: "read back \(what)", errno: error as? Errno)
        }
    }

    private static func value(of action: SeccompAction) -> UInt32 {
        switch action {
        case .allow: SCMP_ACT_ALLOW
        case .errno(let value): te_scmp_act_errno(UInt32(value))
        case .trace(let value): te_scmp_act_trace(UInt32(value))
        case .trap: SCMP_ACT_TRAP
        case .log: SCMP_ACT_LOG
        case .killThread: SCMP_ACT_KILL_THREAD
        case .killProcess: SCMP_ACT_KILL_PROCESS
        }
    }

    private static func value(of op: SeccompOperator) -> scmp_compare {
        switch op {
        case .notEqual: SCMP_CMP_NE
        case .lessThan: SCMP_CMP_LT
        case .lessOrEqual: SCMP_CMP_LE
        case .equal: SCMP_CMP_EQ
        case .greaterOrEqual: SCMP_CMP_GE
        case .greaterThan: SCMP_CMP_GT
        case .maskedEqual: SCMP_CMP_MASKED_EQ
        }
    }
}
