import OCISpec
import SystemPackage

public enum CgroupVersion: String, Codable, Sendable { case v1, v2 }

/// One task's cgroup, whichever the driver: how a process joins it, its
/// limits, its counters, and its end.
public protocol TaskCgroup: AnyObject {
    var version: CgroupVersion { get }
    /// Relative to the hierarchy root: `taskexec/ID` (recorded in the state).
    var relativePath: String { get }
    /// v2: the directory fd for clone3's CLONE_INTO_CGROUP.
    var cloneTarget: FileDescriptor? { get }
    /// v1: cgroup.procs fds a new process writes "0" to before anything else.
    var procsFiles: [FileDescriptor] { get }

    /// Writes the limits, in an order the kernel accepts from the current ones.
    func apply(_ limits: CgroupLimits) throws(RuntimeError)
    /// Device rules, complete and in order (`DeviceRules.effective`): v1
    /// through the devices controller, v2 through an eBPF program that
    /// replaces the previous one with no gap.
    func applyDevices(_ effective: [OCIDeviceCgroup]) throws(RuntimeError)
    /// Pause (freeze) or resume every process in it.
    func setFrozen(_ frozen: Bool) throws(RuntimeError)
    var isFrozen: Bool { get }
    /// Every process in it (pids in the host's namespace).
    func processes() -> [Int32]
    func stats() -> CgroupStats
    /// How many processes the OOM killer has killed in it.
    func oomKills() -> UInt64
    /// Readable when the OOM killer may have acted (then compare `oomKills`).
    func oomNotifier() -> FileDescriptor?
    /// Kills every process left in it, and removes it.
    func destroy()
}

/// Chooses and builds drivers.
public protocol CgroupDriver: Sendable {
    var version: CgroupVersion { get }
    /// Creates `relativePath` (its parents too), ready for limits.
    func create(_ relativePath: String) throws(RuntimeError) -> TaskCgroup
    /// An existing cgroup, or nil.
    func open(_ relativePath: String) -> TaskCgroup?
}

public enum Cgroups {
    /// The host's driver: v2 when /sys/fs/cgroup is a unified hierarchy,
    /// else v1 with the controllers' own mounts (hybrid hosts).
    public static func hostDriver() -> CgroupDriver {
        let mounts = CgroupMounts.read()
        if let unified = mounts.unifiedRoot, unified == "/sys/fs/cgroup" || mounts.v1.isEmpty {
            return CgroupV2Driver(root: unified)
        }
        return CgroupV1Driver(mounts: mounts.v1)
    }

    /// The driver for a recorded cgroup (delete, stats).
    public static func driver(for version: CgroupVersion) -> CgroupDriver {
        let mounts = CgroupMounts.read()
        switch version {
        case .v2: return CgroupV2Driver(root: mounts.unifiedRoot ?? "/sys/fs/cgroup")
        case .v1: return CgroupV1Driver(mounts: mounts.v1)
        }
    }
}

/// Where the cgroup hierarchies are mounted, from /proc/self/mountinfo.
struct CgroupMounts {
    var unifiedRoot: String?
    /// v1 controller → its mount point ("cpu", "cpuacct", "memory", "pids").
    var v1: [String: String] = [:]

    static func read() -> CgroupMounts {
        var mounts = CgroupMounts()
        let text = (try? HostFile.readString("/proc/self/mountinfo")) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let dash = fields.firstIndex(of: "-"), dash + 3 < fields.count, fields.count > 4 else { continue }
            let mountPoint = String(fields[4])
            switch fields[dash + 1] {
            case "cgroup2":
                if mounts.unifiedRoot == nil || mountPoint == "/sys/fs/cgroup" { mounts.unifiedRoot = mountPoint }
            case "cgroup":
                for option in fields[dash + 3].split(separator: ",") where CgroupV1Driver.allControllers.contains(String(option)) {
                    mounts.v1[String(option)] = mountPoint
                }
            default:
                continue
            }
        }
        return mounts
    }
}
