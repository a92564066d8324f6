import Foundation
import Testing

/// An OCI runtime the contract tests drive: taskexec, and runc beside it
/// (the same tests pass with both: they test the OCI contract, not our quirks).
struct RuntimeUnderTest: CustomStringConvertible, Sendable {
    let name: String
    let path: String
    var description: String { name }
    var isTaskexec: Bool { name == "taskexec" }

    static let taskexec = RuntimeUnderTest(name: "taskexec", path: Harness.binary)
    static let runc = RuntimeUnderTest(name: "runc", path: "/usr/sbin/runc")
    /// runc when Debian's package is installed (`make deps` installs it).
    static let all: [RuntimeUnderTest] = FileManager.default.isExecutableFile(atPath: runc.path) ? [taskexec, runc] : [taskexec]
}

/// Drives one runtime's OCI command line like a container engine does:
/// a private --root, generated bundles on the busybox fixture, the
/// container's stdio in files (the init inherits `create`'s stdio).
struct OCIHarness {
    let runtime: RuntimeUnderTest
    let scratch: String
    let root: String
    let cgroupParent: String

    init(_ runtime: RuntimeUnderTest) {
        self.runtime = runtime
        let tag = String(UUID().uuidString.prefix(8))
        scratch = "/tmp/taskexec-oci-test-" + tag
        root = scratch + "/root"
        cgroupParent = "taskexec-oci-test-" + tag
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// Deletes every container (force), the scratch directory and our cgroup parent.
    func cleanUp() {
        for id in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where !id.hasPrefix(".") {
            call(["delete", "--force", id])
        }
        try? FileManager.default.removeItem(atPath: scratch)
        for hierarchy in CgroupFiles.hierarchies {
            rmdir("\(hierarchy)/\(cgroupParent)")
        }
    }

    /// The cgroup path a bundle of this harness puts container `id` in.
    func cgroupPath(_ id: String) -> String { "\(cgroupParent)/\(id)" }

    /// A bundle directory with a config.json close to `runc spec`'s, on the
    /// busybox fixture; `adjust` edits the config before it is written.
    func bundle(_ id: String, _ args: [String], adjust: (inout [String: Any]) -> Void = { _ in }) -> String {
        let directory = scratch + "/bundle-" + id
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN", "CAP_SETUID", "CAP_SETGID"]
        var config: [String: Any] = [
            "ociVersion": "1.0.2",
            "root": ["path": Harness.busybox, "readonly": true],
            "hostname": "oci-\(id)",
            "process": [
                "terminal": false, "user": ["uid": 0, "gid": 0], "args": args, "cwd": "/",
                "env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                "capabilities": ["bounding": caps, "effective": caps, "permitted": caps],
                "rlimits": [["type": "RLIMIT_NOFILE", "hard": 1024, "soft": 512]],
                "noNewPrivileges": true,
            ] as [String: Any],
            "mounts": [
                ["destination": "/proc", "type": "proc", "source": "proc"],
                ["destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]],
                ["destination": "/dev/pts", "type": "devpts", "source": "devpts",
                 "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]],
                ["destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]],
                ["destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]],
                ["destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "noexec", "nodev", "relatime", "ro"]],
                ["destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]],
            ],
            "linux": [
                "cgroupsPath": "/" + cgroupPath(id),
                "resources": ["devices": [["allow": false, "access": "rwm"]]],
                "namespaces": [["type": "pid"], ["type": "network"], ["type": "ipc"], ["type": "uts"], ["type": "mount"]],
                "maskedPaths": ["/proc/kcore", "/proc/keys", "/sys/firmware"],
                "readonlyPaths": ["/proc/sys", "/proc/sysrq-trigger"],
            ] as [String: Any],
        ]
        adjust(&config)
        let data = try! JSONSerialization.data(withJSONObject: config, options: [.sortedKeys, .prettyPrinted])
        FileManager.default.createFile(atPath: directory + "/config.json", contents: data)
        return directory
    }

    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `RUNTIME --root ROOT ARGS` to its exit (not to EOF: a created
    /// container keeps the stdio it inherits). stdout/stderr go through files.
    @discardableResult
    func call(_ arguments: [String], globals: [String] = [], stdin: String? = nil, timeout: TimeInterval = 60) -> Result {
        let tag = UUID().uuidString.prefix(8)
        let outPath = scratch + "/out-\(tag)", errPath = scratch + "/err-\(tag)"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let code = spawn(arguments, globals: globals, stdout: outPath, stderr: errPath, stdin: stdin, timeout: timeout)
        return Result(code: code, stdout: read(outPath), stderr: read(errPath))
    }

    /// `create` with the container's stdout and stderr in `id.out`.
    @discardableResult
    func create(_ id: String, bundle: String, extra: [String] = []) -> Result {
        let output = outputPath(id)
        FileManager.default.createFile(atPath: output, contents: nil)
        let errPath = scratch + "/create-err-\(id)"
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let code = spawn(["create", "--bundle", bundle, "--pid-file", scratch + "/\(id).pid"] + extra + [id],
                         stdout: output, stderr: errPath, stdin: nil, timeout: 60)
        // Before start, everything in the container's stderr came from `create`.
        return Result(code: code, stdout: "", stderr: read(errPath))
    }

    func outputPath(_ id: String) -> String { scratch + "/\(id).out" }
    func output(_ id: String) -> String { read(outputPath(id)) }

    func state(_ id: String) -> [String: Any]? {
        let result = call(["state", id])
        guard result.code == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    func status(_ id: String) -> String? { state(id)?["status"] as? String }

    private func spawn(_ arguments: [String], globals: [String] = [], stdout: String, stderr: String,
                       stdin: String?, timeout: TimeInterval) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: runtime.path)
        process.arguments = ["--root", root] + globals + arguments
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try! process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            done.signal()
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            done.wait()
        }
        return process.terminationStatus
    }

    private func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
