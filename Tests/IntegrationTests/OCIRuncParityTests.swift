import Foundation
import Testing

/// What containerd, the CRI and podman read from a runtime's answers, as
/// runc gives it: the same tests against taskexec and runc.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct OCIRuncParityTests {
    @Test("kill of an exited container says 'container not running' (containerd maps it to NotFound)", arguments: RuntimeUnderTest.all)
    func killAfterExit(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.create("gone", bundle: oci.bundle("gone", ["true"])).code == 0)
        #expect(oci.call(["start", "gone"]).code == 0)
        #expect(Harness.eventually { oci.status("gone") == "stopped" })
        let kill = oci.call(["kill", "gone", "KILL"])
        #expect(kill.code != 0)
        #expect(kill.stderr.contains("container not running"), "\(kill.stderr)")
        let unknown = oci.call(["kill", "nosuch", "KILL"])
        #expect(unknown.code != 0 && unknown.stderr.contains("does not exist"), "\(unknown.stderr)")
    }

    @Test("delete --force of an id that does not exist succeeds", arguments: RuntimeUnderTest.all)
    func deleteForceUnknown(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.call(["delete", "--force", "nosuch"]).code == 0)
        #expect(oci.call(["delete", "nosuch"]).code != 0)
    }

    @Test("HOME comes from the image's /etc/passwd when the env has none", arguments: RuntimeUnderTest.all)
    func home(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        for (id, uid, home) in [("root", 0, "/root"), ("app", 1000, "/home/app"), ("unknown", 4242, "/")] {
            let bundle = oci.bundle(id, ["sh", "-c", "echo HOME=$HOME"]) { config in
                var process = config["process"] as! [String: Any]
                process["user"] = ["uid": uid, "gid": uid]
                config["process"] = process
            }
            #expect(oci.create(id, bundle: bundle).code == 0)
            #expect(oci.call(["start", id]).code == 0)
            #expect(Harness.eventually { oci.output(id).contains("HOME=") })
            #expect(oci.output(id) == "HOME=\(home)\n", "\(id)")
            let exec = oci.call(["exec", id, "sh", "-c", "echo $HOME"])
            _ = exec   // the init has exited by now; exec's rule is checked below
        }
        let bundle = oci.bundle("long", ["sleep", "100"]) { config in
            var process = config["process"] as! [String: Any]
            process["user"] = ["uid": 1000, "gid": 1000]
            config["process"] = process
        }
        #expect(oci.create("long", bundle: bundle).code == 0)
        #expect(oci.call(["start", "long"]).code == 0)
        #expect(oci.call(["exec", "long", "sh", "-c", "echo $HOME"]).stdout == "/home/app\n")
    }

    @Test("a seccomp profile that does not list close_range still starts the container", arguments: RuntimeUnderTest.all)
    func profileWithoutCloseRange(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("sc", ["sh", "-c", "echo started"]) { config in
            var linux = config["linux"] as! [String: Any]
            linux["seccomp"] = ["defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                                "syscalls": [["names": ["close_range"], "action": "SCMP_ACT_ERRNO"]]]
            config["linux"] = linux
        }
        let created = oci.create("sc", bundle: bundle)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "sc"]).code == 0)
        #expect(Harness.eventually { oci.output("sc").contains("started") })
    }

    /// `ctr run` and the CRI always set cpu.shares (every pod, every container):
    /// refusing it blocked the whole containerd path.
    @Test("cpu shares and memory reservation are applied, and updated, as runc applies them", arguments: RuntimeUnderTest.all)
    func sharesAndReservation(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("shares", ["sleep", "100"]) { config in
            var linux = config["linux"] as! [String: Any]
            var resources = linux["resources"] as! [String: Any]
            resources["cpu"] = ["shares": 512]
            resources["memory"] = ["limit": 128 << 20, "reservation": 32 << 20, "kernel": -1, "kernelTCP": 0]
            linux["resources"] = resources
            config["linux"] = linux
        }
        let created = oci.create("shares", bundle: bundle)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "shares"]).code == 0)
        let path = oci.cgroupPath("shares")
        #expect(CgroupFiles.read(path, v2: "cpu.weight", v1: ("cpu", "cpu.shares")) == (CgroupFiles.isV2 ? "20" : "512"))
        #expect(CgroupFiles.read(path, v2: "memory.low", v1: ("memory", "memory.soft_limit_in_bytes")) == "\(32 << 20)")
        let updated = oci.call(["update", "-r", "-", "shares"], stdin: #"{"cpu":{"shares":1024}}"#)
        #expect(updated.code == 0, "\(updated.stderr)")
        #expect(CgroupFiles.read(path, v2: "cpu.weight", v1: ("cpu", "cpu.shares")) == (CgroupFiles.isV2 ? "39" : "1024"))
    }

    /// Kubernetes' CPU manager pins with cpusets; blkio throttles, swappiness
    /// and the OOM-killer switch are docker's and runtime-tools' fields.
    @Test("cpusets, block I/O throttles, swappiness and oom_kill_disable are applied, and cpusets updated, as runc does", arguments: RuntimeUnderTest.all)
    func cpusetBlockIOAndMemoryKnobs(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        // A throttle needs a real disk (the VM has none: its root is a 9p share).
        let disk = OCIRuncParityTests.blockDevice()
        let bundle = oci.bundle("knobs", ["sleep", "100"]) { config in
            var linux = config["linux"] as! [String: Any]
            var resources = linux["resources"] as! [String: Any]
            resources["cpu"] = ["cpus": "0", "mems": "0"]
            resources["memory"] = ["swappiness": 30, "disableOOMKiller": true]
            if let disk { resources["blockIO"] = ["throttleReadBpsDevice": [["major": disk.major, "minor": disk.minor, "rate": 1 << 20]]] }
            linux["resources"] = resources
            config["linux"] = linux
        }
        let created = oci.create("knobs", bundle: bundle)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "knobs"]).code == 0)
        let path = oci.cgroupPath("knobs")
        #expect(CgroupFiles.read(path, v2: "cpuset.cpus", v1: ("cpuset", "cpuset.cpus")) == "0")
        #expect(CgroupFiles.read(path, v2: "cpuset.mems", v1: ("cpuset", "cpuset.mems")) == "0")
        if let disk {
            let throttle = CgroupFiles.read(path, v2: "io.max", v1: ("blkio", "blkio.throttle.read_bps_device")) ?? ""
            #expect(throttle.contains(CgroupFiles.isV2 ? "\(disk.major):\(disk.minor) rbps=1048576" : "\(disk.major):\(disk.minor) 1048576"),
                    "\(throttle)")
        }
        if !CgroupFiles.isV2 {  // v2 has neither knob; runc ignores both there
            #expect(CgroupFiles.read(path, v2: "", v1: ("memory", "memory.swappiness")) == "30")
            #expect(CgroupFiles.read(path, v2: "", v1: ("memory", "memory.oom_control"))?.contains("oom_kill_disable 1") == true)
        }
        // The container's processes really are in the cpuset.
        let pid = try #require(oci.state("knobs")?["pid"] as? Int)
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        #expect(status.contains("Cpus_allowed_list:\t0\n"), "\(status)")

        let updated = oci.call(["update", "-r", "-", "knobs"], stdin: #"{"cpu":{"cpus":"0-1"}}"#)
        #expect(updated.code == 0, "\(updated.stderr)")
        #expect(CgroupFiles.read(path, v2: "cpuset.cpus", v1: ("cpuset", "cpuset.cpus")) == "0-1")
    }

    /// A whole disk (major:minor) this machine has: blkio throttles need a real one.
    static func blockDevice() -> (major: Int, minor: Int)? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []).sorted()
        for name in names where !name.hasPrefix("loop") && !name.hasPrefix("ram") {
            guard let text = try? String(contentsOfFile: "/sys/block/\(name)/dev", encoding: .utf8) else { continue }
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").compactMap { Int($0) }
            if parts.count == 2 { return (parts[0], parts[1]) }
        }
        return nil
    }
}
