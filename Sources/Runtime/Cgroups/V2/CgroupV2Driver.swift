import CSpawn
import Glibc
import OCISpec
import SystemPackage

/// The unified hierarchy: one directory per task, created with the
/// controllers it may use enabled for it in the levels we create (those the
/// host offers: cpuset, io and hugetlb are often missing).
public struct CgroupV2Driver: CgroupDriver {
    public let version = CgroupVersion.v2
    static let controllers = ["cpu", "memory", "pids", "cpuset", "io", "hugetlb"]
    let root: String

    public init(root: String) { self.root = root }

    public func create(_ relativePath: String) throws(RuntimeError) -> TaskCgroup {
        var path = root
        let components = relativePath.split(separator: "/")
        for (index, component) in components.enumerated() {
            path += "/" + component
            let leaf = index == components.count - 1
            // The task's own level must be new: an existing one belongs to another task.
            if mkdir(path, 0o755) != 0 && (errno != EEXIST || leaf) {
                throw RuntimeError(stage: "create cgroup", detail: path, errno: Errno(rawValue: errno))
            }
            // A level that holds children must pass the controllers down
            // (never the root's: that is the host's). Only missing ones are
            // written, so concurrent starts agree.
            if index < components.count - 1 { try delegateControllers(CgroupDirectory(path)) }
        }
        return try CgroupV2(root: root, relativePath: relativePath)
    }

    private func delegateControllers(_ level: CgroupDirectory) throws(RuntimeError) {
        let available = Set((level.read("cgroup.controllers") ?? "").split(separator: " ").map(String.init))
        let enabled = Set((level.read("cgroup.subtree_control") ?? "").split(separator: " ").map(String.init))
        let missing = Self.controllers.filter { available.contains($0) && !enabled.contains($0) }
        if !missing.isEmpty { try level.write("cgroup.subtree_control", missing.map { "+" + $0 }.joined(separator: " ")) }
    }

    public func open(_ relativePath: String) -> TaskCgroup? {
        guard HostFile.isDirectory(root + "/" + relativePath) else { return nil }
        return try? CgroupV2(root: root, relativePath: relativePath)
    }
}

final class CgroupV2: TaskCgroup {
    let version = CgroupVersion.v2
    let relativePath: String
    let directory: CgroupDirectory
    let cloneTarget: FileDescriptor?
    let procsFiles: [FileDescriptor] = []

    init(root: String, relativePath: String) throws(RuntimeError) {
        self.relativePath = relativePath
        directory = CgroupDirectory(root + "/" + relativePath)
        let fd = open(directory.path, O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw RuntimeError(stage: "open cgroup", detail: directory.path, errno: Errno(rawValue: errno)) }
        cloneTarget = FileDescriptor(rawValue: fd)
    }

    deinit { try? cloneTarget?.close() }

    func apply(_ limits: CgroupLimits) throws(RuntimeError) {
        try CPUControllerV2.apply(limits, to: directory)
        try MemoryControllerV2.apply(limits, to: directory)
        try PidsController.apply(limits, to: directory)
        try CpusetController.apply(limits, to: directory)
        try IOControllerV2.apply(limits, to: directory)
        try HugetlbController.apply(limits, to: directory, version: .v2)
    }

    func stats() -> CgroupStats {
        var stats = CgroupStats()
        stats.cpuUsageMicroseconds = CPUControllerV2.usageMicroseconds(directory)
        stats.memoryCurrent = MemoryControllerV2.current(directory)
        stats.memoryLimit = MemoryControllerV2.limit(directory)
        stats.pidsCurrent = PidsController.current(directory)
        stats.pidsLimit = PidsController.limit(directory)
        return stats
    }

    func applyDevices(_ effective: [OCIDeviceCgroup]) throws(RuntimeError) {
        try DeviceFilterV2.apply(DeviceProgram(effective), to: directory.path)
    }

    func setFrozen(_ frozen: Bool) throws(RuntimeError) {
        try directory.write("cgroup.freeze", frozen ? "1" : "0")
        for _ in 0..<500 where frozen && directory.field("cgroup.events", "frozen") != 1 { usleep(1_000) }
    }

    func processes() -> [Int32] { directory.processes() }

    var isFrozen: Bool { directory.field("cgroup.events", "frozen") == 1 }

    func oomKills() -> UInt64 { MemoryControllerV2.oomKills(directory) }

    func oomNotifier() -> FileDescriptor? {
        let fd = te_inotify_watch(directory.path + "/memory.events")
        return fd >= 0 ? FileDescriptor(rawValue: fd) : nil
    }

    func destroy() {
        if directory.has("cgroup.kill") {
            try? directory.write("cgroup.kill", "1")
        } else {
            for pid in directory.processes() { kill(pid, SIGKILL) }
        }
        directory.remove()
    }
}
