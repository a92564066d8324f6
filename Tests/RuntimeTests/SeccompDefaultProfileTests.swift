import Testing
@testable import Runtime

/// taskexec's built-in profile: what it allows and blocks, with and without
/// capabilities, checked on the resolved rules, on libseccomp's pseudo-code
/// and by running the exported BPF.
@Suite struct SeccompDefaultProfileTests {
    /// docker's default capabilities (what a task gets without cap_add).
    static let dockerCapabilities: Set<String> = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ]
    static let amd64 = SeccompHost(architecture: "amd64", seccompArchitecture: "SCMP_ARCH_X86_64",
                                   kernel: SeccompKernelVersion(6, 1))

    /// The syscalls that some rule of the resolved profile allows, with or without conditions.
    func allowedNames(_ capabilities: Set<String>, host: SeccompHost = amd64) -> Set<String> {
        let resolved = SeccompProfile.default.resolved(capabilities: capabilities, host: host)
        return Set(resolved.rules.filter { $0.action == .allow }.flatMap(\.names))
    }

    static let neverAllowed = [
        "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "swapon", "swapoff", "pivot_root",
        "userfaultfd", "vm86", "vm86old", "uselib", "ustat", "sysfs", "_sysctl", "nfsservctl", "create_module",
        "get_kernel_syms", "query_module", "io_uring_setup", "io_uring_enter", "io_uring_register",
    ]

    static let capabilityGated = [
        "mount", "umount2", "unshare", "setns", "bpf", "perf_event_open", "open_by_handle_at", "name_to_handle_at",
        "reboot", "init_module", "finit_module", "delete_module", "settimeofday", "stime", "clock_settime",
        "clock_adjtime", "acct", "iopl", "ioperm", "lookup_dcookie", "quotactl", "syslog", "mbind",
        "set_mempolicy", "move_pages", "kcmp", "pidfd_getfd", "vhangup", "sethostname", "fsopen", "open_tree",
    ]

    @Test func blocksTheDangerousCallsWithoutCapabilities() {
        let allowed = allowedNames([])
        for name in Self.neverAllowed + Self.capabilityGated + ["chroot"] {
            #expect(!allowed.contains(name), "\(name) must be blocked without capabilities")
        }
        for name in ["read", "write", "openat", "mmap", "clone", "execve", "exit_group", "socket", "futex",
                     "personality", "arch_prctl", "ptrace"] {
            #expect(allowed.contains(name), "\(name) must be allowed")
        }
        #expect(!allowed.contains("cacheflush"), "arm's calls stay out on amd64")
    }

    @Test func dockerDefaultCapabilitiesAllowChrootOnly() {
        let allowed = allowedNames(Self.dockerCapabilities)
        #expect(allowed.contains("chroot"))
        for name in Self.neverAllowed + Self.capabilityGated {
            #expect(!allowed.contains(name), "\(name) must be blocked with docker's default capabilities")
        }
    }

    @Test func capabilitiesOpenTheirGroups() {
        let admin = allowedNames(["CAP_SYS_ADMIN"])
        for name in ["mount", "umount2", "unshare", "setns", "bpf", "clone3", "perf_event_open", "sethostname"] {
            #expect(admin.contains(name))
        }
        #expect(!admin.contains("keyctl"))
        #expect(!admin.contains("kexec_load"))
        #expect(!admin.contains("pivot_root"))
        #expect(allowedNames(["SYS_TIME"]).isSuperset(of: ["settimeofday", "clock_settime", "clock_adjtime"]))
        #expect(allowedNames(["sys_module"]).isSuperset(of: ["init_module", "finit_module", "delete_module"]))
        #expect(allowedNames(["CAP_SYS_NICE"]).isSuperset(of: ["mbind", "set_mempolicy", "move_pages"]))
        #expect(allowedNames(["CAP_SYS_RAWIO"]).isSuperset(of: ["iopl", "ioperm"]))
        #expect(allowedNames(["CAP_SYSLOG"]).contains("syslog"))
        #expect(allowedNames(["CAP_BPF"]).contains("bpf"))
        #expect(allowedNames(["CAP_PERFMON"]).contains("perf_event_open"))
        #expect(allowedNames(["CAP_SYS_BOOT"]).contains("reboot"))
        #expect(allowedNames(["CAP_SYS_PACCT"]).contains("acct"))
        #expect(allowedNames(["CAP_DAC_READ_SEARCH"]).contains("open_by_handle_at"))
    }

    @Test func cloneIsMaskedAndClone3AnswersENOSYSWithoutSysAdmin() {
        let rules = SeccompProfile.default.resolved(capabilities: [], host: Self.amd64).rules
        let clone = rules.filter { $0.names.contains("clone") }
        #expect(clone.count == 1)
        #expect(clone.first?.conditions == [SeccompCondition(index: 0, op: .maskedEqual, value: 0x7E02_0000, valueTwo: 0)])
        #expect(rules.filter { $0.names.contains("clone3") }.map(\.action) == [.errno(38)])

        let admin = SeccompProfile.default.resolved(capabilities: ["CAP_SYS_ADMIN"], host: Self.amd64).rules
        #expect(admin.filter { $0.names.contains("clone") }.map(\.conditions) == [[]])
        #expect(admin.filter { $0.names.contains("clone3") }.map(\.action) == [.allow])
    }

    @Test func ptraceNeedsKernel48() {
        let old = SeccompHost(architecture: "amd64", seccompArchitecture: "SCMP_ARCH_X86_64", kernel: SeccompKernelVersion(4, 4))
        #expect(!allowedNames([], host: old).contains("ptrace"))
        #expect(allowedNames(["CAP_SYS_PTRACE"], host: old).contains("ptrace"))
    }

    @Test func architecturesFollowTheArchMap() {
        #expect(SeccompProfile.default.resolved(capabilities: [], host: Self.amd64).architectures
                == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        let arm64 = SeccompHost(architecture: "arm64", seccompArchitecture: "SCMP_ARCH_AARCH64", kernel: SeccompKernelVersion(6, 1))
        let resolved = SeccompProfile.default.resolved(capabilities: [], host: arm64)
        #expect(resolved.architectures == ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"])
        let names = Set(resolved.rules.flatMap(\.names))
        #expect(names.contains("cacheflush") && !names.contains("arch_prctl"))
    }

    @Test func everyNameIsKnownToLibseccomp() throws {
        let program = try SeccompCompiler.build(SeccompProfile.default.resolved(capabilities: ["CAP_SYS_ADMIN"]))
        #expect(program.unknownSyscalls == [])
    }

    @Test func compilesOnceAndIsCached() throws {
        let first = try SeccompCompiler.compile(.default, capabilities: Self.dockerCapabilities)
        #expect(first.instructionCount > 100)
        #expect(first.instructionCount <= SeccompProgram.maximumInstructions)
        #expect(first.bytes.count == first.instructionCount * 8)
        let second = try SeccompCompiler.compile(.default, capabilities: Self.dockerCapabilities)
        #expect(first === second)
        // Another spelling of the same capabilities is the same filter.
        let third = try SeccompCompiler.compile(.default, capabilities: Set(Self.dockerCapabilities.map { $0.dropFirst(4).lowercased() }))
        #expect(first === third)
        let admin = try SeccompCompiler.compile(.default, capabilities: ["CAP_SYS_ADMIN"])
        #expect(admin !== first)
        #expect(admin.bytes != first.bytes)
    }

    @Test func pseudoCodeShowsTheRules() throws {
        let text = try SeccompCompiler.pseudoCode(SeccompProfile.default.resolved(capabilities: Self.dockerCapabilities))
        #expect(text.contains("filter for arch x86_64"))
        #expect(text.contains("filter for arch x86 "))
        #expect(text.contains("filter for arch x32"))
        for name in ["read", "write", "clone", "clone3", "chroot", "personality"] {
            #expect(text.contains("filter for syscall \"\(name)\""), "\(name) has a rule")
        }
        for name in ["mount", "keyctl", "unshare", "setns", "kexec_load", "bpf"] {
            #expect(!text.contains("filter for syscall \"\(name)\""), "\(name) has no rule")
        }
        #expect(text.contains("action ERRNO(1);"))
        #expect(text.contains("action ERRNO(38);"))
    }

    // The exported bytes, run through a BPF interpreter as the kernel would.

    @Test func programAllowsOrdinaryCallsOnEveryArchitecture() throws {
        let program = try SeccompCompiler.compile(.default, capabilities: Self.dockerCapabilities, host: Self.amd64)
        for arch in [TestArch.x86_64, .x86, .x32] {
            for name in ["read", "write", "openat", "mmap", "execve", "exit_group", "futex", "chroot"] {
                #expect(try program.verdict(name, on: arch) == .allow, "\(name) on \(arch)")
            }
            for name in ["mount", "umount2", "unshare", "setns", "keyctl", "add_key", "kexec_load", "bpf",
                         "reboot", "init_module", "swapon", "pivot_root", "userfaultfd", "open_by_handle_at"] {
                #expect(try program.verdict(name, on: arch) == .eperm, "\(name) on \(arch)")
            }
        }
        #expect(try program.verdict("stime", on: .x86) == .eperm)
        #expect(try program.verdict("chown32", on: .x86) == .allow)
        #expect(try program.verdict("arch_prctl") == .allow)
    }

    @Test func programChecksCloneFlagsAndPersonality() throws {
        let program = try SeccompCompiler.compile(.default, capabilities: [], host: Self.amd64)
        let sigchld: UInt64 = 17
        let threadFlags: UInt64 = 0x3D0F00  // what pthread_create passes
        for arch in [TestArch.x86_64, .x86, .x32] {
            #expect(try program.verdict("clone", on: arch, args: [sigchld]) == .allow)
            #expect(try program.verdict("clone", on: arch, args: [threadFlags]) == .allow)
            for namespace: UInt64 in [0x2_0000, 0x200_0000, 0x400_0000, 0x800_0000, 0x1000_0000, 0x2000_0000, 0x4000_0000] {
                #expect(try program.verdict("clone", on: arch, args: [sigchld | namespace]) == .eperm)
            }
            #expect(try program.verdict("clone3", on: arch) == .enosys)
        }
        #expect(try program.verdict("personality", args: [0]) == .allow)
        #expect(try program.verdict("personality", args: [0xFFFF_FFFF]) == .allow)
        #expect(try program.verdict("personality", args: [0x8]) == .allow)
        #expect(try program.verdict("personality", args: [0x40000]) == .eperm)  // ADDR_NO_RANDOMIZE
        for arch in [TestArch.x86_64, .x86, .x32] {
            for family: UInt64 in [1, 2, 10, 16, 17, 37, 39, 41, 42, 43, 44, 45, 47, 48, 63] {  // AF_UNIX, AF_INET, ...
                #expect(try program.verdict("socket", on: arch, args: [family, 1, 0]) == .allow, "family \(family) on \(arch)")
            }
            for family: UInt64 in [38, 40, 64, 0x1_0000_0026, 0x1_0000_0028] {  // AF_ALG, AF_VSOCK, beyond AF_MAX
                #expect(try program.verdict("socket", on: arch, args: [family, 1, 0]) == .eperm, "family \(family) on \(arch)")
            }
            #expect(try program.verdict("socketpair", on: arch, args: [1, 1, 0]) == .allow)
        }
        // The kernel reads an int: high bits must not smuggle AF_ALG past a "> 40" test.
        #expect(try program.verdict("socket", args: [0x1_0000_0002, 1, 0]) == .eperm)
    }

    @Test func programWithSysAdminAllowsNamespaces() throws {
        let program = try SeccompCompiler.compile(.default, capabilities: ["CAP_SYS_ADMIN"], host: Self.amd64)
        #expect(try program.verdict("clone", args: [17 | 0x1000_0000]) == .allow)
        #expect(try program.verdict("clone3") == .allow)
        #expect(try program.verdict("mount") == .allow)
        #expect(try program.verdict("unshare") == .allow)
        #expect(try program.verdict("keyctl") == .eperm)
        #expect(try program.verdict("chroot") == .eperm)
    }
}
