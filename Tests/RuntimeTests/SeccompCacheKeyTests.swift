import Glibc
import Testing
@testable import Runtime

/// The disk cache's key must tell apart any two filters that differ, or a
/// task would get another profile's program; and a task's stored program
/// must come back byte for byte, or be refused.
@Suite struct SeccompCacheKeyTests {
    static let base = ResolvedSeccompProfile(
        defaultAction: .permissionDenied, architectures: ["SCMP_ARCH_X86"], flags: [],
        rules: [SeccompRule(names: ["read", "write"], action: .allow),
                SeccompRule(names: ["personality"], action: .allow, conditions: [SeccompCondition(index: 0, op: .equal, value: 8)])])

    @Test func equalProfilesHaveEqualKeys() {
        let copy = Self.base
        #expect(copy.cacheKey == Self.base.cacheKey)
    }

    @Test func everyFieldChangesTheKey() {
        var variants: [ResolvedSeccompProfile] = []
        var p = Self.base; p.defaultAction = .errno(38); variants.append(p)
        p = Self.base; p.defaultAction = .killProcess; variants.append(p)
        p = Self.base; p.architectures = []; variants.append(p)
        p = Self.base; p.flags = ["SECCOMP_FILTER_FLAG_LOG"]; variants.append(p)
        p = Self.base; p.rules[0].names = ["read"]; variants.append(p)
        p = Self.base; p.rules[0].names = ["readwrite"]; variants.append(p)
        p = Self.base; p.rules[0].action = .log; variants.append(p)
        p = Self.base; p.rules[1].conditions[0].value = 9; variants.append(p)
        p = Self.base; p.rules[1].conditions[0].valueTwo = 1; variants.append(p)
        p = Self.base; p.rules[1].conditions[0].index = 1; variants.append(p)
        p = Self.base; p.rules[1].conditions[0].op = .notEqual; variants.append(p)
        p = Self.base; p.rules.swapAt(0, 1); variants.append(p)
        p = Self.base; p.rules.removeLast(); variants.append(p)
        let keys = Set(([Self.base] + variants).map(\.cacheKey))
        #expect(keys.count == variants.count + 1)
    }

    @Test func aStoredProgramReadsBackAndAnythingElseIsRefused() throws {
        let directory = "/tmp/te-seccomp-file-\(getpid())"
        try HostFile.makeDirectories(directory)
        defer { HostFile.removeTree(directory) }
        let program = try SeccompCompiler.build(Self.base)
        try program.write(to: directory + "/seccomp.bpf")
        #expect(try SeccompProgram.read(path: directory + "/seccomp.bpf").bytes == program.bytes)

        try HostFile.writeAtomically(directory + "/odd.bpf", [1, 2, 3])
        #expect(throws: RuntimeError.self) { try SeccompProgram.read(path: directory + "/odd.bpf") }
        #expect(throws: RuntimeError.self) { try SeccompProgram.read(path: directory + "/missing.bpf") }
    }
}
