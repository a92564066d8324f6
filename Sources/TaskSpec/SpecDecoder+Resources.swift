/// `resources`: limits with docker's meanings and docker's lower bounds.
extension SpecDecoder {
    static let resourceFields = ["cpus", "memory", "memory_swap", "pids_limit"]

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
