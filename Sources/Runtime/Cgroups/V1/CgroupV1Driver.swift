import CSpawn
import Glibc
import OCISpec
import SystemPackage

/// Hybrid and v1 hosts: the task's directory is made in each controller's
/// own hierarchy (cpu and cpuacct may be one mount or two).
public struct CgroupV1Driver: CgroupDriver {
    public let version = CgroupVersion.v1
    static let controllers = ["cpu", "cpuacct", "memory", "pids"]
    /// Joined when mounted: device rules (OCI `linux.resources.devices`),
    /// pause, cpusets, block I/O and huge pages. runc joins them all too, so
    /// a Kubernetes pod's limits in them hold for its containers.
    static let optionalControllers = ["devices", "freezer", "cpuset", "blkio", "hugetlb"]
    static var allControllers: [String] { controllers + optionalControllers }
    /// controller → mount point; injectable for tests.
    let mounts: [String: String]

    public init(mounts: [String: String]) { self.mounts = mounts }

    public func create(_ relativePath: String) throws(RuntimeError) -> TaskCgroup {
        var created: [String] = []
        for mount in Set(Self.allControllers.compactMap { mounts[$0] }).sorted() {
            let path = mount + "/" + relativePath
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            // Parents may exist; the task's own directory must be new (else it is another task's).
            do {
                try HostFile.makeDirectories(parent)
            } catch {
                for directory in created { rmdir(directory) }
                throw RuntimeError(stage: "create cgroup", detail: parent, errno: error)
            }
            guard mkdir(path, 0o755) == 0 else {
                let error = Errno(rawValue: errno)
                for directory in created { rmdir(directory) }
                throw RuntimeError(stage: "create cgroup", detail: path, errno: error)
            }
            created.append(path)
        }
        do throws(RuntimeError) {
            for controller in Self.controllers where mounts[controller] == nil {
                throw RuntimeError(stage: "cgroup v1", detail: "the \(controller) controller is not mounted")
            }
            if let cpuset = mounts["cpuset"] { try CpusetController.inheritFromParents(mount: cpuset, relativePath: relativePath) }
            return try CgroupV1(mounts: mounts, relativePath: relativePath)
        } catch {
            for directory in created.reversed() { rmdir(directory) }
            throw error
        }
    }

    public func open(_ relativePath: String) -> TaskCgroup? {
        guard let memory = mounts["memory"], HostFile.isDirectory(memory + "/" + relativePath) else { return nil }
        return try? CgroupV1(mounts: mounts, relativePath: relativePath)
    }
}

final class CgroupV1: TaskCgroup {
    let version = CgroupVersion.v1
    let relativePath: String
    let cloneTarget: FileDescriptor? = nil
    let procsFiles: [FileDescriptor]
    /// One directory per distinct mount (co-mounted controllers share one).
    let directories: [String: CgroupDirectory]

    init(mounts: [String: String], relativePath: String) throws(RuntimeError) {
        self.relativePath = relativePath
        var directories: [String: CgroupDirectory] = [:]
        for controller in CgroupV1Driver.allControllers {
            if let mount = mounts[controller] { directories[controller] = CgroupDirectory(mount + "/" + relativePath) }
        }
        self.directories = directories
        var files: [FileDescriptor] = []
        for path in Set(directories.values.map(\.path)).sorted() {
            let fd = open(path + "/cgroup.procs", O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                for file in files { try? file.close() }
                throw RuntimeError(stage: "open cgroup", detail: path, errno: Errno(rawValue: errno))
            }
            files.append(FileDescriptor(rawValue: fd))
        }
        procsFiles = files
    }

    deinit { for file in procsFiles { try? file.close() } }

    private func directory(_ controller: String) -> CgroupDirectory { directories[controller]! }

    func apply(_ limits: CgroupLimits) throws(RuntimeError) {
        try CPUControllerV1.apply(limits, to: directory("cpu"))
        try MemoryControllerV1.apply(limits, to: directory("memory"))
        try PidsController.apply(limits, to: directory("pids"))
        try CpusetController.apply(limits, to: directories["cpuset"])
        try BlockIOControllerV1.apply(limits, to: directories["blkio"])
        try HugetlbController.apply(limits, to: directories["hugetlb"], version: .v1)
    }

    func stats() -> CgroupStats {
        var stats = CgroupStats()
        stats.cpuUsageMicroseconds = CPUControllerV1.usageMicroseconds(directory("cpuacct"))
        stats.memoryCurrent = MemoryControllerV1.current(directory("memory"))
        stats.memoryLimit = MemoryControllerV1.limit(directory("memory"))
        stats.pidsCurrent = PidsController.current(directory("pids"))
        stats.pidsLimit = PidsController.limit(directory("pids"))
        return stats
    }

    func applyDevices(_ effective: [OCIDeviceCgroup]) throws(RuntimeError) {
        guard let devices = directories["devices"] else {
            throw RuntimeError(stage: "cgroup v1", detail: "the devices controller is not mounted")
        }
        for (file, line) in DeviceRules.v1Writes(effective) { try devices.write(file, line) }
    }

    func setFrozen(_ frozen: Bool) throws(RuntimeError) {
        guard let freezer = directories["freezer"] else {
            throw RuntimeError(stage: "cgroup v1", detail: "the freezer controller is not mounted")
        }
        try freezer.write("freezer.state", frozen ? "FROZEN" : "THAWED")
        // FREEZING settles into FROZEN once every task has stopped.
        for _ in 0..<500 where frozen && freezer.read("freezer.state")?.hasPrefix("FROZEN") != true { usleep(1_000) }
    }

    func processes() -> [Int32] {
        Array(Set(directories.values.flatMap { $0.processes() })).sorted()
    }

    var isFrozen: Bool { directories["freezer"]?.read("freezer.state")?.hasPrefix("FROZEN") == true }

    func oomKills() -> UInt64 { MemoryControllerV1.oomKills(directory("memory")) }

    /// cgroup.event_control: an eventfd signalled on each OOM in the cgroup.
    func oomNotifier() -> FileDescriptor? {
        let memory = directory("memory")
        let event = te_eventfd()
        guard event >= 0 else { return nil }
        let control = open(memory.path + "/memory.oom_control", O_RDONLY | O_CLOEXEC)
        defer { if control >= 0 { close(control) } }
        guard control >= 0, (try? memory.write("cgroup.event_control", "\(event) \(control)")) != nil else {
            close(event)
            return nil
        }
        return FileDescriptor(rawValue: event)
    }

    func destroy() {
        let unique = Set(directories.values.map(\.path)).sorted().map(CgroupDirectory.init)
        for _ in 0..<50 {
            let left = unique.flatMap { $0.processes() }
            if left.isEmpty { break }
            for pid in left { kill(pid, SIGKILL) }
            usleep(10_000)
        }
        for directory in unique { directory.remove() }
    }
}
