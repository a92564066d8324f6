import Foundation
import Testing

/// Devices are confined on both launch paths and both cgroup versions
/// (v1 here, v2 in the VM): a root task may make any node but open only
/// docker's default devices and those its spec or config names. Checked
/// from inside with te-probe: EPERM is the device cgroup's answer (nodev
/// would be EACCES, a missing device ENXIO).
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct DeviceTests {
    let h = Harness()

    private func lines(_ result: Harness.Result) -> Set<String> { Set(result.stdout.split(separator: "\n").map(String.init)) }

    /// The escape this suite is named for (SECURITY.md): mknod of the kernel
    /// log and of a block device, then opening them.
    static let escapeScript = "te-probe mknod /dev/km c 1 11; te-probe open /dev/km w; "
        + "te-probe mknod /dev/disk b 7 0; te-probe open /dev/disk r; te-probe open /dev/disk w; "
        + "te-probe open /dev/null rw; te-probe open /dev/zero r; te-probe open /dev/full w; te-probe open /dev/urandom r; "
        + "te-probe open /dev/random r; te-probe open /dev/ptmx rw; te-probe open /dev/tty rw"

    @Test func aRootTaskMakesDeviceNodesButCannotOpenThem() {
        defer { h.cleanUp() }
        let result = h.run("escape", ["sh", "-c", Self.escapeScript])
        let seen = lines(result)
        #expect(seen.contains("mknod /dev/km ok"), "\(result.stdout)\(result.stderr)")
        #expect(seen.contains("open /dev/km w EPERM"))
        #expect(seen.contains("mknod /dev/disk ok"))
        #expect(seen.contains("open /dev/disk r EPERM"))
        #expect(seen.contains("open /dev/disk w EPERM"))
        for allowed in ["/dev/null rw", "/dev/zero r", "/dev/full w", "/dev/urandom r", "/dev/random r", "/dev/ptmx rw"] {
            #expect(seen.contains("open \(allowed) ok"), "\(allowed): \(result.stdout)")
        }
        // /dev/tty is allowed; with no controlling terminal the kernel says ENXIO, not EPERM.
        #expect(seen.contains("open /dev/tty rw ENXIO"), "\(result.stdout)")
    }

    @Test func aNodeShippedInTheImageCannotBeOpenedEvenByAnUnprivilegedUser() throws {
        defer { h.cleanUp() }
        // The image carries the node (mode 0666): no capability is needed to open it, only the cgroup stops it.
        let rootfs = h.scratch + "/image"
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-a", Harness.busybox, rootfs]
        try copy.run()
        copy.waitUntilExit()
        #expect(mknod(rootfs + "/hostdisk", S_IFBLK | 0o666, 7 << 8) == 0)
        chmod(rootfs + "/hostdisk", 0o666)
        var spec = h.spec("image-node", ["sh", "-c", "te-probe open /hostdisk r; te-probe open /hostdisk w"],
                          ["user": "1000:1000", "cap_drop": ["ALL"], "no_new_privileges": true])
        spec["rootfs"] = rootfs
        let result = h.taskexec(["run", h.writeSpec(spec)])
        #expect(lines(result) == ["open /hostdisk r EPERM", "open /hostdisk w EPERM"], "\(result.stdout)\(result.stderr)")
    }

    @Test func aDevicesEntryGivesThatDeviceAndNotItsNeighbour() {
        defer { h.cleanUp() }
        let script = "ls -ln /dev/hostlog; te-probe open /dev/hostlog w; te-probe open /dev/hostlog r; "
            + "te-probe mknod /dev/near c 1 12; te-probe open /dev/near w; te-probe mknod /dev/same c 1 11; te-probe open /dev/same w"
        let result = h.run("devices", ["sh", "-c", script],
                           ["devices": [["path": "/dev/kmsg", "target": "/dev/hostlog", "permissions": "wm"]]])
        let seen = lines(result)
        #expect(result.stdout.contains(" 1,  11 "), "the node has the host's numbers: \(result.stdout)")
        #expect(seen.contains("open /dev/hostlog w ok"), "\(result.stdout)\(result.stderr)")
        #expect(seen.contains("open /dev/hostlog r EPERM"), "only the permissions asked for")
        #expect(seen.contains("open /dev/near w EPERM"), "the neighbour stays closed")
        #expect(seen.contains("open /dev/same w ok"), "the rule is for the device, not the path")
    }

    @Test func aBadDevicesEntryIsASpecErrorAndCreatesNothing() {
        defer { h.cleanUp() }
        let missing = h.run("nodev", ["true"], ["devices": [["path": "/dev/taskexec-no-such-device"]]])
        #expect(missing.code == 2)
        #expect(missing.stderr.hasPrefix("taskexec: devices[0].path: /dev/taskexec-no-such-device: "), "\(missing.stderr)")
        let notDevice = h.run("notdev", ["true"], ["devices": [["path": "/etc/hostname", "target": "/dev/hostname"]]])
        #expect(notDevice.code == 2)
        #expect(notDevice.stderr == "taskexec: devices[0].path: /etc/hostname is not a character or block device\n")
        let badPermissions = h.run("badperm", ["true"], ["devices": [["path": "/dev/null", "permissions": "rx"]]])
        #expect(badPermissions.code == 2)
        #expect(badPermissions.stderr.hasPrefix("taskexec: devices[0].permissions: "))
        // A node outside /dev would replace a file of the image itself.
        let outside = h.run("outside", ["true"], ["devices": [["path": "/dev/kmsg", "target": "/dev/shm/../../etc/passwd"]]])
        #expect(outside.code == 2)
        #expect(outside.stderr.hasPrefix("taskexec: devices[0].target: must be a path under /dev"), "\(outside.stderr)")
        #expect(FileManager.default.fileExists(atPath: Harness.busybox + "/etc/passwd")
                && (try? FileManager.default.attributesOfItem(atPath: Harness.busybox + "/etc/passwd")[.type] as? FileAttributeType) == .typeRegular)
        #expect(h.state("nodev") == nil && h.state("notdev") == nil && h.state("badperm") == nil)
        #expect(CgroupFiles.taskCgroups(under: h.cgroupParent).isEmpty)
    }

    @Test func theTaskSeesItsOwnLimitsReadOnlyAndUpdatesAtOnce() throws {
        defer { h.cleanUp() }
        let spec = h.spec("limits", ["sleep", "60"], ["resources": ["memory": "64m", "cpus": 0.5]])
        #expect(h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent, h.writeSpec(spec)]).code == 0)
        let memoryFile = CgroupFiles.isV2 ? "/sys/fs/cgroup/memory.max" : "/sys/fs/cgroup/memory/memory.limit_in_bytes"
        let cpuFile = CgroupFiles.isV2 ? "/sys/fs/cgroup/cpu.max" : "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"
        let before = h.taskexec(["exec", "limits", "--", "sh", "-c", "cat \(memoryFile) \(cpuFile); echo 1 > \(memoryFile) || echo read-only"])
        #expect(before.stdout == "67108864\n" + (CgroupFiles.isV2 ? "50000 100000" : "50000") + "\nread-only\n", "\(before.stdout)\(before.stderr)")
        #expect(before.stderr.contains("Read-only file system"))
        #expect(h.taskexec(["update", "limits", "--memory", "96m", "--memory-swap", "192m"]).code == 0)
        #expect(h.taskexec(["exec", "limits", "--", "cat", memoryFile]).stdout == "\(96 << 20)\n")
    }
}

/// The same confinement for OCI containers (taskexec and runc side by side).
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct OCIDeviceTests {
    private func withMknod(_ config: inout [String: Any]) {
        var process = config["process"] as! [String: Any]
        var caps = process["capabilities"] as! [String: Any]
        for set in ["bounding", "effective", "permitted"] { caps[set] = (caps[set] as! [String]) + ["CAP_MKNOD"] }
        process["capabilities"] = caps
        config["process"] = process
    }

    @Test("runc spec's deny-all: nodes can be made, not opened; the defaults work", arguments: RuntimeUnderTest.all)
    func defaults(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("dev", ["sh", "-c", DeviceTests.escapeScript + "; echo done"]) { withMknod(&$0) }
        #expect(oci.create("dev", bundle: bundle).code == 0)
        #expect(oci.call(["start", "dev"]).code == 0)
        #expect(Harness.eventually { oci.output("dev").contains("done") })
        let seen = Set(oci.output("dev").split(separator: "\n").map(String.init))
        #expect(seen.contains("mknod /dev/km ok"), "\(oci.output("dev"))")
        #expect(seen.contains("open /dev/km w EPERM"))
        #expect(seen.contains("open /dev/disk r EPERM"))
        #expect(seen.contains("open /dev/null rw ok"))
        #expect(seen.contains("open /dev/urandom r ok"))
    }

    @Test("linux.devices and one allow rule: exactly that device, with its owner and mode", arguments: RuntimeUnderTest.all)
    func oneDevice(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let script = "ls -ln /dev/hostlog; te-probe open /dev/hostlog w; te-probe mknod /dev/near c 1 12; te-probe open /dev/near w; echo done"
        let bundle = oci.bundle("one", ["sh", "-c", script]) { config in
            withMknod(&config)
            var linux = config["linux"] as! [String: Any]
            linux["devices"] = [["path": "/dev/hostlog", "type": "c", "major": 1, "minor": 11, "fileMode": 0o622, "uid": 1000, "gid": 50]]
            linux["resources"] = ["devices": [["allow": false, "access": "rwm"], ["allow": true, "type": "c", "major": 1, "minor": 11, "access": "w"]]]
            config["linux"] = linux
        }
        #expect(oci.create("one", bundle: bundle).code == 0)
        #expect(oci.call(["start", "one"]).code == 0)
        #expect(Harness.eventually { oci.output("one").contains("done") })
        let output = oci.output("one")
        let listing = output.split(separator: "\n").first?.split(separator: " ").prefix(6).joined(separator: " ")
        #expect(listing == "crw--w--w- 1 1000 50 1, 11", "\(output)")
        #expect(output.contains("open /dev/hostlog w ok"))
        #expect(output.contains("open /dev/near w EPERM"))
    }

    @Test("update with new device rules takes effect on the next open")
    func updateRemovesARule() {
        let oci = OCIHarness(.taskexec)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("upd", ["sleep", "100"]) { config in
            var linux = config["linux"] as! [String: Any]
            linux["resources"] = ["devices": [["allow": false, "access": "rwm"], ["allow": true, "type": "c", "major": 1, "minor": 11, "access": "w"]]]
            linux["devices"] = [["path": "/dev/hostlog", "type": "c", "major": 1, "minor": 11, "fileMode": 0o666]]
            config["linux"] = linux
        }
        #expect(oci.create("upd", bundle: bundle).code == 0)
        #expect(oci.call(["start", "upd"]).code == 0)
        #expect(oci.call(["exec", "upd", "te-probe", "open", "/dev/hostlog", "w"]).stdout == "open /dev/hostlog w ok\n")
        let updated = oci.call(["update", "-r", "-", "upd"], stdin: #"{"devices":[{"allow":false,"access":"rwm"},{"allow":false,"type":"c","major":1,"minor":11,"access":"rwm"}]}"#)
        #expect(updated.code == 0, "\(updated.stderr)")
        #expect(oci.call(["exec", "upd", "te-probe", "open", "/dev/hostlog", "w"]).stdout == "open /dev/hostlog w EPERM\n")
        #expect(oci.call(["exec", "upd", "te-probe", "open", "/dev/null", "w"]).stdout == "open /dev/null w ok\n", "the defaults stay")
    }

    @Test("the bundle `runc spec` writes runs unchanged but for its root and command",
          .enabled(if: FileManager.default.isExecutableFile(atPath: RuntimeUnderTest.runc.path), "needs runc for `runc spec`"))
    func runcSpecBundle() throws {
        let oci = OCIHarness(.taskexec)
        defer { oci.cleanUp() }
        let directory = oci.scratch + "/runc-spec"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(OCILifecycleTests.shell("cd \(directory) && \(RuntimeUnderTest.runc.path) spec") == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/config.json"))
        var config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let linux = try #require(config["linux"] as? [String: Any])
        let rules = (linux["resources"] as? [String: Any])?["devices"] as? [[String: Any]]
        #expect(rules?.first?["allow"] as? Bool == false, "runc spec's own deny-all is there")
        config["root"] = ["path": Harness.busybox, "readonly": true]
        var process = try #require(config["process"] as? [String: Any])
        process["terminal"] = false
        process["args"] = ["sh", "-c", "te-probe open /dev/null rw; te-probe open /dev/urandom r; echo done"]
        config["process"] = process
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: directory + "/config.json"))
        let created = oci.create("spec", bundle: directory)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "spec"]).code == 0)
        #expect(Harness.eventually { oci.output("spec").contains("done") })
        #expect(oci.output("spec") == "open /dev/null rw ok\nopen /dev/urandom r ok\ndone\n")
    }
}
