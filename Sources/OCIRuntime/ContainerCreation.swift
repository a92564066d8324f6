import Glibc
import OCISpec
import Runtime
import SystemPackage

/// `create`: a container whose init waits on the exec fifo, in its own
/// cgroup and namespaces, mounts done, hooks run, before the user program.
public struct CreateRequest: Sendable {
    public var id: String
    public var bundle: String
    public var pidFile: String?
    public var consoleSocket: String?
    public var noPivot = false
    public var preservedFDs = 0

    public init(id: String, bundle: String, pidFile: String? = nil, consoleSocket: String? = nil,
                noPivot: Bool = false, preservedFDs: Int = 0) {
        self.id = id
        self.bundle = bundle
        self.pidFile = pidFile
        self.consoleSocket = consoleSocket
        self.noPivot = noPivot
        self.preservedFDs = preservedFDs
    }
}

public enum ContainerCreation {
    public static func create(_ request: CreateRequest, paths: ContainerPaths,
                              warn: (String) -> Void) throws(ContainerError) {
        try ContainerID.validate(request.id)
        let bundle = try Bundle(directory: request.bundle)
        var config = bundle.config
        config.root?.path = bundle.rootfs
        config.process = config.process.map { HomeEnvironment.completed($0, root: bundle.rootfs) }
        let cgroupPath: String
        do {
            cgroupPath = try CgroupPlacement.relativePath(config.linux?.cgroupsPath, id: request.id)
            try ContainerLaunch.validate(config)
        } catch {
            throw .runtime(error)
        }
        let consoleSocket = try request.consoleSocket.map { (path) throws(ContainerError) in try ConsoleSocket.connect(path) }
        defer { try? consoleSocket?.close() }
        if config.process?.terminal == true && consoleSocket == nil {
            throw .badInput("process.terminal is true: --console-socket is required")
        }

        // From here on, every failure undoes what was made.
        let directory = paths.directory(request.id)
        try? HostFile.makeDirectories(paths.root, mode: 0o711)
        guard mkdir(directory, 0o711) == 0 else {
            if errno == EEXIST { throw ContainerError("container \(request.id) already exists") }
            throw ContainerError("create \(directory): \(Errno(rawValue: errno).reason)", exitCode: 125)
        }
        var launched: LaunchedInit?
        func undo() {
            launched?.undo()
            HostFile.removeTree(directory)
        }
        do {
            try HostFile.writeAtomically(paths.config(request.id), bundle.configBytes)
            guard mkfifo(paths.execFifo(request.id), 0o600) == 0 else {
                throw ContainerError("exec fifo: \(Errno(rawValue: errno).reason)", exitCode: 125)
            }
            // In a user namespace the init opens it as the container's root: that
            // host id gets write access (runc's rule), nobody else does.
            if let root = ExecFifo.hostRoot(config.linux) {
                guard chown(paths.execFifo(request.id), root.uid, root.gid) == 0,
                      chmod(paths.execFifo(request.id), 0o620) == 0 else {
                    throw ContainerError("exec fifo: \(Errno(rawValue: errno).reason)", exitCode: 125)
                }
            }
            let fifo = open(paths.execFifo(request.id), O_PATH | O_CLOEXEC)
            guard fifo >= 0 else { throw ContainerError("exec fifo: \(Errno(rawValue: errno).reason)", exitCode: 125) }
            defer { close(fifo) }

            let hooks = config.hooks
            let hasCreateHooks = [hooks?.prestart, hooks?.createRuntime, hooks?.createContainer].contains { $0?.isEmpty == false }
            let options = InitOptions(
                process: ProcessOptions(diesWithParent: false, consoleSocket: consoleSocket, preservedFDs: request.preservedFDs),
                hooksCheckpoint: hasCreateHooks, execFifo: FileDescriptor(rawValue: fifo), noPivot: request.noPivot)
            let started = try ContainerLaunch.launch(ContainerLaunch.Request(
                config: config, cgroupPath: cgroupPath, stdio: .inherited, options: options))
            launched = started
            let spawned = started.pending
            let pid = spawned.process.pid
            var checkpoint = try spawned.proceed()
            if checkpoint == "hooks" {
                let state = OCIState(id: request.id, status: .creating, pid: pid, bundle: request.bundle, annotations: config.annotations)
                try Hooks.run(hooks?.prestart, kind: "prestart", state: state, in: .runtime)
                try Hooks.run(hooks?.createRuntime, kind: "createRuntime", state: state, in: .runtime)
                let target = ContainerTarget(initProcess: spawned.process, namespaces: (config.linux?.namespaces ?? []).map(\.type))
                try Hooks.run(hooks?.createContainer, kind: "createContainer", state: state, in: .container(target))
                checkpoint = try spawned.proceed()
            }
            guard checkpoint == "created", let startTime = ProcStat.startTime(of: pid) else {
                throw ContainerError("container init stopped before it was ready", exitCode: 125)
            }
            let record = ContainerRecord(
                id: request.id, bundle: request.bundle, rootfs: bundle.rootfs, pid: pid, pidStartTime: startTime,
                created: Timestamp.now(), cgroupVersion: started.cgroup.version, cgroupPath: cgroupPath,
                limits: CgroupLimits(oci: config.linux?.resources),
                annotations: config.annotations)
            try HostFile.writeAtomically(paths.record(request.id), try record.encoded())
            if let pidFile = request.pidFile {
                try HostFile.writeAtomically(pidFile, Array("\(pid)".utf8), permissions: [.ownerReadWrite, .groupRead, .otherRead])
            }
            spawned.close()
        } catch let error as ContainerError {
            undo()
            runPoststopAfterFailure(config, id: request.id, bundle: request.bundle, warn: warn)
            throw error
        } catch let error as RuntimeError {
            undo()
            throw .runtime(error)
        } catch let error as Errno {
            undo()
            throw ContainerError("create: \(error.reason)", exitCode: 125)
        } catch {
            undo()
            throw ContainerError("create: \(error)", exitCode: 125)
        }
    }

    /// A failed create hook still ends the lifecycle with the poststop hooks.
    private static func runPoststopAfterFailure(_ config: OCIConfig, id: String, bundle: String, warn: (String) -> Void) {
        let state = OCIState(id: id, status: .stopped, bundle: bundle, annotations: config.annotations)
        Hooks.runAll(config.hooks?.poststop, kind: "poststop", state: state, warn: warn)
    }
}
