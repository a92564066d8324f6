import ArgumentParser
import Glibc
import Network
import Runtime
import Supervisor

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Remove a stopped task or OCI container (--force: kill it first).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task or container id.") var id: String
    @Flag(name: [.short, .long], help: "Kill the task if it is running.") var force = false

    func run() throws {
        if let container = try global.container(id) {
            do {
                try container.delete(force: force, warn: RuntimeWarning.print)
            } catch {
                throw CommandFailure(error)
            }
            return
        }
        switch global.store.entry(id) {
        case nil:
            // runc's rule, which containerd's cleanup relies on: --force of an id that does not exist succeeds.
            if force { return }
            _ = try global.task(id)
        case .damaged(_, let alive)?:
            guard force else {
                throw CommandFailure("task \(id): its state is missing or damaged\(alive ? " and its supervisor runs" : ""): use --force", exitCode: 1)
            }
            TaskTeardown.releaseDamaged(id, paths: global.paths)
            TaskTeardown.removeFiles(of: id, paths: global.paths)
        case .task(let state)?:
            try delete(state)
        }
    }

    private func delete(_ state: TaskState) throws {
        if state.status != .stopped {
            guard force else { throw CommandFailure("task \(id) is running: stop it first, or use --force", exitCode: 1) }
            let answered = (try? ControlClient.send(.kill(signal: SIGKILL), to: id, global: global)) != nil
            if !answered || !ControlClient.waitForExit(of: id, global: global, timeout: 30) {
                // A supervisor that does not answer (stopped, frozen) is killed by its lock.
                TaskTeardown.killSupervisor(of: id, paths: global.paths)
            }
            guard !global.store.isSupervisorAlive(id) else { throw CommandFailure("task \(id) did not exit after SIGKILL") }
        }
        killLeftover(state)
        // A supervisor that died could not remove the task's cgroup or detach its network.
        TaskTeardown.releaseRecorded(state, paths: global.paths)
        TaskTeardown.removeFiles(of: id, paths: global.paths)
    }

    /// The supervisor died (SIGKILL): its task died with it (PDEATHSIG), but
    /// make sure, by pid *and* start time, before forgetting it.
    private func killLeftover(_ state: TaskState) {
        guard let pid = state.pid, let start = state.pidStartTime,
              ProcStat.isSameProcess(pid: pid, startTime: start),
              let target = try? ContainerTarget.open(pid: pid, namespaces: []) else { return }
        try? target.initProcess.signal(SIGKILL)
        let deadline = Timestamp.monotonic() + 10
        while ProcStat.isSameProcess(pid: pid, startTime: start) && Timestamp.monotonic() < deadline { usleep(10_000) }
    }
}
