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
        let state: TaskState
        do {
            state = try global.task(id)
        } catch {
            // runc's rule, which containerd's cleanup relies on: --force of an id that does not exist succeeds.
            if force { return }
            throw error
        }
        if state.status != .stopped {
            guard force else { throw CommandFailure("task \(id) is running: stop it first, or use --force", exitCode: 1) }
            try? ControlClient.send(.kill(signal: SIGKILL), to: id, global: global)
            guard ControlClient.waitForExit(of: id, global: global, timeout: 30) else {
                throw CommandFailure("task \(id) did not exit after SIGKILL")
            }
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
