/// `resources`: limits with docker's meanings and docker's lower bounds.
extension SpecDecoder {
    static let resourceFields = ["cpus", "memory", "memory_swap", "pids_limit", "cpu_shares", "cpuset_cpus", "cpuset_mems",
                                 "memory_reservation", "blkio_weight"]

    static func decodeResources(_ field: SpecField) throws(SpecError) -> TaskSpec.Resources {
        let fields = try field.object(fields: resourceFields)
        var resources = TaskSpec.Resources()
        if let field = fields["cpus"] {
            let cpus = try field.double()
            guard cpus > 0, cpus <= 1024 else { throw field.path.error("must be greater than 0 and at most 1024") }
            resources.cpus = cpus
        }
        if let field = fields["memory"] {
            let memory = try field.size()
            guard memory >= ResourceRules.minimumMemory else { throw field.path.error("minimum memory limit is 6m") }
            resources.memory = memory
        }
        if let field = fields["memory_swap"] {
            let swap = try decodeMemorySwap(field)
            if swap != -1 {
                guard let memory = resources.memory else { throw field.path.error("requires resources.memory") }
                guard swap >= memory else { throw field.path.error("must be at least resources.memory") }
            }
            resources.memorySwap = swap
        }
        if let field = fields["pids_limit"] {
            resources.pidsLimit = try field.int64()
        }
        if let field = fields["cpu_shares"] {
            let shares = try field.int64()
            guard shares == 0 || ResourceRules.cpuShares.contains(shares) else {
                throw field.path.error("must be 0 (the default) or from 2 to 262144")
            }
            resources.cpuShares = shares == 0 ? nil : UInt64(shares)
        }
        for (name, keyPath) in [("cpuset_cpus", \TaskSpec.Resources.cpusetCpus), ("cpuset_mems", \TaskSpec.Resources.cpusetMems)] {
            guard let field = fields[name] else { continue }
            let list = try field.string()
            guard ResourceRules.cpusetMembers(list) != nil else {
                throw field.path.error("invalid list \"\(list)\": numbers and ranges like \"0-3,6\"")
            }
            resources[keyPath: keyPath] = list
        }
        if let field = fields["memory_reservation"] {
            let reservation = try field.size()
            guard reservation >= ResourceRules.minimumMemory else { throw field.path.error("minimum memory reservation is 6m") }
            if let problem = ResourceRules.reservationProblem(reservation: reservation, memory: resources.memory) {
                throw field.path.error(problem)
            }
            resources.memoryReservation = reservation
        }
        if let field = fields["blkio_weight"] {
            let weight = try field.int64()
            guard weight == 0 || ResourceRules.blkioWeight.contains(weight) else {
                throw field.path.error("must be 0 (the default) or from 10 to 1000")
            }
            resources.blkioWeight = weight == 0 ? nil : UInt16(weight)
        }
        return resources
    }

    /// A size, or -1 (integer or string) for unlimited swap.
    static func decodeMemorySwap(_ field: SpecField) throws(SpecError) -> Int64 {
        switch field.value {
        case .string("-1"), .number("-1"):
            return -1
        case .number:
            guard try field.int64() >= 0 else { throw field.path.error("must be a size or -1 (unlimited)") }
            return try field.size()
        default:
            return try field.size()
        }
    }
}
