import OCISpec
import TaskSpec

extension SpecTranslation {
    /// The task's cgroup, relative to the hierarchy root: `<parent>/taskexec/<id>`.
    public static func cgroupPath(for id: String, parent: String) -> String {
        let trimmed = parent.split(separator: "/").joined(separator: "/")
        return (trimmed.isEmpty ? "" : trimmed + "/") + "taskexec/" + id
    }

    /// `resources` as OCI linux.resources: cpus as a CFS quota over a 100 ms
    /// period, memory and docker's memory+swap total, the pids limit.
    public static func resources(_ resources: TaskSpec.Resources?) -> OCILinuxResources? {
        guard let resources else { return nil }
        var oci = OCILinuxResources()
        if let cpus = resources.cpus {
            let period: UInt64 = 100_000
            oci.cpu = OCICPU(quota: Int64((cpus * Double(period)).rounded()), period: period)
        }
        if resources.memory != nil || resources.memorySwap != nil {
            oci.memory = OCIMemory(limit: resources.memory, swap: resources.memorySwap)
        }
        if let pids = resources.pidsLimit { oci.pids = OCIPids(limit: pids) }
        return oci
    }
}
