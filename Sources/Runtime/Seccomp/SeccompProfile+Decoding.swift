import Glibc

/// docker's seccomp JSON (and OCI's `linux.seccomp`, its subset) into a
/// checked `SeccompProfile`. Each error names the profile and the field.
extension SeccompProfile {
    /// Reads and decodes a profile file; errors say `seccomp profile PATH: ...`.
    public static func load(path: String) throws(SeccompProfileError) -> SeccompProfile {
        let source = "seccomp profile \(path)"
        let bytes: [UInt8]
        do {
            bytes = try HostFile.readBytes(path)
        } catch {
            throw SeccompProfileError(source: source, path: "", message: error.reason)
        }
        return try decode(bytes, source: source)
    }

    /// Decodes docker's JSON format. `source` names the profile in errors
    /// (`seccomp profile /p.json`).
    public static func decode(_ bytes: [UInt8], source: String) throws(SeccompProfileError) -> SeccompProfile {
        try SeccompProfile(checking: SeccompDocument.parse(bytes, source: source), source: source, at: "")
    }

    /// Checks every value of a parsed document. `base` prefixes the paths
    /// (`linux.seccomp` for an OCI config).
    init(checking document: SeccompDocument, source: String, at base: String) throws(SeccompProfileError) {
        let check = FieldChecker(source: source, base: base)

        guard let actionName = document.defaultAction else { throw check.error("defaultAction", "required") }
        defaultAction = try check.action(actionName, errnoRet: document.defaultErrnoRet,
                                         at: "defaultAction", errnoAt: "defaultErrnoRet")

        architectures = []
        for (index, name) in (document.architectures ?? []).enumerated() {
            architectures.append(try check.architecture(name, at: "architectures[\(index)]"))
        }
        archMap = []
        for (index, entry) in (document.archMap ?? []).enumerated() {
            let at = "archMap[\(index)]"
            guard let main = entry.architecture else { throw check.error(at + ".architecture", "required") }
            var subArchitectures: [String] = []
            for (subIndex, name) in (entry.subArchitectures ?? []).enumerated() {
                subArchitectures.append(try check.architecture(name, at: at + ".subArchitectures[\(subIndex)]"))
            }
            archMap.append(ArchMapEntry(architecture: try check.architecture(main, at: at + ".architecture"),
                                        subArchitectures: subArchitectures))
        }
        if !architectures.isEmpty && !archMap.isEmpty {
            throw check.error("archMap", "use either architectures or archMap, not both")
        }

        flags = []
        for (index, flag) in (document.flags ?? []).enumerated() {
            guard Self.knownFlags.contains(flag) else {
                throw check.error("flags[\(index)]", "unknown flag \"\(flag)\"")
            }
            flags.append(flag)
        }
        if let listener = document.listenerPath, !listener.isEmpty {
            throw check.error("listenerPath", "not supported: taskexec has no seccomp notify agent")
        }
        if let metadata = document.listenerMetadata, !metadata.isEmpty {
            throw check.error("listenerMetadata", "not supported: taskexec has no seccomp notify agent")
        }

        rules = []
        for (index, syscall) in (document.syscalls ?? []).enumerated() {
            rules.append(try check.rule(syscall, at: "syscalls[\(index)]"))
        }
    }

    /// The seccomp(2) flags a profile may ask for (runc's list, and TSYNC,
    /// which a single-threaded child does not need).
    static let knownFlags: Set<String> = [
        "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
    ]
}

/// The checks, each throwing at the field it looked at.
private struct FieldChecker {
    let source: String
    let base: String

    func error(_ path: String, _ message: String) -> SeccompProfileError {
        let full = base.isEmpty ? path : path.isEmpty ? base : path.hasPrefix("[") ? base + path : base + "." + path
        return SeccompProfileError(source: source, path: full, message: message)
    }

    func action(_ name: String, errnoRet: UInt32?, at path: String, errnoAt errnoPath: String) throws(SeccompProfileError)
        -> SeccompAction {
        let simple: SeccompAction?
        switch name {
        case "SCMP_ACT_ALLOW": simple = .allow
        case "SCMP_ACT_TRAP": simple = .trap
        case "SCMP_ACT_LOG": simple = .log
        case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": simple = .killThread
        case "SCMP_ACT_KILL_PROCESS": simple = .killProcess
        case "SCMP_ACT_ERRNO":
            let value = errnoRet ?? 1  // EPERM, as docker and runc
            guard value <= 4095 else { throw error(errnoPath, "must be an errno from 0 to 4095, not \(value)") }
            return .errno(UInt16(value))
        case "SCMP_ACT_TRACE":
            let value = errnoRet ?? 1
            guard value <= 0xFFFF else { throw error(errnoPath, "must be from 0 to 65535, not \(value)") }
            return .trace(UInt16(value))
        case "SCMP_ACT_NOTIFY":
            throw error(path, "SCMP_ACT_NOTIFY is not supported: taskexec has no seccomp notify agent")
        default:
            throw error(path, "unknown action \"\(name)\"")
        }
        if errnoRet != nil {
            throw error(errnoPath, "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not \(name)")
        }
        return simple!
    }

    func architecture(_ name: String, at path: String) throws(SeccompProfileError) -> String {
        guard SeccompArchitecture.token(ofProfileName: name) != nil else {
            throw error(path, "unknown architecture \"\(name)\"")
        }
        return name
    }

    func rule(_ syscall: SeccompDocument.Syscall, at path: String) throws(SeccompProfileError) -> SeccompRule {
        var names = syscall.names ?? []
        if let single = syscall.name {
            guard syscall.names == nil else { throw error(path + ".name", "use either name or names, not both") }
            names = [single]
        }
        guard !names.isEmpty else { throw error(path + ".names", "required: at least one syscall name") }
        for (index, name) in names.enumerated() where !Self.isSyscallName(name) {
            throw error(syscall.name != nil ? path + ".name" : path + ".names[\(index)]", "not a syscall name: \"\(name)\"")
        }
        guard let actionName = syscall.action else { throw error(path + ".action", "required") }
        let action = try action(actionName, errnoRet: syscall.errnoRet, at: path + ".action", errnoAt: path + ".errnoRet")

        var conditions: [SeccompCondition] = []
        for (index, arg) in (syscall.args ?? []).enumerated() {
            conditions.append(try condition(arg, at: path + ".args[\(index)]"))
        }
        return SeccompRule(names: names, action: action, conditions: conditions,
                           includes: try filter(syscall.includes, at: path + ".includes"),
                           excludes: try filter(syscall.excludes, at: path + ".excludes"))
    }

    func condition(_ arg: SeccompDocument.Arg, at path: String) throws(SeccompProfileError) -> SeccompCondition {
        guard let index = arg.index else { throw error(path + ".index", "required") }
        guard index <= 5 else { throw error(path + ".index", "must be from 0 to 5 (a syscall has 6 arguments), not \(index)") }
        guard let value = arg.value else { throw error(path + ".value", "required") }
        guard let opName = arg.op else { throw error(path + ".op", "required") }
        guard let op = SeccompOperator(rawValue: opName) else { throw error(path + ".op", "unknown operator \"\(opName)\"") }
        return SeccompCondition(index: UInt32(index), op: op, value: value, valueTwo: arg.valueTwo ?? 0)
    }

    func filter(_ filter: SeccompDocument.Filter?, at path: String) throws(SeccompProfileError) -> SeccompRuleFilter {
        guard let filter else { return SeccompRuleFilter() }
        for (index, name) in (filter.caps ?? []).enumerated() where Capabilities.number(of: name) == nil {
            throw error(path + ".caps[\(index)]", "unknown capability \"\(name)\"")
        }
        var minKernel: SeccompKernelVersion?
        if let text = filter.minKernel {
            guard let version = SeccompKernelVersion(parsing: text) else {
                throw error(path + ".minKernel", "must be a kernel version like \"4.8\", not \"\(text)\"")
            }
            minKernel = version
        }
        return SeccompRuleFilter(capabilities: filter.caps ?? [], architectures: filter.arches ?? [], minKernel: minKernel)
    }

    /// `[a-z0-9_]+`: every Linux syscall name (`_llseek`, `epoll_pwait2`).
    static func isSyscallName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}
