/// docker's resolution of a profile for one container
/// (moby's `setupSeccomp`): the `archMap` entry of the native architecture
/// gives the architectures, and a rule is kept when its `includes` all
/// match and none of its `excludes` does. Capabilities are those of the
/// task's bounding set, as docker checks them.
extension SeccompProfile {
    public func resolved(capabilities: Set<String>, host: SeccompHost = .current) -> ResolvedSeccompProfile {
        let capabilities = Set(capabilities.map(Self.canonicalCapability))
        var arches = architectures
        for entry in archMap where entry.architecture == host.seccompArchitecture {
            arches.append(entry.architecture)
            arches.append(contentsOf: entry.subArchitectures)
        }
        var unique: [String] = []
        for arch in arches where !unique.contains(arch) { unique.append(arch) }

        let kept = rules.filter { $0.applies(capabilities: capabilities, host: host) }.map {
            SeccompRule(names: $0.names, action: $0.action, conditions: $0.conditions)
        }
        return ResolvedSeccompProfile(defaultAction: defaultAction, architectures: unique, flags: flags, rules: kept)
    }
}

extension SeccompRule {
    /// `capabilities` in canonical form (`CAP_SYS_ADMIN`).
    func applies(capabilities: Set<String>, host: SeccompHost) -> Bool {
        if excludes.architectures.contains(host.architecture) { return false }
        if excludes.capabilities.contains(where: capabilities.contains) { return false }
        if let minKernel = excludes.minKernel, host.kernel >= minKernel { return false }

        if !includes.architectures.isEmpty && !includes.architectures.contains(host.architecture) { return false }
        if !includes.capabilities.allSatisfy(capabilities.contains) { return false }
        if let minKernel = includes.minKernel, host.kernel < minKernel { return false }
        return true
    }
}

/// The filter of one task: no `includes`/`excludes` left, the
/// architectures final (the native one is always there as well). What
/// `SeccompCompiler` compiles, and its cache key.
public struct ResolvedSeccompProfile: Sendable, Hashable {
    public var defaultAction: SeccompAction
    /// Profile names (`SCMP_ARCH_X86`), without duplicates.
    public var architectures: [String]
    public var flags: [String]
    public var rules: [SeccompRule]

    public init(defaultAction: SeccompAction, architectures: [String] = [], flags: [String] = [], rules: [SeccompRule] = []) {
        self.defaultAction = defaultAction
        self.architectures = architectures
        self.flags = flags
        self.rules = rules
    }
}
