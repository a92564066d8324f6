import Glibc
import OCISpec
import SystemPackage

/// The one way a container's init is started, for `taskexec run` (through
/// the task's translated config) and for OCI `create` alike: cgroup, limits,
/// device rules, clone, oom_score_adj, and the undo of all of it on failure.
/// A protection added here holds on both paths.
public enum ContainerLaunch {
    /// What the launch needs besides the config.
    public struct Request {
        public var config: OCIConfig
        /// Relative to the hierarchy root (`CgroupPlacement.relativePath`).
        public var cgroupPath: String
        public var driver: CgroupDriver
        public var stdio: StandardIO
        /// Secrets and configs, bytes in memory only.
        public var files: InMemoryFiles
        public var options: InitOptions

        public init(config: OCIConfig, cgroupPath: String, driver: CgroupDriver = Cgroups.hostDriver(),
                    stdio: StandardIO, files: InMemoryFiles = InMemoryFiles(), options: InitOptions = InitOptions()) {
            self.config = config
            self.cgroupPath = cgroupPath
            self.driver = driver
            self.stdio = stdio
            self.files = files
            self.options = options
        }
    }

    /// Everything `launch` would refuse, checked before the caller creates
    /// any state of its own.
    public static func validate(_ config: OCIConfig) throws(RuntimeError) {
        try InitSpawner.validate(config)
    }

    /// The init, waiting in its namespaces and cgroup for `release()` (or the
    /// checkpoints of `proceed()`). On failure nothing of it is left.
    public static func launch(_ request: Request) throws(RuntimeError) -> LaunchedInit {
        let config = request.config
        try validate(config)
        let resources = config.linux?.resources
        let cgroup = try request.driver.create(request.cgroupPath)
        do throws(RuntimeError) {
            try cgroup.apply(CgroupLimits(oci: resources))
            // Before the clone: the init's first instruction already runs under them.
            try cgroup.applyDevices(DeviceRules.effective(resources?.devices ?? [], devices: config.linux?.devices ?? []))
            let pending = try InitSpawner.spawn(config, stdio: request.stdio, cgroup: cgroup, files: request.files,
                                                options: request.options)
            if let adjustment = config.process?.oomScoreAdj {
                do {
                    try HostFile.overwrite("/proc/\(pending.process.pid)/oom_score_adj", "\(adjustment)")
                } catch {
                    pending.abandon()
                    throw RuntimeError(stage: "oom_score_adj", detail: "\(adjustment)", errno: error)
                }
            }
            return LaunchedInit(pending: pending, cgroup: cgroup)
        } catch {
            cgroup.destroy()
            throw error
        }
    }
}

/// A launched init and its cgroup.
public final class LaunchedInit {
    public let pending: PendingInit
    public let cgroup: TaskCgroup
    public var process: ProcessHandle { pending.process }

    init(pending: PendingInit, cgroup: TaskCgroup) {
        self.pending = pending
        self.cgroup = cgroup
    }

    /// Before release: kills the init and removes the cgroup.
    public func undo() {
        pending.abandon()
        cgroup.destroy()
    }
}
