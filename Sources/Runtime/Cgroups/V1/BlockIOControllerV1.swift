import OCISpec

/// cgroup v1 blkio: weights (`blkio.weight`, or BFQ's `blkio.bfq.weight`
/// where the kernel has it) and throttles (`blkio.throttle.*_device`),
/// with runc's file choice; a weight on a kernel with neither file fails.
enum BlockIOControllerV1 {
    static func apply(_ limits: CgroupLimits, to cgroup: CgroupDirectory?) throws(RuntimeError) {
        guard let io = limits.blockIO else { return }
        guard let cgroup else {
            throw RuntimeError(stage: "config", detail: "linux.resources.blockIO: the blkio controller is not mounted")
        }
        let bfq = cgroup.has("blkio.bfq.weight")
        if let weight = io.weight, weight > 0 { try cgroup.write(bfq ? "blkio.bfq.weight" : "blkio.weight", String(weight)) }
        if let weight = io.leafWeight, weight > 0 { try cgroup.write("blkio.leaf_weight", String(weight)) }
        for device in io.weightDevice ?? [] {
            if let weight = device.weight, weight > 0 {
                try cgroup.write(bfq ? "blkio.bfq.weight_device" : "blkio.weight_device", "\(device.major):\(device.minor) \(weight)")
            }
            if let weight = device.leafWeight, weight > 0 {
                try cgroup.write("blkio.leaf_weight_device", "\(device.major):\(device.minor) \(weight)")
            }
        }
        let throttles: [(String, [OCIThrottleDevice]?)] = [
            ("blkio.throttle.read_bps_device", io.throttleReadBpsDevice),
            ("blkio.throttle.write_bps_device", io.throttleWriteBpsDevice),
            ("blkio.throttle.read_iops_device", io.throttleReadIOPSDevice),
            ("blkio.throttle.write_iops_device", io.throttleWriteIOPSDevice),
        ]
        for (file, devices) in throttles {
            for device in devices ?? [] { try cgroup.write(file, "\(device.major):\(device.minor) \(device.rate)") }
        }
    }
}
