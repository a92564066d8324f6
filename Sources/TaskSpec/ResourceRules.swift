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
}
