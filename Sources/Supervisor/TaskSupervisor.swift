import CSpawn
import Glibc
import OCISpec
import Runtime
import SystemPackage
import Network
import TaskSpec
import Translation

/// The shim of one task: starts it, copies its output to the log, turns
/// signals and control requests into stop/kill, records its exit. One
/// thread, one poll loop (TaskSupervisor+Loop.swift).
public final class TaskSupervisor {
    public struct Options {
        public var paths: TaskPaths
        public var events: [EventSink.Destination] = []
        /// Foreground `run`: the task's output is also copied to our own stdout/stderr.
        public var foreground: Bool
        /// Detached: told `ok PID` once the task runs, or `error CODE MESSAGE`.
        public var ready: FileDescriptor?
        /// `--cgroup-parent`: task cgroups go under `<parent>/taskexec/`.
        public var cgroupParent: String
        /// `--cni-conf-dir`: an operator's conflist instead of taskexec's own.
        public var cniConfigDirectory: String?
        /// `--cni-bin-dir`: where the plugins are.
        public var cniBinDirectory: String
        /// `--cni-timeout`: seconds a plugin call may take before it is killed (then DEL runs).
        public var cniTimeout: Double = CNINetwork.defaultTimeout

        public init(paths: TaskPaths, events: [EventSink.Destination] = [], foreground: Bool, ready: FileDescriptor? = nil,
                    cgroupParent: String = "/", cniConfigDirectory: String? = nil, cniBinDirectory: String = CNINetwork.defaultBinDirectory) {
            self.paths = paths
            self.events = events
            self.foreground = foreground
            self.ready = ready
            self.cgroupParent = cgroupParent
            self.cniConfigDirectory = cniConfigDirectory
            self.cniBinDirectory = cniBinDirectory
        }
    }

    /// Its secrets' bytes are cleared once the task has them (`forgetSecrets`).
    private(set) var spec: TaskSpec
    let options: Options
    /// The one copy of the secret values kept after the start, to keep them out of probe output.
    var redactor: SecretRedactor?
    let store: StateStore
    var state: TaskState!
    var bus: EventBus!
    var log: JSONFileLog!
    var lock: SupervisorLock?
    var task: ProcessHandle!
    var signals: FileDescriptor!
    var control: FileDescriptor?
    var stopDeadline: Double?
    var stopping = false
    /// Why the task is being ended by us: "stopped" or "unhealthy".
    var endReason: String?
    var health: HealthRunner?
    var cgroup: TaskCgroup?
    var oomNotifier: FileDescriptor?
    var oomKillsSeen: UInt64 = 0
    var network: TaskNetwork?
    var seccompProgram: SeccompProgram?

    public init(spec: TaskSpec, options: Options) {
        self.spec = spec
        self.options = options
        self.store = StateStore(paths: options.paths)
    }

    /// Runs the task to its end. Returns the exit code for `run`: the task's
    /// (128+N for signal N), or 125/126/127 when it could not start.
    public func run() -> Int32 {
        // It holds secrets: no core dump may carry them (and no other user reads its /proc files).
        _ = te_set_dumpable(0)
        // A caller's blocked signals are inherited across exec (a thread of an
        // agent may block most): the supervisor starts from none blocked, then
        // takes the ones it reads from a signalfd.
        _ = te_sigmask(1, ~0)
        let paths = options.paths
        do {
            try claimStateDirectory()
        } catch {
            notifyReady("error \(error.exitCode) \(error.message)")
            report(error)
            return error.exitCode
        }
        bus = EventBus(eventLog: paths.eventLog(spec.id), destinations: options.events)
        log = JSONFileLog(path: paths.logFile(spec.id)) { [unowned self] trouble in bus.warn(id: spec.id, trouble) }
        do {
            try start()
        } catch {
            bus.emit(TaskEvent(id: spec.id, type: .exited, exitCode: error.exitCode, error: error.message))
            removeTaskFiles()
            notifyReady("error \(error.exitCode) \(error.message)")
            report(error)
            return error.exitCode
        }
        forgetSecrets()
        notifyReady("ok \(task.pid)")
        // Start-up (decoding, translation, spawning) is done: give its freed
        // heap back and unmap the code only it ran; the supervisor lives as
        // long as its task.
        te_malloc_trim()
        _ = te_release_startup_pages()
        let status = superviseUntilExit()
        return finish(status)
    }

    /// Creates `<root>/<id>` exclusively (a second task with the same id is
    /// refused) and takes the supervisor lock in it.
    private func claimStateDirectory() throws(StartFailure) {
        let paths = options.paths
        do {
            try HostFile.makeDirectories(paths.root, mode: 0o711)
        } catch {
            throw StartFailure("cannot create \(paths.root): \(error.reason)")
        }
        guard mkdir(paths.stateDirectory(spec.id), 0o700) == 0 else {
            if errno == EEXIST { throw StartFailure("task \(spec.id) already exists (delete it first)") }
            throw StartFailure("cannot create \(paths.stateDirectory(spec.id)): \(Errno(rawValue: errno).reason)")
        }
        do {
            lock = try SupervisorLock(path: paths.lockFile(spec.id))
            try HostFile.makeDirectories(paths.logDirectory(spec.id), mode: 0o700)
        } catch {
            HostFile.removeTree(paths.stateDirectory(spec.id))
            throw StartFailure("cannot set up task files: \(error.reason)")
        }
    }

    /// Translates, clones and releases the task. On failure nothing of it stays.
    private func start() throws(StartFailure) {
        let paths = options.paths
        let config = try TaskConfig.build(spec, paths: paths, cgroupParent: options.cgroupParent)
        try createVolumes()
        let ports = spec.network == .bridge ? try TaskNetwork.reservePorts(spec, paths: options.paths) : nil
        seccompProgram = try compileSeccomp(config)
        state = TaskState(
            id: spec.id, status: .created, supervisorPid: getpid(), rootfs: spec.rootfs, command: spec.command,
            createdAt: Timestamp.now(), namespaces: config.linux?.namespaces?.map(\.type) ?? [],
            process: config.process!, volumes: spec.mounts.filter { $0.kind == .volume }.compactMap(\.source),
            secrets: spec.secrets.map(TaskState.FileSummary.init), configs: spec.configs.map(TaskState.FileSummary.init),
            stopSignal: spec.stopSignal.name, stopGracePeriod: Units.formatDuration(spec.stopGracePeriod),
            seccomp: seccompProgram.map { TaskState.SeccompRecord(profile: spec.seccompProfileName, instructions: $0.instructionCount) })
        // Where the cgroup will be is recorded before it exists, so that a
        // supervisor killed from here on leaves a task `delete` can clean.
        let cgroupPath: String
        do {
            cgroupPath = try CgroupPlacement.relativePath(config.linux?.cgroupsPath, id: spec.id)
        } catch {
            throw StartFailure(error)
        }
        let cgroupDriver = Cgroups.hostDriver()
        state.cgroup = TaskState.CgroupRecord(version: cgroupDriver.version, path: cgroupPath)
        state.resources = CgroupLimits(oci: config.linux?.resources)
        try? HostFile.writeAtomically(paths.cgroupRecord(spec.id), Array("\(cgroupDriver.version.rawValue) \(cgroupPath)".utf8))
        try saveState()

        let output: Pipe, errors: Pipe
        let devNull: FileDescriptor
        do throws(Errno) {
            output = try Pipe()
            errors = try Pipe()
            devNull = try asErrno { try FileDescriptor.open("/dev/null", .readOnly, options: [.closeOnExec]) }
        } catch {
            throw StartFailure("pipe: \(error.reason)")
        }
        try setUpSignals()
        let launched: LaunchedInit
        do {
            launched = try ContainerLaunch.launch(ContainerLaunch.Request(
                config: config, cgroupPath: cgroupPath, driver: cgroupDriver,
                stdio: StandardIO(input: devNull, output: output.writeEnd, error: errors.writeEnd),
                files: SpecTranslation.inMemoryFiles(for: spec), options: InitOptions(seccompProgram: seccompProgram)))
        } catch {
            throw StartFailure(error)
        }
        cgroup = launched.cgroup
        oomNotifier = launched.cgroup.oomNotifier()
        let pending = launched.pending
        try? devNull.close()
        try? output.writeEnd.close()
        try? errors.writeEnd.close()
        task = pending.process
        state.pid = task.pid
        if let ports {
            do {
                try attachNetwork(config.hostname ?? spec.id, ports: ports)
            } catch {
                pending.abandon()
                throw error
            }
        }
        bus.emit(TaskEvent(id: spec.id, type: .created, pid: task.pid))
        do {
            try pending.release()
        } catch {
            try? output.readEnd.close()
            try? errors.readEnd.close()
            throw StartFailure(error)
        }
        state.status = .running
        state.startedAt = Timestamp.now()
        state.pidStartTime = ProcStat.startTime(of: task.pid)
        let monitored = startHealthMonitor(process: config.process!)
        try saveState()
        bus.emit(TaskEvent(id: spec.id, type: .started, pid: task.pid, network: state.network))
        if monitored { bus.emit(TaskEvent(id: spec.id, type: .healthStatus, health: state.health)) }
        outputs = [(output.readEnd, .stdout), (errors.readEnd, .stderr)]
        control = try? UnixSocket.listen(path: paths.controlSocket(spec.id))
    }

    var outputs: [(fd: FileDescriptor, stream: JSONFileLog.Stream)] = []
    /// Foreground only: our own stdout and stderr, never allowed to stall the loop.
    lazy var foregroundOutput: ForegroundOutput? = options.foreground ? ForegroundOutput(STDOUT_FILENO) : nil
    lazy var foregroundErrors: ForegroundOutput? = options.foreground ? ForegroundOutput(STDERR_FILENO) : nil

    private func createVolumes() throws(StartFailure) {
        for name in spec.mounts.filter({ $0.kind == .volume }).compactMap(\.source) {
            let path = TranslationInput.volumeData(name, in: options.paths.volumesDirectory)
            do {
                try HostFile.makeDirectories(path)
            } catch {
                throw StartFailure("create volume \(name): \(error.reason)")
            }
        }
    }

    func saveState() throws(StartFailure) {
        do {
            try store.write(state)
        } catch {
            throw StartFailure("write state: \(error.reason)")
        }
    }

    /// SIGINT and SIGTERM become a graceful stop; they are read from a signalfd.
    private func setUpSignals() throws(StartFailure) {
        signal(SIGPIPE, SIG_IGN)
        do {
            signals = try SignalSet([SIGINT, SIGTERM, SIGHUP]).blockAndOpenSignalFD()
        } catch {
            throw StartFailure("signalfd: \(error.reason)")
        }
    }

    /// The task's filter, compiled once (or taken from the disk cache) for
    /// the task, its exec'd processes and its probes, and kept beside the
    /// state for `exec` and `health`.
    private func compileSeccomp(_ config: OCIConfig) throws(StartFailure) -> SeccompProgram? {
        let program: SeccompProgram?
        do {
            program = try SeccompFilter.program(config.linux?.seccomp, for: config.process!)
        } catch {
            throw StartFailure(error)
        }
        guard let program else { return nil }
        do {
            try program.write(to: options.paths.seccompFilter(spec.id))
        } catch {
            throw StartFailure("write seccomp filter: \(error.reason)")
        }
        return program
    }

    /// CNI ADD into the waiting init's namespace, then the files it will bind.
    private func attachNetwork(_ hostname: String, ports: PortReservation) throws(StartFailure) {
        let (attached, attachment) = try TaskNetwork.attach(spec, pid: task.pid, reservation: ports, options: options)
        network = attached
        let directory = options.paths.stateDirectory(spec.id)
        let resolv = (try? HostFile.readString("/etc/resolv.conf")) ?? ""
        do {
            try HostFile.writeAtomically(directory + "/cni.json", attachment.json, permissions: [.ownerReadWrite])
            try HostFile.writeAtomically(directory + "/hosts", Array(NetworkFiles.hosts(hostname: hostname, addresses: attachment.addresses).utf8), permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try HostFile.writeAtomically(directory + "/hostname", Array(NetworkFiles.hostname(hostname).utf8), permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try HostFile.writeAtomically(directory + "/resolv.conf", Array(NetworkFiles.resolvConf(host: resolv).utf8), permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw StartFailure("network files: \(error.reason)")
        }
        state.network = TaskState.NetworkRecord(ip: attachment.addresses.first, ports: attachment.ports)
    }

    private func removeTaskFiles() {
        releaseNodeResources()
        TaskTeardown.removeFiles(of: spec.id, paths: options.paths)
        lock = nil
    }

    /// Cgroup and network, once, whichever way the task ends.
    func releaseNodeResources() {
        TaskTeardown.release(cgroup: cgroup, network: network, stateDirectory: options.paths.stateDirectory(spec.id))
        cgroup = nil
        network = nil
    }

    /// The task has its secrets (its ramfs is filled): the supervisor keeps
    /// one copy, in the redactor's undumpable mapping, and zeroes the spec's.
    private func forgetSecrets() {
        let values = spec.secrets.compactMap { secret -> [UInt8]? in
            if case .data(let bytes) = secret.source { return bytes }
            return nil
        }
        redactor = values.isEmpty ? nil : SecretRedactor(values)
        for index in spec.secrets.indices {
            guard case .data(var bytes) = spec.secrets[index].source else { continue }
            spec.secrets[index].source = .data([])
            // Now the only reference: zeroed in place before it is freed.
            bytes.withUnsafeMutableBufferPointer { buffer in
                if let base = buffer.baseAddress { memset(base, 0, buffer.count) }
            }
        }
    }

    private func notifyReady(_ message: String) {
        guard let ready = options.ready else { return }
        _ = try? ready.writeAll(Array((message + "\n").utf8))
        try? ready.close()
    }

    private func report(_ failure: StartFailure) {
        if options.ready == nil { StandardError.write("taskexec: \(failure.message)\n") }
    }
}
