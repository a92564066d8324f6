import Foundation
import Testing

/// The OCI command line's edges: fds passed on, the error log, bad input,
/// what is refused, device rules.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct OCICommandLineTests {
    @Test("--preserve-fds passes the caller's fd 3 on to the program", arguments: RuntimeUnderTest.all)
    func preservedFDs(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let secretless = oci.scratch + "/passed.txt"
        try "through fd 3\n".write(toFile: secretless, atomically: true, encoding: .utf8)
        let bundle = oci.bundle("fd", ["cat", "/proc/self/fd/3"])
        let command = "exec 3<\(secretless); exec \(runtime.path) --root \(oci.root) create --preserve-fds 1 --bundle \(bundle) fd"
        #expect(OCILifecycleTests.shell(command + " >\(oci.outputPath("fd")) 2>&1") == 0)
        #expect(oci.call(["start", "fd"]).code == 0)
        #expect(Harness.eventually { oci.output("fd") == "through fd 3\n" })
    }

    @Test("exec --tty --console-socket --detach: the process gets its own pty", arguments: RuntimeUnderTest.all)
    func execWithTerminal(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.create("etty", bundle: oci.bundle("etty", ["sleep", "1000"])).code == 0)
        #expect(oci.call(["start", "etty"]).code == 0)
        let socketPath = oci.scratch + "/exec-console.sock"
        let listener = try ConsoleListener(path: socketPath)
        let exec = oci.call(["exec", "--tty", "--console-socket", socketPath, "--detach", "etty", "sh", "-c", "tty; sleep 2"])
        #expect(exec.code == 0, "\(exec.stderr)")
        let master = try #require(listener.receiveFD())
        defer { close(master) }
        #expect(ConsoleListener.read(master, until: "/dev/pts/").contains("/dev/pts/"))
        if runtime.isTaskexec {
            // `--signal` is taskexec's spelling beside the positional one.
            #expect(oci.call(["kill", "--signal", "KILL", "etty"]).code == 0)
            #expect(Harness.eventually { oci.status("etty") == "stopped" })
        }
    }

    @Test("--log with --log-format json records the error as a JSON line", arguments: RuntimeUnderTest.all)
    func jsonErrorLog(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let log = oci.scratch + "/runtime.log"
        let result = oci.call(["start", "nosuch"], globals: ["--log", log, "--log-format", "json"])
        #expect(result.code != 0)
        let line = try #require(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").last)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(entry["level"] as? String == "error")
        #expect((entry["msg"] as? String)?.isEmpty == false)
        #expect(entry["time"] is String)
    }

    @Test("a program that does not exist fails create, with podman's words for 127", arguments: RuntimeUnderTest.all)
    func missingProgram(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let created = oci.create("missing", bundle: oci.bundle("missing", ["/nonexistent"]))
        #expect(created.code != 0)
        #expect(created.stderr.lowercased().contains("no such file or directory"))
        #expect(oci.state("missing") == nil)
    }

    @Test("the device cgroup denies all but the default devices (cgroup v1)", .enabled(if: !CgroupFiles.isV2, "device rules are v1 here"),
          arguments: RuntimeUnderTest.all)
    func deviceRules(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.create("dev", bundle: oci.bundle("dev", ["sleep", "1000"])).code == 0)
        let list = try String(contentsOfFile: "/sys/fs/cgroup/devices/\(oci.cgroupPath("dev"))/devices.list", encoding: .utf8)
        let rules = Set(list.split(separator: "\n").map(String.init))
        #expect(!rules.contains("a *:* rwm"))
        #expect(rules.isSuperset(of: ["c 1:3 rwm", "c 1:9 rwm", "c 5:2 rwm", "c 136:* rwm"]))
    }

    @Test("bad input: exit 2, the field named, nothing created")
    func badInput() throws {
        let oci = OCIHarness(.taskexec)
        defer { oci.cleanUp() }
        let personality = oci.bundle("pers", ["true"]) { $0["linux"] = ["personality": ["domain": "LINUX32"], "namespaces": [["type": "mount"]]] }
        let refused = oci.create("pers", bundle: personality)
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("linux.personality"))
        let userns = oci.bundle("userns", ["true"]) { config in
            var linux = config["linux"] as! [String: Any]
            linux["namespaces"] = [["type": "mount"], ["type": "user"]]
            config["linux"] = linux
        }
        let noUser = oci.create("userns", bundle: userns)
        #expect(noUser.code == 2)
        #expect(noUser.stderr.contains("a user namespace needs linux.uidMappings"), "\(noUser.stderr)")
        let hostSysctl = oci.bundle("sysctl", ["true"]) { config in
            var linux = config["linux"] as! [String: Any]
            linux["sysctl"] = ["kernel.panic": "1"]
            config["linux"] = linux
        }
        let sysctl = oci.create("sysctl", bundle: hostSysctl)
        #expect(sysctl.code == 2)
        #expect(sysctl.stderr.contains("kernel.panic"))
        let typo = oci.bundle("typo", ["true"]) { config in
            var process = config["process"] as! [String: Any]
            process["cwd"] = 7
            config["process"] = process
        }
        let wrongType = oci.create("typo", bundle: typo)
        #expect(wrongType.code == 2)
        #expect(wrongType.stderr.contains("process.cwd"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: oci.root)) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)
        for id in ["pers", "userns", "sysctl", "typo"] {
            #expect(CgroupFiles.hierarchies.allSatisfy { !FileManager.default.fileExists(atPath: "\($0)/\(oci.cgroupPath(id))") })
        }
    }

    @Test("--systemd-cgroup is refused; features lists what is applied")
    func globalsAndFeatures() throws {
        let oci = OCIHarness(.taskexec)
        defer { oci.cleanUp() }
        let systemd = oci.call(["state", "x"], globals: ["--systemd-cgroup"])
        #expect(systemd.code == 2)
        #expect(systemd.stderr.contains("--systemd-cgroup"))
        let features = oci.call(["features"])
        #expect(features.code == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(features.stdout.utf8)) as? [String: Any])
        #expect((document["hooks"] as? [String])?.contains("createContainer") == true)
        let linux = try #require(document["linux"] as? [String: Any])
        #expect((linux["namespaces"] as? [String])?.contains("user") == true)
    }
}
