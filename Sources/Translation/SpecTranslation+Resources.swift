import OCISpec
import Runtime
import TaskSpec

extension SpecTranslation {
    /// The task's cgroup, relative to the hierarchy root: `<parent>/taskexec/<id>`.
    public static func cgroupPath(for id: String, parent: String) -> String {
        let trimmed = parent.split(separator: "/").joined(separator: "/")
        return (trimmed.isEmpty ? "" : trimmed + "/") + "taskexec/" + id
    }

    /// `resources` as OCI linux.resources: cpus as a CFS quota over a 100 ms
    /// period, shares and cpusets, memory, its reservation and docker's
    /// memory+swap total (twice the memory when unset: docker's meaning,
    /// decided here), the pids limit, the blkio weight, and docker's device
    /// rules (deny all, then the defaults and the task's devices).
    public static func resources(_ resources: TaskSpec.Resources?, devices: [OCIDeviceCgroup] = []) -> OCILinuxResources {
        var oci = OCILinuxResources()
        oci.devices = [DeviceRules.denyAll] + DeviceRules.defaults + devices
        guard let resources else { return oci }
        if resources.cpus != nil || resources.cpuShares != nil || resources.cpusetCpus != nil || resources.cpusetMems != nil {
            oci.cpu = OCICPU(shares: resources.cpuShares, cpus: resources.cpusetCpus, mems: resources.cpusetMems)
            if let cpus = resources.cpus {
                oci.cpu?.quota = ResourceRules.cpuQuota(cpus: cpus)
                oci.cpu?.period = ResourceRules.cpuPeriod
            }
        }
        if resources.memory != nil || resources.memorySwap != nil || resources.memoryReservation != nil {
            let swap = resources.memorySwap ?? resources.memory.map { $0 * 2 }
            oci.memory = OCIMemory(limit: resources.memory, reservation: resources.memoryReservation, swap: swap)
        }
        if let pids = resources.pidsLimit { oci.pids = OCIPids(limit: pids) }
        if let weight = resources.blkioWeight { oci.blockIO = OCIBlockIO(weight: weight) }
        return oci
    }
}
