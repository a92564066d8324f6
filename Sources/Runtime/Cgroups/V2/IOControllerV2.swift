import OCISpec

/// cgroup v2 io: the OCI blkio weight as `io.bfq.weight` where BFQ is the
/// scheduler (same 10–1000 scale), else `io.weight` by runc's conversion
/// (10–1000 onto 1–10000); throttles as `io.max` lines.
enum IOControllerV2 {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory) throws(RuntimeError) {
        guard let io = limits.blockIO else { return }
        guard cgroup.has("io.max") else {
            throw RuntimeError(stage: "config", detail: "linux.resources.blockIO: the io controller is not available")
        }
        let bfq = cgroup.has("io.bfq.weight")
        if let weight = io.weight, weight > 0 {
            if bfq {
                try cgroup.write("io.bfq.weight", String(weight))
            } else {
                try cgroup.write("io.weight", "default \(ioWeight(blkio: UInt64(weight)))")
            }
        }
        for device in io.weightDevice ?? [] {
            guard let weight = device.weight, weight > 0 else { continue }
            if bfq {
                try cgroup.write("io.bfq.weight", "\(device.major):\(device.minor) \(weight)")
            } else {
                try cgroup.write("io.weight", "\(device.major):\(device.minor) \(ioWeight(blkio: UInt64(weight)))")
            }
        }
        let throttles: [(String, [OCIThrottleDevice]?)] = [
            ("rbps", io.throttleReadBpsDevice), ("wbps", io.throttleWriteBpsDevice),
            ("riops", io.throttleReadIOPSDevice), ("wiops", io.throttleWriteIOPSDevice),
        ]
        for (key, devices) in throttles {
            for device in devices ?? [] { try cgroup.write("io.max", "\(device.major):\(device.minor) \(key)=\(device.rate)") }
        }
    }

    static func ioWeight(blkio weight: UInt64) -> UInt64 {
        let clamped = min(max(weight, 10), 1000)
        return 1 + (clamped - 10) * 9999 / 990
    }
}
