import Foundation
import Testing

/// Runs the real `taskexec` binary against a private --root and --data-root,
/// so tests never touch the node's own tasks and can run side by side.
struct Harness {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let binary = ProcessInfo.processInfo.environment["TASKEXEC_BIN"] ?? packageRoot + "/.build/debug/taskexec"
    static let busybox = packageRoot + "/rootfs-fixtures/busybox"
    static let busyboxSymlinks = packageRoot + "/rootfs-fixtures/busybox-symlinks"
    static let isRoot = getuid() == 0
    static let canRun = isRoot && FileManager.default.fileExists(atPath: busybox + "/bin/busybox")
    static let skipReason: Comment = "needs root and `make fixtures`: these tests start real tasks"
    /// Tests whose point is a timing (a start period, an interval) stretch
    /// it by this factor: the cgroup v2 VM emulates its CPU in software
    /// (`make test-vm` sets TASKEXEC_TEST_TIME_SCALE).
    static let timeScale = Double(ProcessInfo.processInfo.environment["TASKEXEC_TEST_TIME_SCALE"] ?? "") ?? 1

    /// `milliseconds` stretched by `timeScale`, as a Go duration.
    static func duration(ms milliseconds: Int) -> String { "\(Int(Double(milliseconds) * timeScale))ms" }

    let root: String
    let dataRoot: String
    let scratch: String
    /// This harness's own cgroup parent: its tasks' cgroups never mix with others'.
    let cgroupParent: String

    init() {
        let base = "/tmp/taskexec-test-" + UUID().uuidString.prefix(8)
        scratch = base
        root = base + "/run"
        dataRoot = base + "/lib"
        cgroupParent = "taskexec-test-" + base.suffix(8)
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    }

    /// Deletes every task (force) and the scratch directories.
    func cleanUp() {
        for id in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            _ = taskexec(["delete", "--force", id])
        }
        try? FileManager.default.removeItem(atPath: scratch)
        for hierarchy in CgroupFiles.hierarchies {
            rmdir("\(hierarchy)/\(cgroupParent)/taskexec")
            rmdir("\(hierarchy)/\(cgroupParent)")
        }
    }

    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `taskexec ARGS` (with this harness's roots) to completion.
    @discardableResult
    func taskexec(_ arguments: [String], stdin: Data? = nil, timeout: TimeInterval = 60) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        // Every task of this harness under its own cgroup parent: tasks of
        // other tests may have the same id.
        let cgroup = arguments.first == "run" && !arguments.contains("--cgroup-parent") ? ["--cgroup-parent", cgroupParent] : []
        process.arguments = Array(arguments.prefix(1)) + ["--root", root, "--data-root", dataRoot] + cgroup + arguments.dropFirst()
        if arguments.first == "volume" {
            process.arguments = Array(arguments.prefix(2)) + ["--root", root, "--data-root", dataRoot] + arguments.dropFirst(2)
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try! process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        // Read both pipes while the process runs, so a full pipe never blocks it.
        let outData = ReadBox(out.fileHandleForReading), errData = ReadBox(err.fileHandleForReading)
        if !outData.wait(timeout) || !errData.wait(timeout) {
            process.terminate()
            _ = outData.wait(timeout)
            _ = errData.wait(timeout)
        }
        process.waitUntilExit()
        return Result(code: process.terminationStatus,
                      stdout: String(decoding: outData.data, as: UTF8.self),
                      stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// Writes a spec (a dictionary) to the scratch directory and returns its path.
    func writeSpec(_ spec: [String: Any], name: String? = nil) -> String {
        let path = scratch + "/" + (name ?? ((spec["id"] as? String) ?? "spec")) + ".json"
        let data = try! JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
        FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    /// A minimal spec on the busybox fixture.
    func spec(_ id: String, _ command: [String], _ extra: [String: Any] = [:]) -> [String: Any] {
        var spec: [String: Any] = ["id": id, "rootfs": Harness.busybox, "command": command]
        for (key, value) in extra { spec[key] = value }
        return spec
    }

    /// `run` in the foreground of a spec built from the arguments.
    func run(_ id: String, _ command: [String], _ extra: [String: Any] = [:], flags: [String] = []) -> Result {
        taskexec(["run", "--cgroup-parent", cgroupParent] + flags + [writeSpec(spec(id, command, extra))])
    }

    func state(_ id: String) -> [String: Any]? {
        let result = taskexec(["state", id])
        guard result.code == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    func events(_ id: String) -> [[String: Any]] {
        taskexec(["events", id]).stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Polls until `condition` holds or the timeout passes.
    static func eventually(timeout: TimeInterval = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// What the node looks like from the host: mounts and processes, to compare before and after.
enum HostSnapshot {
    /// Mount points in the host's mount namespace (the mount ids change, the
    /// points must not), without those other programs make and remove while
    /// tests run: network namespaces pinned under /run/netns (taskexec pins
    /// its own under its --root), and anything under /tmp but this harness's
    /// scratch directory (other tests' and podman's storage).
    static func mountPoints(of harness: Harness? = nil) -> [String] {
        allMountPoints().filter { point in
            if point.hasPrefix("/run/netns/") || point.hasPrefix("/var/run/netns/") { return false }
            return !point.hasPrefix("/tmp/") || harness.map { point.hasPrefix($0.scratch) } == true
        }
    }

    static func allMountPoints() -> [String] {
        let text = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return fields.count > 4 ? String(fields[4]) : ""
        }.sorted()
    }

    /// Pids of processes whose command line mentions `marker`.
    static func processes(mentioning marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(marker)
        }
    }
}

/// Reads a pipe to its end on a background thread.
final class ReadBox: @unchecked Sendable {
    private(set) var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    /// False on timeout.
    func wait(_ timeout: TimeInterval) -> Bool {
        if done.wait(timeout: .now() + timeout) == .timedOut { return false }
        done.signal()
        return true
    }
}
