import OCISpec
import Testing
@testable import Runtime

/// docker's profile JSON and OCI's linux.seccomp into a SeccompProfile, and
/// every malformed field named in the error.
@Suite struct SeccompProfileDecodingTests {
    static let amd64 = SeccompHost(architecture: "amd64", seccompArchitecture: "SCMP_ARCH_X86_64",
                                   kernel: SeccompKernelVersion(6, 1))

    func decode(_ json: String) throws(SeccompProfileError) -> SeccompProfile {
        try SeccompProfile.decode(Array(json.utf8), source: "seccomp profile /p.json")
    }

    func error(_ json: String) -> String {
        do {
            _ = try decode(json)
            return "no error"
        } catch {
            return error.description
        }
    }

    static let dockerStyle = """
    {
      "defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrnoRet": 1,
      "archMap": [
        {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
        {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
      ],
      "syscalls": [
        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "args": [], "comment": "", "includes": {}, "excludes": {}},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
         "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"]}},
        {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["mount", "clone", "clone3"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32", "x86"]}},
        {"names": ["cacheflush"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}},
        {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
        {"name": "chroot", "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT", "CAP_SYS_ADMIN"]}},
        {"names": ["no_such_syscall_anywhere"], "action": "SCMP_ACT_ALLOW"}
      ]
    }
    """

    @Test func decodesDockersFormat() throws {
        let profile = try decode(Self.dockerStyle)
        #expect(profile.defaultAction == .errno(1))
        #expect(profile.architectures == [])
        #expect(profile.archMap.map(\.architecture) == ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"])
        #expect(profile.rules.count == 10)
        #expect(profile.rules[1].conditions == [SeccompCondition(index: 0, op: .equal, value: 8)])
        #expect(profile.rules[2].excludes == SeccompRuleFilter(capabilities: ["CAP_SYS_ADMIN"], architectures: ["s390", "s390x"]))
        #expect(profile.rules[3].action == .errno(38))
        #expect(profile.rules[7].includes.minKernel == SeccompKernelVersion(4, 8))
        #expect(profile.rules[8].names == ["chroot"])
    }

    @Test func includesAndExcludesFollowDocker() throws {
        let profile = try decode(Self.dockerStyle)
        func names(_ caps: Set<String>) -> [String] {
            profile.resolved(capabilities: caps, host: Self.amd64).rules.flatMap(\.names)
        }
        let plain = profile.resolved(capabilities: [], host: Self.amd64)
        #expect(plain.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #expect(names([]) == ["read", "write", "personality", "clone", "clone3", "arch_prctl", "ptrace",
                              "no_such_syscall_anywhere"])
        #expect(plain.rules.first { $0.names == ["clone"] }?.conditions.count == 1)
        // CAP_SYS_ADMIN: the masked clone and the ENOSYS clone3 go, the admin rule comes.
        let admin = profile.resolved(capabilities: ["SYS_ADMIN"], host: Self.amd64)
        #expect(admin.rules.flatMap(\.names) == ["read", "write", "personality", "mount", "clone", "clone3",
                                                  "arch_prctl", "ptrace", "no_such_syscall_anywhere"])
        // includes.caps needs every capability listed.
        #expect(!names(["CAP_SYS_CHROOT"]).contains("chroot"))
        #expect(names(["CAP_SYS_CHROOT", "CAP_SYS_ADMIN"]).contains("chroot"))
    }

    @Test func unknownNamesAreSkippedAndCounted() throws {
        let profile = try decode(Self.dockerStyle)
        let program = try SeccompCompiler.build(profile.resolved(capabilities: [], host: Self.amd64))
        #expect(program.unknownSyscalls == ["no_such_syscall_anywhere"])
        #expect(try program.verdict("read") == .allow)
        #expect(try program.verdict("mount") == .eperm)
        #expect(try program.verdict("personality", args: [8]) == .allow)
        #expect(try program.verdict("personality", args: [0]) == .eperm)
    }

    @Test func conditionsOnOneArgumentAreAlternatives() throws {
        // runc's reading, which docker profiles rely on: EQ 0 or EQ 8.
        let profile = try decode("""
        {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
        """)
        let program = try SeccompCompiler.build(profile.resolved(capabilities: []))
        #expect(try program.verdict("personality", args: [0]) == .allow)
        #expect(try program.verdict("personality", args: [8]) == .allow)
        #expect(try program.verdict("personality", args: [9]) == .eperm)
        // Different arguments: both must hold.
        #expect(try program.verdict("socket", args: [1, 1]) == .allow)
        #expect(try program.verdict("socket", args: [1, 2]) == .eperm)
        #expect(try program.verdict("socket", args: [2, 1]) == .eperm)
    }

    @Test func otherActionsAndOperators() throws {
        let profile = try decode("""
        {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "flags": ["SECCOMP_FILTER_FLAG_LOG"],
         "syscalls": [
          {"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
          {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS"},
          {"names": ["tkill"], "action": "SCMP_ACT_KILL"},
          {"names": ["uname"], "action": "SCMP_ACT_TRAP"},
          {"names": ["sync"], "action": "SCMP_ACT_LOG"},
          {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 21522, "op": "SCMP_CMP_GE"}]},
          {"names": ["mmap"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 2, "value": 4, "valueTwo": 4, "op": "SCMP_CMP_MASKED_EQ"}]},
          {"names": ["read"], "action": "SCMP_ACT_TRACE", "errnoRet": 7, "args": [{"index": 0, "value": 100, "op": "SCMP_CMP_GT"}]}
        ]}
        """)
        #expect(profile.flags == ["SECCOMP_FILTER_FLAG_LOG"])
        let program = try SeccompCompiler.build(profile.resolved(capabilities: []))
        #expect(try program.verdict("getcwd") == .errno(13))
        #expect(try program.verdict("kill") == .killProcess)
        #expect(try program.verdict("tkill") == .killThread)
        #expect(try program.verdict("uname") == .trap)
        #expect(try program.verdict("sync") == .log)
        #expect(try program.verdict("ioctl", args: [1, 21522]) == .eperm)
        #expect(try program.verdict("ioctl", args: [1, 21521]) == .allow)
        #expect(try program.verdict("mmap", args: [0, 4096, 7]) == .eperm)   // PROT_EXEC set
        #expect(try program.verdict("mmap", args: [0, 4096, 3]) == .allow)
        #expect(try program.verdict("read", args: [101]) == .trace(7))
        #expect(try program.verdict("read", args: [3]) == .allow)
    }

    @Test(arguments: [
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW"}, {"names": ["b"], "action": "SCMP_ACT_ALLOW"}, {"names": ["c"], "action": "SCMP_ACT_ALLOW"}, {"names": ["read"], "action": "SCMP_ACT_FOO"}]}"#,
         #"seccomp profile /p.json: syscalls[3].action: unknown action "SCMP_ACT_FOO""#),
        (#"{"syscalls": []}"#, "seccomp profile /p.json: defaultAction: required"),
        (#"{"defaultAction": "SCMP_ACT_DENY"}"#, #"seccomp profile /p.json: defaultAction: unknown action "SCMP_ACT_DENY""#),
        (#"{"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1}"#,
         "seccomp profile /p.json: defaultErrnoRet: only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not SCMP_ACT_ALLOW"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 5000}"#,
         "seccomp profile /p.json: defaultErrnoRet: must be an errno from 0 to 4095, not 5000"),
        (#"{"defaultAction": "SCMP_ACT_NOTIFY"}"#,
         "seccomp profile /p.json: defaultAction: SCMP_ACT_NOTIFY is not supported: taskexec has no seccomp notify agent"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_FOO"}]}]}"#,
         #"seccomp profile /p.json: syscalls[0].args[0].op: unknown operator "SCMP_CMP_FOO""#),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#,
         "seccomp profile /p.json: syscalls[0].args[0].index: must be from 0 to 5 (a syscall has 6 arguments), not 6"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]}"#,
         "seccomp profile /p.json: syscalls[0].args[0].value: required"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "arg": []}]}"#,
         "seccomp profile /p.json: syscalls[0].arg: unknown field"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [], "action": "SCMP_ACT_ALLOW"}]}"#,
         "seccomp profile /p.json: syscalls[0].names: required: at least one syscall name"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "Write!"], "action": "SCMP_ACT_ALLOW"}]}"#,
         #"seccomp profile /p.json: syscalls[0].names[1]: not a syscall name: "Write!""#),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "read", "names": ["write"], "action": "SCMP_ACT_ALLOW"}]}"#,
         "seccomp profile /p.json: syscalls[0].name: use either name or names, not both"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"]}]}"#,
         "seccomp profile /p.json: syscalls[0].action: required"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_KILL", "errnoRet": 1}]}"#,
         "seccomp profile /p.json: syscalls[0].errnoRet: only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not SCMP_ACT_KILL"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_FLY"]}}]}"#,
         #"seccomp profile /p.json: syscalls[0].includes.caps[0]: unknown capability "CAP_FLY""#),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "excludes": {"minKernel": "four"}}]}"#,
         #"seccomp profile /p.json: syscalls[0].excludes.minKernel: must be a kernel version like "4.8", not "four""#),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_Z80"]}"#,
         #"seccomp profile /p.json: architectures[1]: unknown architecture "SCMP_ARCH_Z80""#),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]}"#,
         "seccomp profile /p.json: archMap: use either architectures or archMap, not both"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"subArchitectures": []}]}"#,
         "seccomp profile /p.json: archMap[0].architecture: required"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "flags": ["SECCOMP_FILTER_FLAG_NEW_LISTENER"]}"#,
         #"seccomp profile /p.json: flags[0]: unknown flag "SECCOMP_FILTER_FLAG_NEW_LISTENER""#),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "listenerPath": "/run/agent.sock"}"#,
         "seccomp profile /p.json: listenerPath: not supported: taskexec has no seccomp notify agent"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": "read", "action": "SCMP_ACT_ALLOW"}]}"#,
         "seccomp profile /p.json: syscalls[0].names: must be an array"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": -1}]}"#,
         "seccomp profile /p.json: syscalls[0].errnoRet: must be an integer from 0 to 4294967295"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1.5, "op": "SCMP_CMP_EQ"}]}]}"#,
         "seccomp profile /p.json: syscalls[0].args[0].value: must be an integer from 0 to 18446744073709551615"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": "0", "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#,
         "seccomp profile /p.json: syscalls[0].args[0].index: must be a non-negative integer"),
        (#"{"defaultAction": 1}"#, "seccomp profile /p.json: defaultAction: must be a string"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": ["read"]}"#, "seccomp profile /p.json: syscalls[0]: must be an object"),
        (#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultAktion": "SCMP_ACT_ALLOW"}"#,
         "seccomp profile /p.json: defaultAktion: unknown field"),
    ])
    func malformedProfilesNameTheField(json: String, expected: String) {
        #expect(error(json) == expected)
    }

    @Test func invalidJSONIsNamed() {
        #expect(error("{\"defaultAction\": ").hasPrefix("seccomp profile /p.json: not valid JSON"))
    }

    @Test func loadNamesTheFile() {
        do {
            _ = try SeccompProfile.load(path: "/nonexistent/profile.json")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description == "seccomp profile /nonexistent/profile.json: no such file or directory")
        }
    }

    @Test func convertsAnOCIProfile() throws {
        let oci = OCISeccomp(
            defaultAction: "SCMP_ACT_ERRNO", defaultErrnoRet: 1, architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
            flags: ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
            syscalls: [
                OCISyscall(names: ["read", "write", "exit_group"], action: "SCMP_ACT_ALLOW"),
                OCISyscall(names: ["clone"], action: "SCMP_ACT_ALLOW",
                           args: [OCISeccompArg(index: 0, value: 0x7E02_0000, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ")]),
                OCISyscall(names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38),
            ])
        let profile = try SeccompProfile(oci: oci)
        #expect(profile.defaultAction == .errno(1))
        #expect(profile.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        #expect(profile.flags == ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"])
        #expect(profile.rules == [
            SeccompRule(names: ["read", "write", "exit_group"], action: .allow),
            SeccompRule(names: ["clone"], action: .allow,
                        conditions: [SeccompCondition(index: 0, op: .maskedEqual, value: 0x7E02_0000, valueTwo: 0)]),
            SeccompRule(names: ["clone3"], action: .errno(38)),
        ])
        // Back to OCI: the same document (OCI has no includes to resolve).
        #expect(profile.resolved(capabilities: []).oci == oci)

        let program = try SeccompCompiler.compile(profile.resolved(capabilities: []))
        #expect(try program.verdict("clone", on: .x86, args: [17]) == .allow)
        #expect(try program.verdict("clone3", on: .x86) == .enosys)
        #expect(try program.verdict("mount", on: .x86) == .eperm)
    }

    @Test func ociErrorsNameTheConfigField() {
        let oci = OCISeccomp(defaultAction: "SCMP_ACT_ERRNO",
                             syscalls: [OCISyscall(names: ["read"], action: "SCMP_ACT_ALLOW"),
                                        OCISyscall(names: ["mount"], action: "SCMP_ACT_ALOW")])
        #expect(throws: SeccompProfileError(source: "", path: "linux.seccomp.syscalls[1].action",
                                            message: "unknown action \"SCMP_ACT_ALOW\"")) {
            try SeccompProfile(oci: oci)
        }
        #expect((try? SeccompProfile(oci: OCISeccomp(defaultAction: "SCMP_ACT_KILL", defaultErrnoRet: 1))) == nil)
    }

    @Test func defaultProfileResolvesToOCI() {
        let oci = SeccompProfile.default.resolved(capabilities: ["CAP_SYS_CHROOT"], host: Self.amd64).oci
        #expect(oci.defaultAction == "SCMP_ACT_ERRNO")
        #expect(oci.defaultErrnoRet == 1)
        #expect(oci.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #expect(oci.syscalls?.contains { $0.names == ["chroot"] && $0.action == "SCMP_ACT_ALLOW" } == true)
        #expect(oci.syscalls?.contains { $0.names.contains("mount") } == false)
    }

    @Test func kernelVersions() {
        #expect(SeccompKernelVersion(parsing: "4.8") == SeccompKernelVersion(4, 8))
        #expect(SeccompKernelVersion(parsing: "5.10.1") == SeccompKernelVersion(5, 10))
        #expect(SeccompKernelVersion(parsing: "4") == nil)
        #expect(SeccompKernelVersion(parsing: "4.8-rc1") == nil)
        #expect(SeccompKernelVersion(release: "6.1.0-18-amd64") == SeccompKernelVersion(6, 1))
        #expect(SeccompKernelVersion(release: "5.10-rc1") == SeccompKernelVersion(5, 10))
        #expect(SeccompKernelVersion(4, 8) < SeccompKernelVersion(4, 10))
        #expect(SeccompHost.current.kernel > SeccompKernelVersion(3, 0))
    }
}
