import Runtime

extension TaskSupervisor {
    /// `taskexec update`: new limits on the live cgroup, in an order the
    /// kernel accepts; recorded in the state and announced by `updated`.
    /// The answer for the control socket: `ok`, or `error: <why>`.
    func applyUpdate(_ update: ResourceUpdate) -> String {
        guard let cgroup else { return "error: task has no cgroup" }
        let limits: CgroupLimits
        switch update.applied(to: state.resources ?? CgroupLimits()) {
        case .success(let new): limits = new
        case .failure(let refusal): return "error: \(refusal.message)"
        }
        do {
            try cgroup.apply(limits)
        } catch {
            return "error: \(error.description)"
        }
        state.resources = limits
        try? saveState()
        bus.emit(TaskEvent(id: spec.id, type: .updated, resources: limits))
        return "ok"
    }
}
