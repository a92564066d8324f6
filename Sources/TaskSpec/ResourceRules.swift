/// docker's meanings for resource numbers, in one place for the spec
/// decoder, the translation, `taskexec update` and its control message.
public enum ResourceRules {
    /// The CFS period `cpus` is spread over, in µs (docker's).
    public static let cpuPeriod: UInt64 = 100_000

    /// Below this the kernel's own use of a cgroup fails the task at once (docker's minimum).
    public static let minimumMemory: Int64 = 6 * 1024 * 1024

    /// `cpus` as CPU time per period, rounded to the nearest µs (docker's
    /// NanoCPUs arithmetic rounds the same way).
    public static func cpuQuota(cpus: Double, period: UInt64 = cpuPeriod) -> Int64 {
        Int64((cpus * Double(period)).rounded())
    }

    /// v1 `cpu.shares` bounds (docker's and the kernel's); 0 means the default.
    public static let cpuShares: ClosedRange<Int64> = 2...262_144

    /// `--blkio-weight` bounds (docker's); 0 means the default.
    public static let blkioWeight: ClosedRange<Int64> = 10...1000

    /// The members of a cpuset list as the kernel writes it ("0-3,6"):
    /// numbers and ascending ranges, comma-separated; nil if malformed.
    public static func cpusetMembers(_ list: String) -> Set<Int>? {
        var members: Set<Int> = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let low = Int(bounds[0]), let high = Int(bounds.last!), low <= high, high < 65_536 else { return nil }
            members.formUnion(low...high)
        }
        return members
    }

    /// Why a memory reservation cannot go with this limit, or nil (docker's check).
    public static func reservationProblem(reservation: Int64?, memory: Int64?) -> String? {
        guard let reservation, let memory, reservation > memory else { return nil }
        return "must not be greater than the memory limit (\(memory))"
    }
}
