import Glibc
import OCISpec
import Runtime
import SystemPackage

/// A container `create` made, as the later verbs see it: its record, its
/// config, and what the kernel says about its init now.
public struct Container {
    public let record: ContainerRecord
    let paths: ContainerPaths
    /// The config as `create` read it.
    let config: OCIConfig

    /// Whether `id` names an OCI container under `paths` (not a task).
    public static func exists(_ id: String, paths: ContainerPaths) -> Bool {
        HostFile.exists(paths.record(id))
    }

    public init(id: String, paths: ContainerPaths) throws(ContainerError) {
        guard let bytes = try? HostFile.readBytes(paths.record(id)), let record = try? ContainerRecord.decode(bytes) else {
            throw ContainerError("container \(id) does not exist")
        }
        guard let configBytes = try? HostFile.readBytes(paths.config(id)), let config = try? OCIConfig.decode(configBytes) else {
            throw ContainerError("container \(id): its config.json copy is missing or unreadable", exitCode: 125)
        }
        self.record = record
        self.paths = paths
        self.config = config
    }

    public var id: String { record.id }

    var cgroup: TaskCgroup? { Cgroups.driver(for: record.cgroupVersion).open(record.cgroupPath) }

    var isInitAlive: Bool { ProcStat.isAlive(pid: record.pid, startTime: record.pidStartTime) }

    /// runc's rules: a dead init is stopped; a live one still blocked on
    /// the exec fifo is created; a frozen cgroup is paused.
    public var status: OCIStatus {
        guard isInitAlive else { return .stopped }
        if HostFile.exists(paths.execFifo(id)) { return .created }
        if cgroup?.isFrozen == true { return .paused }
        return .running
    }

    func ociState(_ status: OCIStatus) -> OCIState {
        OCIState(id: id, status: status, pid: status == .stopped ? nil : record.pid,
                 bundle: record.bundle, annotations: record.annotations)
    }

    /// The JSON `state` prints.
    public func stateJSON() -> String {
        StateDocument(state: ociState(status), rootfs: record.rootfs, created: record.created).json()
    }

    /// The init, opened by pidfd and checked to be the one `create` made.
    func openInit() throws(ContainerError) -> ContainerTarget {
        let namespaces = (config.linux?.namespaces ?? []).map(\.type)
        guard let target = try? ContainerTarget.open(pid: record.pid, namespaces: namespaces), isInitAlive else {
            throw ContainerError("container not running")
        }
        return target
    }

    // MARK: start

    /// Runs the startContainer hooks, releases the init from the exec fifo,
    /// then runs the poststart hooks.
    public func start(warn: (String) -> Void) throws(ContainerError) {
        switch status {
        case .created: break
        case .stopped: throw ContainerError("cannot start a container that has stopped")
        default: throw ContainerError("cannot start an already running container")
        }
        let target = try openInit()
        try Hooks.run(config.hooks?.startContainer, kind: "startContainer", state: ociState(.created), in: .container(target))
        try ExecFifo.release(paths.execFifo(id), initProcess: target.initProcess)
        Hooks.runAll(config.hooks?.poststart, kind: "poststart", state: ociState(.running), warn: warn)
    }

    // MARK: kill

    /// Signals the init, or with `all` every process in the cgroup (also
    /// once the init is gone: engines sweep up exec'd leftovers that way).
    public func kill(_ signal: Int32, all: Bool) throws(ContainerError) {
        guard all || status != .stopped else { throw ContainerError("container not running") }
        if all {
            for pid in cgroup?.processes() ?? [] { Glibc.kill(pid, signal) }
            return
        }
        let target = try openInit()
        do {
            try target.initProcess.signal(signal)
        } catch {
            throw ContainerError("kill \(id): \(error.reason)")
        }
    }

    // MARK: delete

    /// Removes a stopped (or, with `force`, any) container: its processes,
    /// cgroup and state; then the poststop hooks.
    public func delete(force: Bool, warn: (String) -> Void) throws(ContainerError) {
        let current = status
        if current == .running || current == .paused {
            guard force else { throw ContainerError("cannot delete container \(id) that is \(current.rawValue), use --force") }
        }
        let cgroup = self.cgroup
        if current != .stopped {
            if current == .paused { try? cgroup?.setFrozen(false) }
            if let target = try? openInit() {
                try? target.initProcess.signal(SIGKILL)
                waitForExit(target.initProcess)
            }
        }
        // Kills whatever is left (exec'd processes) and removes the cgroup.
        cgroup?.destroy()
        HostFile.removeTree(paths.directory(id))
        Hooks.runAll(config.hooks?.poststop, kind: "poststop", state: ociState(.stopped), warn: warn)
    }

    private func waitForExit(_ process: ProcessHandle) {
        let deadline = Timestamp.monotonic() + 10
        while isInitAlive && Timestamp.monotonic() < deadline {
            var fd = pollfd(fd: process.pidfd.rawValue, events: Int16(POLLIN), revents: 0)
            _ = poll(&fd, 1, 100)
        }
    }

    // MARK: pause, resume, ps

    public func setPaused(_ paused: Bool) throws(ContainerError) {
        let current = status
        guard current == (paused ? .running : .paused) else {
            throw ContainerError("container \(id) is \(current.rawValue), not \(paused ? "running" : "paused")")
        }
        guard let cgroup else { throw ContainerError("container \(id) has no cgroup", exitCode: 125) }
        do {
            try cgroup.setFrozen(paused)
        } catch {
            throw .runtime(error)
        }
    }

    /// Pids (host namespace) of every process in the container's cgroup.
    public func processes() -> [Int32] { cgroup?.processes() ?? [] }
}
