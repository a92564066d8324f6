import Foundation
import Testing

/// podman 4 as a real client of an OCI runtime: the same tests with taskexec
/// and with runc, so a failure with taskexec alone is taskexec's. Serialized:
/// the runs share netavark's bridge, firewall chains and port.
@Suite(.serialized, .enabled(if: Podman.canRun, Podman.skipReason))
struct PodmanTests {
    @Test(arguments: RuntimeUnderTest.all)
    func runPrintsAndRemovesItself(_ runtime: RuntimeUnderTest) throws {
        let podman = try Podman(runtime)
        defer { podman.cleanUp() }
        let result = podman.run(["--rm"], ["/bin/echo", "hi"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "hi\n")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func execStopAndRemoveADetachedContainer(_ runtime: RuntimeUnderTest) throws {
        let podman = try Podman(runtime)
        defer { podman.cleanUp() }
        let started = podman.run(["-d"], ["/bin/sleep", "1000"])
        try #require(started.code == 0, "\(started.stderr)")
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let echo = podman(["exec", id, "/bin/echo", "hi"])
        #expect(echo.code == 0, "\(echo.stderr)")
        #expect(echo.stdout == "hi\n")
        let exit3 = podman(["exec", id, "sh", "-c", "exit 3"])
        #expect(exit3.code == 3, "\(exit3.stderr)")

        // sleep as pid 1 ignores SIGTERM: -t 1 to get to the SIGKILL fast.
        let stop = podman(["stop", "-t", "1", id])
        #expect(stop.code == 0, "\(stop.stderr)")
        let remove = podman(["rm", id])
        #expect(remove.code == 0, "\(remove.stderr)")
        let left = podman(["ps", "-a", "-q"])
        #expect(left.code == 0 && left.stdout.isEmpty, "\(left.stdout)\(left.stderr)")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func memoryLimitIsSeenInside(_ runtime: RuntimeUnderTest) throws {
        let podman = try Podman(runtime)
        defer { podman.cleanUp() }
        // The container sees its own cgroup: v2 host, the unified file; v1, the memory controller's.
        let file = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers")
            ? "/sys/fs/cgroup/memory.max" : "/sys/fs/cgroup/memory/memory.limit_in_bytes"
        let result = podman.run(["--rm", "--memory", "64m"], ["cat", file])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "67108864\n")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func publishedPortServesTheRootfs(_ runtime: RuntimeUnderTest) throws {
        let podman = try Podman(runtime)
        defer { podman.cleanUp() }
        let page = "hello through podman and \(runtime.name)\n"
        try FileManager.default.createDirectory(atPath: podman.rootfs + "/srv", withIntermediateDirectories: true)
        try page.write(toFile: podman.rootfs + "/srv/index.html", atomically: true, encoding: .utf8)
        let started = podman.run(["-d", "-p", "\(Podman.port):80"], ["/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/srv"])
        try #require(started.code == 0, "\(started.stderr)")
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        var body: String?
        let served = Harness.eventually(timeout: 10) {  // httpd may take a moment to listen
            body = Podman.get(port: Podman.port)
            return body == page
        }
        #expect(served, "got \(String(describing: body))")
        let remove = podman(["rm", "-f", "-t", "0", id])
        #expect(remove.code == 0, "\(remove.stderr)")
    }

    @Test(arguments: RuntimeUnderTest.all)
    func aMissingCommandExits127(_ runtime: RuntimeUnderTest) throws {
        let podman = try Podman(runtime)
        defer { podman.cleanUp() }
        let result = podman.run(["--rm"], ["/nonexistent"])
        #expect(result.code == 127, "\(result.stderr)")
    }
}

/// podman with its storage, run and tmp directories and cgroup parent all
/// private to one test, on a private copy of the busybox fixture (podman
/// writes /etc/mtab and /run/.containerenv into the rootfs).
struct Podman {
    static let binary = "/usr/bin/podman"
    static let canRun = Harness.canRun && FileManager.default.isExecutableFile(atPath: binary)
    static let skipReason: Comment = "needs root, `make fixtures` and podman (apt-get install podman)"
    static let port = 28080
    /// Root here lacks CAP_SYS_RESOURCE and the hard nofile limit is 20000:
    /// podman's defaults (above both) would make every run fail.
    static let limits = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768"]

    let runtime: RuntimeUnderTest
    let name = "taskexec-podman-" + UUID().uuidString.prefix(8)
    var scratch: String { "/tmp/" + name }
    var rootfs: String { scratch + "/rootfs" }
    var cgroupParent: String { "/" + name }

    /// Skips the test case when the runtime is not installed: cancels it, and
    /// says so in a warning (the console does not show a case's cancellation).
    init(_ runtime: RuntimeUnderTest) throws {
        guard FileManager.default.isExecutableFile(atPath: runtime.path) else {
            let reason: Comment = "skipped: \(runtime.name) is not installed at \(runtime.path)"
            Issue.record(reason, severity: .warning)
            try Test.cancel(reason)
        }
        self.runtime = runtime
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let copy = Podman.execute("/bin/cp", ["-a", Harness.busybox, rootfs], timeout: 60)
        if copy.code != 0 { try? FileManager.default.removeItem(atPath: scratch) }
        try #require(copy.code == 0, "cp -a: \(copy.stderr)")
    }

    /// `podman ARGS` on this test's private directories and the runtime.
    func callAsFunction(_ arguments: [String], timeout: TimeInterval = 60) -> Harness.Result {
        let globals = ["--root", scratch + "/root", "--runroot", scratch + "/runroot", "--tmpdir", scratch + "/tmp",
                       "--runtime", runtime.path, "--cgroup-manager", "cgroupfs", "--events-backend", "file"]
        return Podman.execute(Podman.binary, globals + arguments, timeout: timeout)
    }

    /// `podman run` of the rootfs copy with the flags every run needs.
    func run(_ flags: [String], _ command: [String]) -> Harness.Result {
        self(["run"] + Podman.limits + ["--cgroup-parent", cgroupParent] + flags + ["--rootfs", rootfs] + command)
    }

    /// Removes every container, then podman's cgroups and the scratch directory.
    func cleanUp() {
        let remove = self(["rm", "-af", "-t", "0"])
        #expect(remove.code == 0, "\(remove.stderr)")
        let mounts = HostSnapshot.allMountPoints().filter { $0.hasPrefix(scratch + "/") }
        #expect(mounts.isEmpty, "left mounted: \(mounts)")
        for point in mounts.reversed() { umount2(point, Int32(MNT_DETACH)) }
        // cgroupfs: podman made the parent in every hierarchy, with its
        // conmon/ in it; a container's cgroup left there is the runtime's leak.
        for (parent, children) in CgroupFiles.children(of: cgroupParent) {
            #expect(children.allSatisfy { $0 == "conmon" }, "cgroups left in \(parent): \(children)")
            // Retried: an exited conmon stays in its cgroup until init reaps it.
            let removed = Harness.eventually(timeout: 10) {
                for child in children { rmdir(parent + "/" + child) }
                return rmdir(parent) == 0
            }
            #expect(removed, "cgroup \(parent) not removed")
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// GET / from 127.0.0.1:port over a plain TCP socket: the body, or nil.
    static func get(port: Int) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let request = Array("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard connected == 0, send(fd, request, request.count, 0) == request.count else { return nil }
        var response = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = recv(fd, &buffer, buffer.count, 0), count > 0 {
            response += buffer[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.0 200") || text.hasPrefix("HTTP/1.1 200"),
              let headersEnd = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[headersEnd.upperBound...])
    }

    /// Runs a program to its end or `timeout`, then kills it: SIGKILL, since
    /// `podman run` forwards SIGTERM to the container instead of exiting.
    static func execute(_ path: String, _ arguments: [String], timeout: TimeInterval) -> Harness.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            return Harness.Result(code: -1, stdout: "", stderr: "\(path): \(error)")
        }
        // Read both pipes while it runs, so a full pipe never blocks it.
        let outData = ReadBox(out.fileHandleForReading), errData = ReadBox(err.fileHandleForReading)
        var code = exitCode(of: process, timeout: timeout)
        let timedOut = code == nil
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            code = exitCode(of: process, timeout: 10)
        }
        _ = outData.wait(5)
        _ = errData.wait(5)
        return Harness.Result(code: code ?? -1,
                              stdout: String(decoding: outData.data, as: UTF8.self),
                              stderr: String(decoding: errData.data, as: UTF8.self)
                                  + (timedOut ? "\n(killed after \(Int(timeout)) s)" : ""))
    }

    /// The exit code of a child once it has exited. Foundation's Process sees
    /// an exit only when every holder of a socket it gives the child has
    /// closed it, and conmon (which outlives `podman run -d`) inherits and
    /// keeps it: so also ask the kernel, without reaping (Foundation reaps
    /// once conmon has exited).
    static func exitCode(of process: Process, timeout: TimeInterval) -> Int32? {
        var code: Int32?
        _ = Harness.eventually(timeout: timeout) {
            if !process.isRunning {
                let status = process.terminationStatus
                code = process.terminationReason == .exit ? status : 128 + status
                return true
            }
            var info = siginfo_t()
            guard waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
                  info._sifields._sigchld.si_pid == process.processIdentifier else { return false }
            let status = info._sifields._sigchld.si_status
            code = info.si_code == Int32(CLD_EXITED) ? status : 128 + status
            return true
        }
        return code
    }
}
