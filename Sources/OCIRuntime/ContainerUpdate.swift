import OCISpec
import Runtime

extension Container {
    /// `update`: the given resources (an OCI LinuxResources document, or
    /// runc's flags turned into one) over the current limits.
    public func update(_ resources: OCILinuxResources) throws(ContainerError) {
        guard status != .stopped else { throw ContainerError("container not running") }
        var limits = record.limits
        if let memory = resources.memory {
            if let limit = memory.limit { limits.memory = limit > 0 ? limit : nil }
            if let swap = memory.swap { limits.memorySwap = swap }
            if let reservation = memory.reservation { limits.memoryReservation = reservation > 0 ? reservation : nil }
            // kernel and kernelTCP: accepted and ignored, as runc does.
            if memory.swappiness != nil {
                throw .badInput("update: memory.swappiness is not supported")
            }
        }
        if let cpu = resources.cpu {
            if let quota = cpu.quota { limits.cpuQuota = quota > 0 ? quota : nil }
            if let period = cpu.period { limits.cpuPeriod = period }
            if let shares = cpu.shares, shares > 0 { limits.cpuShares = shares }
            if cpu.cpus?.isEmpty == false || cpu.mems?.isEmpty == false
                || cpu.realtimePeriod != nil || cpu.realtimeRuntime != nil || cpu.burst != nil || cpu.idle != nil {
                throw .badInput("update: only cpu.shares, cpu.quota and cpu.period are supported")
            }
        }
        if let pids = resources.pids { limits.pids = pids.limit }
        if resources.blockIO != nil || resources.hugepageLimits?.isEmpty == false || resources.network != nil
            || resources.rdma?.isEmpty == false || resources.unified?.isEmpty == false {
            throw .badInput("update: only memory, cpu quota/period, pids and devices can be changed")
        }
        guard let cgroup else { throw ContainerError("container \(id) has no cgroup", exitCode: 125) }
        do {
            try cgroup.apply(limits)
            // New device rules replace the old ones whole (the config's linux.devices stay allowed).
            if let rules = resources.devices, !rules.isEmpty {
                let nodes = (try? HostFile.readBytes(paths.config(id))).flatMap { try? OCIConfig.decode($0) }?.linux?.devices ?? []
                try cgroup.applyDevices(DeviceRules.effective(rules, devices: nodes))
            }
        } catch {
            throw .runtime(error)
        }
        var updated = record
        updated.limits = limits
        if let bytes = try? updated.encoded() { try? HostFile.writeAtomically(paths.record(id), bytes) }
    }
}
