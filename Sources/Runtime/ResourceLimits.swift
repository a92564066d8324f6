import CSpawn
import OCISpec

/// OCI `process.rlimits`, by name, as prlimit64 resource numbers.
enum ResourceLimits {
    static let resources: [String: Int32] = [
        "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4,
        "RLIMIT_RSS": 5, "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9,
        "RLIMIT_LOCKS": 10, "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13,
        "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
    ]

    static func cLimits(_ rlimits: [OCIRlimit]) throws(RuntimeError) -> [te_rlimit] {
        var seen: Set<String> = []
        return try rlimits.map { (limit) throws(RuntimeError) in
            guard let resource = resources[limit.type] else {
                throw RuntimeError(stage: "config", detail: "process.rlimits: unknown type \"\(limit.type)\"")
            }
            guard seen.insert(limit.type).inserted else {
                throw RuntimeError(stage: "config", detail: "process.rlimits: \(limit.type) is given twice")
            }
            guard limit.soft <= limit.hard else {
                throw RuntimeError(stage: "config", detail: "process.rlimits: \(limit.type) soft limit is above its hard limit")
            }
            return te_rlimit(resource: resource, soft: limit.soft, hard: limit.hard)
        }
    }
}
