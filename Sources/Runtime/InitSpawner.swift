import CSpawn
import Glibc
import OCISpec
import SystemPackage

/// A container's init, cloned into its namespaces and waiting before it
/// touches its mounts: the caller puts it in its cgroup and network, then
/// `release()`s it.
public final class PendingInit {
    public let process: ProcessHandle
    private let go: FileDescriptor
    private let failures: FileDescriptor

    init(process: ProcessHandle, go: FileDescriptor, failures: FileDescriptor) {
        self.process = process
        self.go = go
        self.failures = failures
    }

    /// Lets the child build its root and exec; returns once it has exec'd.
    /// On failure the child is reaped and the failing step is thrown.
    public func release() throws(RuntimeError) {
        defer { close() }
        while try proceed() != nil {}
    }

    /// Sends one go byte and waits for the child's next report: the name of
    /// the checkpoint it stopped at ("hooks", "created"), or nil once it has
    /// exec'd. On failure the child is reaped and the failing step is thrown.
    public func proceed() throws(RuntimeError) -> String? {
        _ = try? go.writeAll([1])
        switch ChildFailure.report(from: failures) {
        case .executed:
            return nil
        case .checkpoint(let name):
            return name
        case .failed(let failure):
            _ = try? process.wait()
            throw failure
        }
    }

    /// Lets go of the child (OCI create): it runs on without us.
    public func close() {
        try? go.close()
        try? failures.close()
    }

    /// Gives up before release: the child sees EOF and exits.
    public func abandon() {
        try? go.close()
        try? failures.close()
        try? process.signal(SIGKILL)
        _ = try? process.wait()
    }
}

/// What an OCI client asks of `create` beyond the config.
public struct InitOptions {
    public var process = ProcessOptions()
    /// Stop before pivot_root (checkpoint "hooks") for the create-time hooks.
    public var hooksCheckpoint = false
    /// The exec fifo: stop before exec (checkpoint "created") until `start`.
    public var execFifo: FileDescriptor?
    /// MS_MOVE + chroot instead of pivot_root.
    public var noPivot = false
    /// `linux.seccomp` already compiled (`SeccompFilter.program`) by a
    /// caller that keeps the program for later processes too.
    public var seccompProgram: SeccompProgram?

    public init(process: ProcessOptions = ProcessOptions(), hooksCheckpoint: Bool = false,
                execFifo: FileDescriptor? = nil, noPivot: Bool = false, seccompProgram: SeccompProgram? = nil) {
        self.process = process
        self.hooksCheckpoint = hooksCheckpoint
        self.execFifo = execFifo
        self.noPivot = noPivot
        self.seccompProgram = seccompProgram
    }
}

/// Clones the init of a container described by an OCI config.
public enum InitSpawner {
    /// The checks `spawn` makes before it touches anything, for callers that
    /// create state first (a cgroup, a state directory) and want bad input
    /// refused before that.
    public static func validate(_ config: OCIConfig) throws(RuntimeError) {
        try UnsupportedConfig.check(config)
        guard let process = config.process, config.root != nil else {
            throw RuntimeError(stage: "config", detail: "process and root are required")
        }
        guard let program = process.args?.first, !program.isEmpty else {
            throw RuntimeError(stage: "config", detail: "process.args must not be empty")
        }
        guard process.cwd.hasPrefix("/") else {
            throw RuntimeError(stage: "config", detail: "process.cwd must be an absolute path")
        }
        let namespaces = config.linux?.namespaces ?? []
        _ = try Namespaces.cloneFlags(namespaces, linux: config.linux)
        _ = try Sysctls.validated(config.linux?.sysctl ?? [:], namespaces: namespaces)
        _ = try ResourceLimits.cLimits(process.rlimits ?? [])
        try DefaultDevices.validate(config.linux?.devices ?? [])
        for mount in config.mounts ?? [] { _ = try MountPlan(mount) }
        if let capabilities = process.capabilities {
            for set in [capabilities.bounding, capabilities.effective, capabilities.permitted,
                        capabilities.inheritable, capabilities.ambient] {
                _ = try Capabilities.mask(of: set ?? [])
            }
        }
    }

    public static func spawn(_ config: OCIConfig, stdio: StandardIO, cgroup: TaskCgroup? = nil,
                             files: InMemoryFiles = InMemoryFiles(), options: InitOptions = InitOptions()) throws(RuntimeError) -> PendingInit {
        try UnsupportedConfig.check(config)
        guard let process = config.process, let root = config.root else {
            throw RuntimeError(stage: "config", detail: "process and root are required")
        }
        let namespaces = config.linux?.namespaces ?? []
        let flags = try Namespaces.cloneFlags(namespaces, linux: config.linux)
        let newUserNamespace = flags & Namespaces.flag(.user) != 0
        let sysctls = try Sysctls.validated(config.linux?.sysctl ?? [:], namespaces: namespaces)
        var mounts: [MountPlan] = []
        var readOnlyAfterwards: [String] = []
        let mountsCgroupfs = (config.mounts ?? []).contains { $0.type == "cgroup" }
        let mountInfo = mountsCgroupfs ? (try? HostFile.readString("/proc/self/mountinfo")) ?? "" : ""
        let placement = mountsCgroupfs && flags & Namespaces.flag(.cgroup) == 0 ? cgroupPlacement(cgroup) : nil
        for mount in config.mounts ?? [] {
            if mount.type == "cgroup" {
                let expansion = try CgroupFilesystemMount.expand(mount, hostMountInfo: mountInfo, placement: placement)
                mounts += expansion.mounts
                readOnlyAfterwards += expansion.readOnlyAfterwards
            } else {
                mounts.append(try MountPlan(mount))
            }
        }
        let joined = try Namespaces.joined(namespaces)
        defer { for entry in joined { Glibc.close(entry.fd) } }

        let arena = CStringArena()
        let sync: Pipe, failures: Pipe
        do {
            sync = try Pipe()
            failures = try Pipe()
        } catch {
            throw RuntimeError(stage: "pipe", errno: error)
        }

        var plan = te_init_plan()
        plan.clone_flags = flags
        plan.cgroup_fd = cgroup?.cloneTarget?.rawValue ?? -1
        let procs = cgroup?.procsFiles.map(\.rawValue) ?? []
        plan.cgroup_procs_fds = arena.array(procs)
        plan.n_cgroup_procs_fds = Int32(procs.count)
        plan.rootfs = arena.string(root.path)
        plan.readonly_rootfs = root.readonly == true ? 1 : 0
        let cMounts = mounts.map { $0.cStruct(in: arena) }
        plan.mounts = arena.array(cMounts)
        plan.n_mounts = Int32(cMounts.count)
        let devTmpfs = mounts.contains(where: { $0.target == "/dev" })
        let devices = DefaultDevices.cDevices(defaults: devTmpfs, configured: config.linux?.devices ?? [],
                                              bindFromHost: newUserNamespace, in: arena)
        plan.devices = arena.array(devices)
        plan.n_devices = Int32(devices.count)
        if devTmpfs {
            let symlinks = DefaultDevices.cSymlinks(in: arena)
            plan.symlinks = arena.array(symlinks)
            plan.n_symlinks = Int32(symlinks.count)
        }
        let masked = config.linux?.maskedPaths ?? [], readonly = (config.linux?.readonlyPaths ?? []) + readOnlyAfterwards
        plan.masked_paths = arena.stringArray(masked)
        plan.n_masked_paths = Int32(masked.count)
        plan.readonly_paths = arena.stringArray(readonly)
        plan.n_readonly_paths = Int32(readonly.count)
        if let directory = files.directory {
            plan.secrets_dir = arena.string(directory)
            let inDirectory = files.cFiles(files.inDirectory, in: arena)
            plan.secrets = arena.array(inDirectory)
            plan.n_secrets = Int32(inDirectory.count)
        }
        let bound = files.cFiles(files.bound, in: arena)
        plan.staged = arena.array(bound)
        plan.n_staged = Int32(bound.count)
        if flags & Namespaces.flag(.uts) != 0 { plan.hostname = arena.optionalString(config.hostname) }
        plan.loopback_up = flags & Namespaces.flag(.network) != 0 ? 1 : 0
        let cJoined = joined.filter { $0.type != .mount }
            .map { te_join_namespace(fd: $0.fd, flag: Namespaces.flag($0.type), path: arena.string($0.path)) }
        plan.join_namespaces = arena.array(cJoined)
        plan.n_join_namespaces = Int32(cJoined.count)
        if let mount = joined.first(where: { $0.type == .mount }) {
            plan.join_mount_namespace = UnsafePointer(arena.array([te_join_namespace(fd: mount.fd, flag: Namespaces.flag(.mount),
                                                                                     path: arena.string(mount.path))]))
        }
        plan.user_namespace = newUserNamespace ? 1 : 0
        // rootfsPropagation: private (the default, recursive) or runc's other
        // modes, applied to "/" before the root is bound and again after pivot_root.
        if let mode = config.linux?.rootfsPropagation.flatMap(MountPlan.propagation),
           mode.flag != MountPlan.propagationFlags["private"] {
            plan.root_propagation = mode.flag | (mode.recursive ? MountPlan.recursiveFlag : 0)
            plan.root_propagation_after = plan.root_propagation
            plan.rootfs_parent_mount = arena.string(MountPoints.containing(root.path))
        }
        let cSysctls = sysctls.map { te_sysctl(path: arena.string($0.path), value: arena.string($0.value)) }
        plan.sysctls = arena.array(cSysctls)
        plan.n_sysctls = Int32(cSysctls.count)
        plan.no_pivot = options.noPivot ? 1 : 0
        plan.hooks_checkpoint = options.hooksCheckpoint ? 1 : 0
        plan.exec_fifo_fd = options.execFifo?.rawValue ?? -1
        plan.sync_fd = sync.readEnd.rawValue
        plan.error_fd = failures.writeEnd.rawValue
        plan.parent_sync_fd = sync.writeEnd.rawValue
        plan.parent_error_fd = failures.readEnd.rawValue
        do throws(RuntimeError) {
            var seccomp = options.seccompProgram
            if seccomp == nil { seccomp = try SeccompFilter.program(config.linux?.seccomp, for: process) }
            plan.process = try ProcessPlan(process: process, seccomp: seccomp, options: options.process)
                .cStruct(in: arena, stdio: stdio, parentAliveFD: sync.readEnd.rawValue)
        } catch {
            closeAll(sync, failures)
            throw error
        }

        var pidfd: Int32 = -1
        let pid = withUnsafePointer(to: &plan) { te_spawn_init($0, &pidfd) }
        try? sync.readEnd.close()
        try? failures.writeEnd.close()
        guard pid > 0 else {
            try? sync.writeEnd.close()
            try? failures.readEnd.close()
            throw RuntimeError(stage: "clone", errno: Errno.fromNegative(pid))
        }
        let pending = PendingInit(process: ProcessHandle(pid: pid, pidfd: FileDescriptor(rawValue: pidfd)),
                                  go: sync.writeEnd, failures: failures.readEnd)
        if newUserNamespace {
            // The child waits for the go; its maps are ours to write (we hold the rights on the host).
            for (file, mappings) in [("uid_map", config.linux?.uidMappings ?? []), ("gid_map", config.linux?.gidMappings ?? [])] {
                do {
                    try HostFile.overwrite("/proc/\(pid)/\(file)", Namespaces.mapText(mappings))
                } catch {
                    pending.abandon()
                    throw RuntimeError(stage: "write \(file)", detail: "linux.\(file == "uid_map" ? "uidMappings" : "gidMappings")", errno: error)
                }
            }
        }
        return pending
    }

    /// Where the init will sit in each hierarchy, for a cgroupfs without a cgroup namespace.
    private static func cgroupPlacement(_ cgroup: TaskCgroup?) -> CgroupFilesystemMount.Placement {
        let joined: Set<String> = switch cgroup?.version {
        case .v1: Set(CgroupV1Driver.allControllers)
        case .v2: [""]
        case nil: []
        }
        return CgroupFilesystemMount.Placement(containerPath: cgroup?.relativePath ?? "", joined: joined,
                                               procSelfCgroup: (try? HostFile.readString("/proc/self/cgroup")) ?? "")
    }

    private static func closeAll(_ pipes: Pipe...) {
        for pipe in pipes {
            try? pipe.readEnd.close()
            try? pipe.writeEnd.close()
        }
    }
}
