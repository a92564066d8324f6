/// Huge page limits per page size ("2MB", "1GB"): v1
/// `hugetlb.SIZE.limit_in_bytes`, v2 `hugetlb.SIZE.max`.
enum HugetlbController {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory?, version: CgroupVersion) throws(RuntimeError) {
        guard let hugepages = limits.hugepageLimits, !hugepages.isEmpty else { return }
        for limit in hugepages {
            let file = "hugetlb.\(limit.pageSize)." + (version == .v1 ? "limit_in_bytes" : "max")
            guard let cgroup, cgroup.has(file) else {
                throw RuntimeError(stage: "config",
                                   detail: "linux.resources.hugepageLimits: no \(limit.pageSize) huge pages in the hugetlb controller")
            }
            try cgroup.write(file, String(limit.limit))
        }
    }
}
