import OCISpec
import Testing

private func decode(_ json: String) throws -> OCIConfig {
    try OCIConfig.decode(Array(json.utf8))
}

private func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

@Suite struct RuncSpecTests {
    @Test func decodesWhatRuncSpecWrites() throws {
        let config = try decode(Fixtures.runcSpec)
        #expect(config.ociVersion == "1.2.1")
        #expect(config.root == OCIRoot(path: "rootfs", readonly: true))
        #expect(config.hostname == "runc")
        #expect(config.domainname == nil)
        #expect(config.hooks == nil)

        let process = try #require(config.process)
        #expect(process.terminal == true)
        #expect(process.user == OCIUser(uid: 0, gid: 0))
        #expect(process.args == ["sh"])
        #expect(process.cwd == "/")
        #expect(process.noNewPrivileges == true)
        #expect(process.rlimits == [OCIRlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)])
        #expect(process.capabilities?.bounding == ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"])
        #expect(process.capabilities?.inheritable == nil)
        #expect(process.capabilities?.ambient == nil)

        let mounts = try #require(config.mounts)
        #expect(mounts.count == 7)
        #expect(mounts[0] == OCIMount(destination: "/proc", type: "proc", source: "proc"))
        #expect(mounts[2].options?.contains("newinstance") == true)

        let linux = try #require(config.linux)
        #expect(linux.namespaces?.map(\.type) == [.pid, .network, .ipc, .uts, .mount, .cgroup])
        #expect(linux.namespaces?.allSatisfy { $0.path == nil } == true)
        #expect(linux.resources?.devices == [OCIDeviceCgroup(allow: false, access: "rwm")])
        #expect(linux.maskedPaths?.count == 10)
        #expect(linux.readonlyPaths?.last == "/proc/sysrq-trigger")
        #expect(linux.seccomp == nil)
    }
}

@Suite struct PodmanConfigTests {
    @Test func decodesARootlessPodmanConfig() throws {
        let config = try decode(Fixtures.podmanRootless)
        let process = try #require(config.process)
        #expect(process.user.umask == 0o022)
        #expect(process.user.additionalGids?.count == 11)
        #expect(process.oomScoreAdj == 200)
        #expect(process.terminal == nil)
        #expect(config.root?.readonly == nil)
        #expect(config.annotations?["io.container.manager"] == "libpod")
        #expect(config.hooks?.createRuntime?.first?.timeout == 10)
        #expect(config.hooks?.poststop == nil)

        let idmapped = try #require(config.mounts?.first { $0.destination == "/data" })
        #expect(idmapped.uidMappings == [OCIIDMapping(containerID: 0, hostID: 1, size: 65536)])

        let linux = try #require(config.linux)
        #expect(linux.uidMappings?.last == OCIIDMapping(containerID: 1, hostID: 100_000, size: 65536))
        #expect(linux.cgroupsPath == "user.slice:libpod:3f1c0e9a7b2d")
        let network = try #require(linux.namespaces?.first { $0.type == .network })
        #expect(network.path?.hasPrefix("/run/user/1000/netns/") == true)
        #expect(linux.namespaces?.last == OCINamespace(type: .user))
        #expect(linux.resources?.pids == OCIPids(limit: 2048))
        #expect(linux.resources?.memory?.limit == 512 << 20)
        #expect(linux.resources?.cpu?.quota == 150_000)
        #expect(linux.resources?.unified == ["memory.high": "402653184"])

        let seccomp = try #require(linux.seccomp)
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO")
        #expect(seccomp.defaultErrnoRet == 38)
        #expect(seccomp.syscalls?.first?.errnoRet == 1)
        let personality = seccomp.syscalls?.filter { $0.names == ["personality"] }.compactMap(\.args?.first?.value)
        #expect(personality == [0, 8, 4_294_967_295])
        let clone = try #require(seccomp.syscalls?.first { $0.names == ["clone"] }?.args?.first)
        #expect(clone == OCISeccompArg(index: 0, value: 2_114_060_288, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ"))
        let socket = try #require(seccomp.syscalls?.last)
        #expect(socket.args?.map(\.index) == [0, 2])
    }
}

@Suite struct RoundTripTests {
    @Test(arguments: Fixtures.byName.keys.sorted(), [false, true])
    func encodingThenDecodingGivesTheSameConfig(fixture: String, pretty: Bool) throws {
        let config = try decode(try #require(Fixtures.byName[fixture]))
        let bytes = try config.encoded(pretty: pretty)
        #expect(try OCIConfig.decode(bytes) == config)
        // Encoding is deterministic given the value (sorted keys when pretty).
        if pretty { #expect(try OCIConfig.decode(bytes).encoded(pretty: true) == bytes) }
    }

    @Test func everyFieldIsRead() throws {
        let config = try decode(Fixtures.everyField)
        let process = try #require(config.process)
        #expect(process.consoleSize == OCIConsoleSize(height: 25, width: 80))
        #expect(process.user == OCIUser(uid: 1, gid: 1, umask: 63, additionalGids: [5, 6], username: "ignored"))
        #expect(process.capabilities == OCICapabilities(bounding: ["CAP_KILL"], effective: ["CAP_KILL"],
                                                        inheritable: ["CAP_KILL"], permitted: ["CAP_KILL"],
                                                        ambient: ["CAP_KILL"]))
        #expect(process.rlimits?.first?.hard == UInt64.max)
        #expect(process.oomScoreAdj == -500)
        #expect(process.apparmorProfile == "acme_secure_profile")
        #expect(process.selinuxLabel?.hasSuffix("c124,c675") == true)
        #expect(process.ioPriority == OCIIOPriority(class: "IOPRIO_CLASS_BE", priority: 4))
        #expect(process.scheduler == OCIScheduler(policy: "SCHED_DEADLINE", nice: -5, priority: 1,
                                                  flags: ["SCHED_FLAG_RESET_ON_FORK"], runtime: 10_000_000,
                                                  deadline: 20_000_000, period: 30_000_000))
        #expect(process.execCPUAffinity == OCICPUAffinity(initial: "0", final: "1-3,7"))
        #expect(config.root?.readonly == false)
        #expect(config.domainname == "example.test")

        let hooks = try #require(config.hooks)
        #expect([hooks.prestart, hooks.createRuntime, hooks.createContainer, hooks.startContainer,
                 hooks.poststart, hooks.poststop].compactMap { $0?.first?.path }
                == ["/bin/a", "/bin/b", "/bin/c", "/bin/d", "/bin/e", "/bin/f"])
        #expect(hooks.createRuntime?.first == OCIHook(path: "/bin/b", args: ["b", "x"], env: ["K=V"], timeout: 5))

        let linux = try #require(config.linux)
        #expect(linux.namespaces?.map(\.type) == OCINamespaceType.allCases)
        #expect(linux.timeOffsets?["monotonic"] == OCITimeOffset(secs: 172_800, nanosecs: 0))
        #expect(linux.timeOffsets?["boottime"] == OCITimeOffset(secs: -1))
        #expect(linux.devices?.first == OCIDevice(type: "c", path: "/dev/fuse", major: 10, minor: 229,
                                                  fileMode: 0o666, uid: 0, gid: 0))
        #expect(linux.devices?.last == OCIDevice(type: "p", path: "/dev/fifo"))
        #expect(linux.rootfsPropagation == "slave")
        #expect(linux.sysctl?["net.core.somaxconn"] == "256")
        #expect(linux.mountLabel?.hasPrefix("system_u:object_r") == true)
        #expect(linux.personality == OCIPersonality(domain: "LINUX32", flags: []))
        #expect(linux.intelRdt?.closID == "guaranteed_group")
        #expect(linux.intelRdt?.enableMBM == true)

        let resources = try #require(linux.resources)
        #expect(resources.devices?.last == OCIDeviceCgroup(allow: true, type: "c", major: 10, minor: 229, access: "rw"))
        #expect(resources.memory == OCIMemory(limit: 536_870_912, reservation: 268_435_456, swap: -1, kernel: -1,
                                              kernelTCP: -1, swappiness: 0, disableOOMKiller: false,
                                              useHierarchy: true, checkBeforeUpdate: true))
        #expect(resources.cpu == OCICPU(shares: 1024, quota: -1, burst: 1_000_000, period: 100_000,
                                        realtimeRuntime: 950_000, realtimePeriod: 1_000_000, cpus: "0-3,7",
                                        mems: "0", idle: 1))
        #expect(resources.pids?.limit == -1)
        let blockIO = try #require(resources.blockIO)
        #expect(blockIO.weight == 10 && blockIO.leafWeight == 10)
        #expect(blockIO.weightDevice?.last == OCIWeightDevice(major: 8, minor: 16, weight: 500))
        #expect(blockIO.throttleReadBpsDevice == [OCIThrottleDevice(major: 8, minor: 0, rate: 600)])
        #expect(blockIO.throttleWriteBpsDevice?.first?.rate == 700)
        #expect(blockIO.throttleReadIOPSDevice?.first?.rate == 200)
        #expect(blockIO.throttleWriteIOPSDevice?.first?.rate == 300)
        #expect(resources.hugepageLimits?.first == OCIHugepageLimit(pageSize: "2MB", limit: 9_223_372_036_854_772_000))
        #expect(resources.network == OCINetwork(classID: 1_048_577,
                                                priorities: [OCIInterfacePriority(name: "eth0", priority: 500)]))
        #expect(resources.rdma?["mlx4_0"] == OCIRdma(hcaObjects: 1000))
        #expect(resources.unified?["memory.high"] == "max")

        let seccomp = try #require(linux.seccomp)
        #expect(seccomp.flags == ["SECCOMP_FILTER_FLAG_LOG"])
        #expect(seccomp.listenerPath == "/run/seccomp-agent.socket")
        #expect(seccomp.listenerMetadata == "opaque")
        #expect(seccomp.architectures == ["SCMP_ARCH_X86", "SCMP_ARCH_X32"])
        #expect(seccomp.syscalls?.first?.args?.first
                == OCISeccompArg(index: 1, value: .max, valueTwo: .max - 1, op: "SCMP_CMP_MASKED_EQ"))
    }
}

@Suite struct EncodingTests {
    @Test func absentFieldsAreOmittedNotNull() throws {
        let config = OCIConfig(process: OCIProcess(args: ["sh"]), root: OCIRoot(path: "rootfs"))
        let json = text(try config.encoded(pretty: true))
        #expect(!json.contains("null"))
        for key in ["terminal", "hostname", "mounts", "linux", "umask", "readonly", "capabilities"] {
            #expect(!json.contains("\"\(key)\""), "\(key) should be omitted")
        }
        for key in ["ociVersion", "process", "user", "uid", "gid", "cwd", "args", "root", "path"] {
            #expect(json.contains("\"\(key)\""), "\(key) should be written")
        }
    }

    @Test func defaultsBuildAMinimalConfig() {
        let config = OCIConfig()
        #expect(config.ociVersion == "1.2.0")
        #expect(config.ociVersion == OCIConfig.specVersion)
        #expect(OCIProcess().cwd == "/")
        #expect(OCIProcess().user == OCIUser(uid: 0, gid: 0))
    }

    @Test func prettyOutputSortsKeysAndLeavesSlashesAlone() throws {
        let config = OCIConfig(root: OCIRoot(path: "/var/lib/rootfs"), hostname: "h")
        let json = text(try config.encoded(pretty: true))
        #expect(json.contains("/var/lib/rootfs"))
        #expect(!json.contains("\\/"))
        let hostname = try #require(json.firstRange(of: "\"hostname\""))
        let version = try #require(json.firstRange(of: "\"ociVersion\""))
        let root = try #require(json.firstRange(of: "\"root\""))
        #expect(hostname.lowerBound < version.lowerBound && version.lowerBound < root.lowerBound)
        #expect(json.contains("\n"))
        #expect(!text(try config.encoded()).contains("\n"))
    }

    @Test func fileModeIsADecimalNumber() throws {
        let linux = OCILinux(devices: [OCIDevice(type: "c", path: "/dev/null", major: 1, minor: 3, fileMode: 0o666)])
        #expect(text(try OCIConfig(linux: linux).encoded()).contains("\"fileMode\":438"))
    }
}

@Suite struct DecodingErrorTests {
    @Test func unknownKeysAreIgnored() throws {
        let config = try decode(#"{"ociVersion": "1.3.0", "vm": {}, "linux": {"netDevices": {"eth1": {}}}}"#)
        #expect(config == OCIConfig(ociVersion: "1.3.0", linux: OCILinux()))
    }

    @Test func missingOCIVersionThrows() {
        #expect(throws: DecodingError.self) { try decode(#"{"root": {"path": "rootfs"}}"#) }
    }

    @Test func processWithoutCwdThrows() {
        #expect(throws: DecodingError.self) {
            try decode(#"{"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"]}}"#)
        }
    }

    @Test func unknownNamespaceTypeThrows() {
        #expect(throws: DecodingError.self) {
            try decode(#"{"ociVersion": "1.2.0", "linux": {"namespaces": [{"type": "net"}]}}"#)
        }
    }

    @Test func negativeUIDThrows() {
        #expect(throws: DecodingError.self) {
            try decode(#"{"ociVersion": "1.2.0", "process": {"user": {"uid": -1, "gid": 0}, "cwd": "/"}}"#)
        }
    }

    @Test func malformedJSONThrows() {
        #expect(throws: (any Error).self) { try decode(#"{"ociVersion": "#) }
    }
}

@Suite struct OCIStateTests {
    @Test func decodesTheRuntimeStateDocument() throws {
        let json = #"""
        {"ociVersion": "1.2.0", "id": "oci-container1", "status": "running", "pid": 4422,
         "bundle": "/containers/redis", "annotations": {"myKey": "myValue"}}
        """#
        let state = try OCIState.decode(Array(json.utf8))
        #expect(state == OCIState(id: "oci-container1", status: .running, pid: 4422,
                                  bundle: "/containers/redis", annotations: ["myKey": "myValue"]))
        #expect(try OCIState.decode(state.encoded()) == state)
    }

    @Test func aStoppedStateHasNoPid() throws {
        let state = OCIState(id: "t1", status: .stopped, bundle: "/run/taskexec/t1")
        let json = text(try state.encoded(pretty: true))
        #expect(!json.contains("pid"))
        #expect(json.contains("\"status\" : \"stopped\"") || json.contains("\"status\":\"stopped\""))
    }

    @Test func statusesAreTheSpecsWords() throws {
        #expect(OCIStatus.allCases.map(\.rawValue) == ["creating", "created", "running", "stopped", "paused"])
        // runc's "paused" is read back; a word nobody uses is not.
        #expect(try OCIState.decode(Array(#"{"ociVersion":"1.2.0","id":"x","status":"paused","bundle":"/b"}"#.utf8)).status == .paused)
        #expect(throws: DecodingError.self) {
            try OCIState.decode(Array(#"{"ociVersion":"1.2.0","id":"x","status":"sleeping","bundle":"/b"}"#.utf8))
        }
    }
}
