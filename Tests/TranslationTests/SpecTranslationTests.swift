import OCISpec
import TaskSpec
import Testing
@testable import Translation

@Suite struct SpecTranslationTests {
    let root = TranslationInput(user: OCIUser(uid: 0, gid: 0, umask: 0o022, additionalGids: []), home: "/root",
                                volumesDirectory: "/var/lib/taskexec/volumes", cgroupNamespace: true)

    func spec(_ edit: (inout TaskSpec) -> Void = { _ in }) -> TaskSpec {
        var spec = TaskSpec(id: "web.1", rootfs: "/srv/rootfs", command: ["httpd", "-f"])
        edit(&spec)
        return spec
    }

    @Test func processRootAndHostname() {
        let config = SpecTranslation.config(for: spec { $0.hostname = "web-1"; $0.readonlyRootfs = true; $0.workdir = "/www" }, root)
        #expect(config.ociVersion == "1.2.0")
        #expect(config.root == OCIRoot(path: "/srv/rootfs", readonly: true))
        #expect(config.hostname == "web-1")
        #expect(config.process?.args == ["httpd", "-f"])
        #expect(config.process?.cwd == "/www")
        #expect(config.process?.user == OCIUser(uid: 0, gid: 0, umask: 0o022, additionalGids: []))
        #expect(config.process?.noNewPrivileges == nil)
    }

    @Test func defaultHostnameIsTheIdMadeValid() {
        #expect(SpecTranslation.config(for: spec { $0.id = "my_task.1" }, root).hostname == "my-task.1")
        let long = String(repeating: "a", count: 100)
        #expect(SpecTranslation.config(for: spec { $0.id = long }, root).hostname?.count == 63)
    }

    @Test func environmentDefaultsYieldToTheSpec() {
        let config = SpecTranslation.config(for: spec { $0.env = ["A=1", "PATH=/bin", "A=2"]; $0.hostname = "h" }, root)
        #expect(config.process?.env == ["PATH=/bin", "HOSTNAME=h", "HOME=/root", "A=2"])
    }

    @Test func namespacesFollowTheNetworkMode() {
        let none = SpecTranslation.config(for: spec(), root).linux?.namespaces?.map(\.type)
        #expect(none == [.pid, .ipc, .uts, .mount, .network, .cgroup])
        var noCgroupNS = root
        noCgroupNS.cgroupNamespace = false
        let host = SpecTranslation.config(for: spec { $0.network = .host }, noCgroupNS).linux?.namespaces?.map(\.type)
        #expect(host == [.pid, .ipc, .uts, .mount])
        #expect(SpecTranslation.config(for: spec(), root).linux?.rootfsPropagation == "rprivate")
    }

    @Test func systemMountsComeFirst() {
        let destinations = SpecTranslation.config(for: spec(), root).mounts?.map(\.destination)
        #expect(destinations == ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"])
        let mounts = SpecTranslation.config(for: spec(), root).mounts ?? []
        #expect(mounts[5].options?.contains("ro") == true)
        // The task's own cgroup, read-only, as docker mounts it.
        #expect(mounts[6].type == "cgroup" && mounts[6].options?.contains("ro") == true)
    }

    @Test func userMountsAreTranslatedAndOrderedParentFirst() {
        let config = SpecTranslation.config(for: spec {
            $0.mounts = [
                .init(kind: .bind, source: "/srv/site", target: "/www/site", readonly: true),
                .init(kind: .volume, source: "webdata", target: "/www"),
                .init(kind: .tmpfs, source: nil, target: "/tmp", size: 64 << 20, mode: 0o1777),
            ]
        }, root)
        let user = Array(config.mounts!.dropFirst(7))
        #expect(user == [
            OCIMount(destination: "/www", type: "bind", source: "/var/lib/taskexec/volumes/webdata/_data", options: ["rbind", "rprivate"]),
            OCIMount(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "size=67108864", "mode=1777"]),
            OCIMount(destination: "/www/site", type: "bind", source: "/srv/site", options: ["rbind", "rprivate", "ro"]),
        ])
    }

    @Test func rootGetsDockersCapabilitiesAndOthersNoneEffective() {
        let rootCaps = SpecTranslation.config(for: spec(), root).process?.capabilities
        #expect(rootCaps?.bounding?.count == 14)
        #expect(rootCaps?.effective == rootCaps?.bounding)
        #expect(rootCaps?.permitted == rootCaps?.bounding)
        #expect(rootCaps?.inheritable == [])
        var app = root
        app.user = OCIUser(uid: 1000, gid: 1000, umask: 0o022, additionalGids: [50])
        let appCaps = SpecTranslation.config(for: spec(), app).process?.capabilities
        #expect(appCaps?.bounding?.count == 14)
        #expect(appCaps?.effective == [])
        #expect(appCaps?.permitted == [])
    }

    @Test func noNewPrivilegesIsCarried() {
        #expect(SpecTranslation.config(for: spec { $0.noNewPrivileges = true }, root).process?.noNewPrivileges == true)
    }

    @Test func execProcessOverridesCommandEnvUserAndCwd() {
        let base = SpecTranslation.config(for: spec { $0.env = ["A=1"]; $0.hostname = "h" }, root).process!
        let exec = SpecTranslation.execProcess(base: base, args: ["sh"], env: ["A=2", "B=3"],
                                               user: OCIUser(uid: 1000, gid: 1000), cwd: "/tmp")
        #expect(exec.args == ["sh"])
        #expect(exec.env == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=h", "HOME=/root", "A=2", "B=3"])
        #expect(exec.user.uid == 1000)
        #expect(exec.capabilities?.effective == [])
        #expect(exec.cwd == "/tmp")
        let same = SpecTranslation.execProcess(base: base, args: ["true"])
        #expect(same.user == base.user)
        #expect(same.capabilities == base.capabilities)
        #expect(same.cwd == base.cwd)
    }

    @Test func everyTaskGetsDockersDeviceRulesAndItsOwnDevices() {
        let rules = SpecTranslation.config(for: spec(), root).linux?.resources?.devices ?? []
        #expect(rules.first == OCIDeviceCgroup(allow: false, type: "a", access: "rwm"), "deny all first")
        #expect(rules.contains(OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 3, access: "rwm")))
        #expect(rules.contains(OCIDeviceCgroup(allow: true, type: "b", access: "m")))
        #expect(!rules.contains { $0.allow && $0.type == "b" && $0.access?.contains("r") == true }, "no block device may be read")
        var withDevice = root
        withDevice.devices = [OCIDevice(type: "c", path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0)]
        withDevice.deviceRules = [OCIDeviceCgroup(allow: true, type: "c", major: 10, minor: 229, access: "r")]
        let config = SpecTranslation.config(for: spec(), withDevice)
        #expect(config.linux?.devices == withDevice.devices)
        #expect(config.linux?.resources?.devices?.last == withDevice.deviceRules.last, "the task's own rule comes last")
    }

    @Test func dockersSwapDefaultIsDecidedInTheTranslation() {
        let config = SpecTranslation.config(for: spec { $0.resources = .init(memory: 64 << 20) }, root)
        #expect(config.linux?.resources?.memory == OCIMemory(limit: 64 << 20, swap: 128 << 20))
    }

    @Test func sharesCpusetsReservationAndBlkioWeightBecomeOCIResources() {
        let config = SpecTranslation.config(for: spec {
            var resources = TaskSpec.Resources(cpus: 0.5, memory: 64 << 20)
            resources.cpuShares = 512
            resources.cpusetCpus = "0-1"
            resources.cpusetMems = "0"
            resources.memoryReservation = 32 << 20
            resources.blkioWeight = 300
            $0.resources = resources
        }, root)
        let oci = config.linux?.resources
        #expect(oci?.cpu == OCICPU(shares: 512, quota: 50_000, period: 100_000, cpus: "0-1", mems: "0"))
        #expect(oci?.memory == OCIMemory(limit: 64 << 20, reservation: 32 << 20, swap: 128 << 20))
        #expect(oci?.blockIO == OCIBlockIO(weight: 300))
    }
}
