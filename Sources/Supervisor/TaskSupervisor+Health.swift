import Glibc
import OCISpec
import Runtime
import TaskSpec

extension TaskSupervisor {
    /// Starts the health monitor when the spec has a healthcheck: status
    /// `starting`, then a probe after each interval while the task runs.
    /// Returns whether it started; the caller saves the state and reports it.
    func startHealthMonitor(process: OCIProcess) -> Bool {
        guard let check = spec.healthcheck, check.test != .none else { return false }
        let network: NetworkNamespace
        do {
            network = try NetworkNamespace(pid: spec.network == .host ? nil : task.pid)
        } catch {
            // ENOENT: the task already exited, there is nothing to monitor.
            if error != .noSuchFileOrDirectory { StandardError.write("taskexec: health monitor: \(error.reason)\n") }
            return false
        }
        let target = ContainerTarget(initProcess: task, namespaces: state.namespaces)
        let factory = ProbeFactory(test: check.test, base: process, target: target, network: network, cgroup: cgroup, seccomp: seccompProgram)
        state.health = HealthReport()
        state.healthcheck = HealthcheckRecord(check)
        health = HealthRunner(check: check, taskStartedAt: Timestamp.monotonic(), factory: factory,
                              redact: { [unowned self] in redactor?.redact($0) ?? $0 }) { [unowned self] report, changed in
            healthChanged(report, statusChanged: changed)
        }
        return true
    }

    private func healthChanged(_ report: HealthReport, statusChanged: Bool) {
        state.health = report
        try? saveState()
        guard statusChanged else { return }
        bus.emit(TaskEvent(id: spec.id, type: .healthStatus, health: report))
        guard report.status == .unhealthy, let check = spec.healthcheck else { return }
        switch check.onUnhealthy {
        case .none:
            break
        case .stop:
            beginStop(grace: nil, reason: "unhealthy")
        case .kill:
            if endReason == nil { endReason = "unhealthy" }
            try? task.signal(SIGKILL)
        }
    }
}
