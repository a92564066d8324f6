import Foundation
import Testing

/// The OCI runtime command line, driven as containerd and podman drive it,
/// against taskexec and runc alike.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct OCILifecycleTests {
    @Test("create → created → start → running → kill → stopped → delete", arguments: RuntimeUnderTest.all)
    func lifecycle(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("life", ["sh", "-c", "echo started; exec sleep 1000"])

        let created = oci.create("life", bundle: bundle)
        #expect(created.code == 0, "\(created.stderr)")
        let state = try #require(oci.state("life"))
        #expect(state["status"] as? String == "created")
        #expect(state["id"] as? String == "life")
        #expect(state["bundle"] as? String == bundle)
        let pid = try #require(state["pid"] as? Int)
        #expect(try String(contentsOfFile: oci.scratch + "/life.pid", encoding: .utf8) == "\(pid)")
        // Created: the init exists but the program has not run.
        #expect(FileManager.default.fileExists(atPath: "/proc/\(pid)"))
        usleep(200_000)
        #expect(oci.output("life") == "")

        #expect(oci.call(["start", "life"]).code == 0)
        #expect(oci.status("life") == "running")
        #expect(Harness.eventually { oci.output("life") == "started\n" })
        let cmdline = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
        #expect(cmdline.hasPrefix("sleep"))

        #expect(oci.call(["kill", "life", "KILL"]).code == 0)
        #expect(Harness.eventually { oci.status("life") == "stopped" })
        #expect(oci.call(["delete", "life"]).code == 0)
        #expect(oci.state("life") == nil)
        #expect(CgroupFiles.hierarchies.allSatisfy { !FileManager.default.fileExists(atPath: "\($0)/\(oci.cgroupPath("life"))") })
    }

    @Test("a second start and an unknown id fail; delete refuses a running container without --force", arguments: RuntimeUnderTest.all)
    func stateErrors(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.call(["state", "nosuch"]).code != 0)
        #expect(oci.create("twice", bundle: oci.bundle("twice", ["sleep", "1000"])).code == 0)
        #expect(oci.create("twice", bundle: oci.bundle("twice", ["sleep", "1000"])).code != 0, "an id is unique")
        #expect(oci.call(["start", "twice"]).code == 0)
        #expect(oci.call(["start", "twice"]).code != 0)
        #expect(oci.call(["delete", "twice"]).code != 0)
        #expect(oci.status("twice") == "running")
        #expect(oci.call(["delete", "--force", "twice"]).code == 0)
        #expect(oci.state("twice") == nil)
    }

    @Test("delete of a created container kills the waiting init", arguments: RuntimeUnderTest.all)
    func deleteCreated(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.create("waiting", bundle: oci.bundle("waiting", ["echo", "never"])).code == 0)
        let pid = try #require(oci.state("waiting")?["pid"] as? Int)
        #expect(oci.call(["delete", "waiting"]).code == 0)
        #expect(Harness.eventually { !FileManager.default.fileExists(atPath: "/proc/\(pid)/cmdline") || Self.isZombie(pid) })
        #expect(oci.output("waiting") == "")
    }

    @Test("exec: --process file, --detach with --pid-file, foreground exit codes, env and cwd", arguments: RuntimeUnderTest.all)
    func exec(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.create("ex", bundle: oci.bundle("ex", ["sleep", "1000"])).code == 0)
        #expect(oci.call(["start", "ex"]).code == 0)

        let hello = oci.call(["exec", "--env", "GREETING=hi", "--cwd", "/etc", "ex", "sh", "-c", "echo $GREETING $(pwd)"])
        #expect(hello.code == 0, "\(hello.stderr)")
        #expect(hello.stdout == "hi /etc\n")
        #expect(oci.call(["exec", "ex", "sh", "-c", "exit 3"]).code == 3)
        #expect(oci.call(["exec", "ex", "/nonexistent"]).code != 0)

        let process: [String: Any] = ["user": ["uid": 1000, "gid": 1000], "args": ["sleep", "77"], "cwd": "/",
                                      "env": ["PATH=/bin"], "terminal": false]
        let file = oci.scratch + "/process.json"
        FileManager.default.createFile(atPath: file, contents: try JSONSerialization.data(withJSONObject: process))
        let pidFile = oci.scratch + "/exec.pid"
        let detached = oci.call(["exec", "--process", file, "--detach", "--pid-file", pidFile, "ex"])
        #expect(detached.code == 0, "\(detached.stderr)")
        let pid = try #require(Int(try String(contentsOfFile: pidFile, encoding: .utf8)))
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        #expect(status.contains("Uid:\t1000\t1000\t1000\t1000"))
        // taskexec returns after the execve; runc's `exec -d` may return while its init is still about to exec.
        let execed = { (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) == "sleep\u{0}77\u{0}" }
        #expect(runtime.isTaskexec ? execed() : Harness.eventually(timeout: 5, execed))
        // It runs in the container's pid namespace.
        let initPid = try #require(oci.state("ex")?["pid"] as? Int)
        #expect(try namespace("pid", of: pid) == namespace("pid", of: initPid))
        // The ps verb lists both, as host pids.
        if runtime.isTaskexec {
            let listed = oci.call(["ps", "--format", "json", "ex"]).stdout
            #expect(listed.contains("\(pid)") && listed.contains("\(initPid)"))
        }
    }

    @Test("kill: numeric and named signals; --all reaches every process", arguments: RuntimeUnderTest.all)
    func kill(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        // Stop and continue reach even an init without handlers (pid 1 ignores the rest).
        #expect(oci.create("sig", bundle: oci.bundle("sig", ["sleep", "1000"])).code == 0)
        #expect(oci.call(["start", "sig"]).code == 0)
        let pid = try #require(oci.state("sig")?["pid"] as? Int)
        #expect(oci.call(["kill", "sig", "19"]).code == 0)
        #expect(Harness.eventually { Self.processState(pid) == "T" })
        #expect(oci.call(["kill", "sig", "SIGCONT"]).code == 0)
        #expect(Harness.eventually { Self.processState(pid) == "S" })
        #expect(oci.call(["kill", "sig", "STOP"]).code == 0)
        #expect(Harness.eventually { Self.processState(pid) == "T" })
        #expect(oci.call(["kill", "sig", "CONT"]).code == 0)
        #expect(oci.call(["exec", "--detach", "sig", "sleep", "1000"]).code == 0)
        #expect(oci.call(["kill", "--all", "sig", "KILL"]).code == 0)
        #expect(Harness.eventually { oci.status("sig") == "stopped" })
        #expect(oci.call(["kill", "sig", "KILL"]).code != 0, "a stopped container's init cannot be signalled")
    }

    @Test("update -r resources.json changes the memory and pids limits live", arguments: RuntimeUnderTest.all)
    func update(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("upd", ["sleep", "1000"]) { config in
            var linux = config["linux"] as! [String: Any]
            var resources = linux["resources"] as! [String: Any]
            resources["memory"] = ["limit": 64 << 20]
            resources["pids"] = ["limit": 50]
            linux["resources"] = resources
            config["linux"] = linux
        }
        #expect(oci.create("upd", bundle: bundle).code == 0)
        #expect(oci.call(["start", "upd"]).code == 0)
        let path = oci.cgroupPath("upd")
        #expect(CgroupFiles.read(path, v2: "memory.max", v1: ("memory", "memory.limit_in_bytes")) == "\(64 << 20)")
        #expect(CgroupFiles.read(path, v2: "pids.max", v1: ("pids", "pids.max")) == "50")
        let resources = oci.scratch + "/resources.json"
        FileManager.default.createFile(atPath: resources, contents: Data(#"{"memory":{"limit":100663296},"pids":{"limit":70}}"#.utf8))
        let updated = oci.call(["update", "--resources", resources, "upd"])
        #expect(updated.code == 0, "\(updated.stderr)")
        #expect(CgroupFiles.read(path, v2: "memory.max", v1: ("memory", "memory.limit_in_bytes")) == "100663296")
        #expect(CgroupFiles.read(path, v2: "pids.max", v1: ("pids", "pids.max")) == "70")
        // From stdin, as containerd's shim sends it.
        #expect(oci.call(["update", "-r", "-", "upd"], stdin: #"{"pids":{"limit":90}}"#).code == 0)
        #expect(CgroupFiles.read(path, v2: "pids.max", v1: ("pids", "pids.max")) == "90")
    }

    @Test("pause freezes and resume thaws", arguments: RuntimeUnderTest.all)
    func pause(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        #expect(oci.create("frz", bundle: oci.bundle("frz", ["sleep", "1000"])).code == 0)
        #expect(oci.call(["start", "frz"]).code == 0)
        #expect(oci.call(["pause", "frz"]).code == 0)
        #expect(oci.status("frz") == "paused")
        #expect(oci.call(["resume", "frz"]).code == 0)
        #expect(oci.status("frz") == "running")
    }

    @Test("what the kernel shows inside: rlimits, hostname, read-only cgroupfs, sysctl, no_new_privs", arguments: RuntimeUnderTest.all)
    func inside(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let script = "grep 'Max open files' /proc/self/limits; hostname; grep NoNewPrivs /proc/self/status; "
            + "cat /proc/sys/net/ipv4/ping_group_range; ls /sys/fs/cgroup | grep -q memory && echo sees-memory; "
            + "echo limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max); "
            + "touch /sys/fs/cgroup/x 2>/dev/null || echo cgroupfs-read-only"
        let bundle = oci.bundle("in", ["sh", "-c", script]) { config in
            var linux = config["linux"] as! [String: Any]
            linux["sysctl"] = ["net.ipv4.ping_group_range": "0 0"]
            // Its own cgroup namespace: both runtimes then root the cgroupfs at the
            // container's cgroup (without one runc shows the whole v2 tree; podman's
            // case, without one on v1, is PodmanTests').
            linux["namespaces"] = [["type": "pid"], ["type": "network"], ["type": "ipc"], ["type": "uts"], ["type": "mount"], ["type": "cgroup"]]
            var resources = linux["resources"] as! [String: Any]
            resources["memory"] = ["limit": 96 << 20]
            linux["resources"] = resources
            config["linux"] = linux
        }
        #expect(oci.create("in", bundle: bundle).code == 0)
        #expect(oci.call(["start", "in"]).code == 0)
        #expect(Harness.eventually { oci.output("in").contains("cgroupfs-read-only") })
        let lines = oci.output("in").split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
        #expect(lines.first == "Max open files 512 1024 files")
        #expect(lines.contains("oci-in"))
        #expect(lines.contains("NoNewPrivs: 1"))
        #expect(lines.contains("0 0"))
        #expect(lines.contains("sees-memory"), "the memory hierarchy (or cgroup2's memory files) is visible")
        // The container sees its own cgroup at the top, not the host's.
        #expect(lines.contains("limit=\(96 << 20)"))
        // The host's own value is untouched.
        #expect(try String(contentsOfFile: "/proc/sys/net/ipv4/ping_group_range", encoding: .utf8) != "0\t0\n")
    }

    @Test("a network namespace given by path is joined", arguments: RuntimeUnderTest.all)
    func joinedNetworkNamespace(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let name = "te-oci-" + oci.cgroupParent.suffix(8)
        #expect(Self.shell("ip netns add \(name)") == 0)
        defer { _ = Self.shell("ip netns delete \(name)") }
        let bundle = oci.bundle("ns", ["sleep", "1000"]) { config in
            var linux = config["linux"] as! [String: Any]
            linux["namespaces"] = [["type": "pid"], ["type": "network", "path": "/run/netns/\(name)"], ["type": "ipc"], ["type": "uts"], ["type": "mount"]]
            config["linux"] = linux
        }
        let created = oci.create("ns", bundle: bundle)
        #expect(created.code == 0, "\(created.stderr)")
        let pid = try #require(oci.state("ns")?["pid"] as? Int)
        var info = stat()
        #expect(stat("/run/netns/\(name)", &info) == 0)
        #expect(try namespace("net", of: pid) == "net:[\(info.st_ino)]")
    }

    @Test("hooks run in order with the state on stdin; startContainer inside the container", arguments: RuntimeUnderTest.all)
    func hooks(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let shared = oci.scratch + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let log = shared + "/hooks.log"
        func hook(_ name: String, _ logPath: String) -> [String: Any] {
            // Each hook records its name, the status it was told, and which root it sees.
            ["path": "/bin/sh", "args": ["sh", "-c", "read state; echo \(name) $(echo \"$state\" | grep -o '\"status\":\"[a-z]*\"') $(test -e /usr/bin/te-probe && echo fixture-root) >> \(logPath)"]]
        }
        let bundle = oci.bundle("hk", ["true"]) { config in
            var mounts = config["mounts"] as! [[String: Any]]
            mounts.append(["destination": "/shared", "type": "bind", "source": shared, "options": ["rbind", "rw"]])
            config["mounts"] = mounts
            config["hooks"] = [
                "prestart": [hook("prestart", log)],
                "createRuntime": [hook("createRuntime", log)],
                "createContainer": [hook("createContainer", log)],
                // Inside the container: the path and the log resolve there.
                "startContainer": [hook("startContainer", "/shared/hooks.log")],
                "poststart": [hook("poststart", log)],
                "poststop": [hook("poststop", log)],
            ]
        }
        let created = oci.create("hk", bundle: bundle)
        #expect(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "hk"]).code == 0)
        #expect(Harness.eventually { oci.status("hk") == "stopped" })
        #expect(oci.call(["delete", "hk"]).code == 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        let names = lines.map { String($0.split(separator: " ")[0]) }
        // startContainer (in the init) and poststart (in `start`) may come in either order.
        #expect(Array(names.prefix(3)) == ["prestart", "createRuntime", "createContainer"])
        #expect(Set(names.dropFirst(3).prefix(2)) == ["startContainer", "poststart"])
        #expect(names.last == "poststop")
        #expect(lines.last?.contains("\"status\":\"stopped\"") == true)
        #expect(lines.first { $0.hasPrefix("startContainer") }?.hasSuffix("fixture-root") == true, "startContainer runs in the container's root")
        #expect(lines.first?.hasSuffix("fixture-root") == false, "prestart runs in the host's root")
    }

    @Test("a failing createRuntime hook fails create and leaves nothing behind", arguments: RuntimeUnderTest.all)
    func failingHook(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("bad", ["true"]) { config in
            config["hooks"] = ["createRuntime": [["path": "/bin/sh", "args": ["sh", "-c", "echo hook-says-no >&2; exit 3"]]]]
        }
        let created = oci.create("bad", bundle: bundle)
        #expect(created.code != 0)
        if runtime.isTaskexec { #expect(created.stderr.contains("hook-says-no")) }
        #expect(oci.state("bad") == nil)
        #expect(CgroupFiles.hierarchies.allSatisfy { !FileManager.default.fileExists(atPath: "\($0)/\(oci.cgroupPath("bad"))") })
    }

    @Test("process.terminal: the pty master arrives on the console socket", arguments: RuntimeUnderTest.all)
    func console(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let socketPath = oci.scratch + "/console.sock"
        let listener = try ConsoleListener(path: socketPath)
        // The device rules allow the terminal: /dev/tty, the pts device and /dev/ptmx.
        let script = "tty; te-probe open /dev/tty rw; te-probe open $(tty) rw; te-probe open /dev/ptmx rw; echo on-the-tty"
        let bundle = oci.bundle("tty", ["sh", "-c", script]) { config in
            var process = config["process"] as! [String: Any]
            process["terminal"] = true
            config["process"] = process
        }
        let created = oci.create("tty", bundle: bundle, extra: ["--console-socket", socketPath])
        #expect(created.code == 0, "\(created.stderr)")
        let master = try #require(listener.receiveFD())
        defer { close(master) }
        #expect(oci.call(["start", "tty"]).code == 0)
        let text = ConsoleListener.read(master, until: "on-the-tty")
        #expect(text.contains("/dev/pts/0"))
        #expect(text.contains("open /dev/tty rw ok"), "\(text)")
        #expect(text.contains("open /dev/pts/0 rw ok"))
        #expect(text.contains("open /dev/ptmx rw ok"))
        #expect(text.contains("on-the-tty"))
    }

    private func namespace(_ type: String, of pid: Int) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/\(type)")
    }

    /// The state letter of /proc/PID/stat (S sleeping, T stopped, Z zombie).
    static func processState(_ pid: Int) -> String? {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    static func isZombie(_ pid: Int) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
    }

    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The engine's side of `--console-socket`: a listening unix socket that
/// receives one fd (SCM_RIGHTS).
final class ConsoleListener {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit { close(fd) }

    /// What the pty shows until `marker` appears (or 10 s pass).
    static func read(_ master: Int32, until marker: String) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 1024)
        let deadline = Date().addingTimeInterval(10)
        while !text.contains(marker) && Date() < deadline {
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 200) > 0 else { continue }
            let count = Glibc.read(master, &buffer, buffer.count)
            if count <= 0 { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return text
    }

    /// Accepts one connection and returns the fd it carries, or nil.
    func receiveFD(timeout: Int32 = 10_000) -> Int32? {
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, timeout) > 0 else { return nil }
        let connection = accept(fd, nil, nil)
        guard connection >= 0 else { return nil }
        defer { close(connection) }
        var byte = [UInt8](repeating: 0, count: 256)
        let space = MemoryLayout<cmsghdr>.size + 16
        var control = [UInt8](repeating: 0, count: space)
        return byte.withUnsafeMutableBytes { data -> Int32? in
            control.withUnsafeMutableBytes { controlBytes -> Int32? in
                var iov = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &iov) { iovPointer -> Int32? in
                    var message = msghdr()
                    message.msg_iov = iovPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    guard recvmsg(connection, &message, 0) > 0, message.msg_controllen >= MemoryLayout<cmsghdr>.size else { return nil }
                    let header = controlBytes.load(as: cmsghdr.self)
                    guard header.cmsg_level == SOL_SOCKET, header.cmsg_type == Int32(SCM_RIGHTS) else { return nil }
                    return controlBytes.load(fromByteOffset: MemoryLayout<cmsghdr>.size, as: Int32.self)
                }
            }
        }
    }
}
