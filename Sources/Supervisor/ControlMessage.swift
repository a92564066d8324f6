import OCISpec
import Runtime
import TaskSpec

/// The one-line requests a CLI verb sends to a task's supervisor over its
/// control socket, and the one-line answers (`ok` or `error: ...`).
public enum ControlMessage: Equatable, Sendable {
    /// Graceful stop: the stop signal, then SIGKILL after `grace` seconds (nil: the task's own period).
    case stop(grace: Double?)
    case kill(signal: Int32)
    /// New limits; nil fields stay as they are.
    case update(ResourceUpdate)

    public var line: String {
        switch self {
        case .stop(let grace): return "stop \(grace.map { String($0) } ?? "-")\n"
        case .kill(let signal): return "kill \(signal)\n"
        case .update(let update): return "update \(update.words.joined(separator: " "))\n"
        }
    }

    public init?(line: String) {
        let words = line.split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("stop", 2): self = .stop(grace: words[1] == "-" ? nil : Double(words[1]))
        case ("kill", 2):
            guard let signal = Int32(words[1]) else { return nil }
            self = .kill(signal: signal)
        case ("update", _):
            guard let update = ResourceUpdate(words: words.dropFirst()) else { return nil }
            self = .update(update)
        default: return nil
        }
    }
}

/// The limits `taskexec update` changes (docker update's), already validated.
public struct ResourceUpdate: Equatable, Sendable {
    public var cpus: Double?
    public var memory: Int64?
    public var memorySwap: Int64?
    public var pidsLimit: Int64?
    public var cpuShares: UInt64?
    public var cpusetCpus: String?
    public var cpusetMems: String?
    public var memoryReservation: Int64?
    public var blkioWeight: UInt16?

    public init(cpus: Double? = nil, memory: Int64? = nil, memorySwap: Int64? = nil, pidsLimit: Int64? = nil) {
        self.cpus = cpus
        self.memory = memory
        self.memorySwap = memorySwap
        self.pidsLimit = pidsLimit
    }

    var words: [String] {
        [cpus.map { "cpus=\($0)" }, memory.map { "memory=\($0)" }, memorySwap.map { "memory_swap=\($0)" },
         pidsLimit.map { "pids_limit=\($0)" }, cpuShares.map { "cpu_shares=\($0)" }, cpusetCpus.map { "cpuset_cpus=\($0)" },
         cpusetMems.map { "cpuset_mems=\($0)" }, memoryReservation.map { "memory_reservation=\($0)" },
         blkioWeight.map { "blkio_weight=\($0)" }].compactMap { $0 }
    }

    init?<S: Sequence>(words: S) where S.Element == String {
        for word in words {
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "cpus": cpus = Double(pair[1])
            case "memory": memory = Int64(pair[1])
            case "memory_swap": memorySwap = Int64(pair[1])
            case "pids_limit": pidsLimit = Int64(pair[1])
            case "cpu_shares": cpuShares = UInt64(pair[1])
            case "cpuset_cpus": cpusetCpus = pair[1]
            case "cpuset_mems": cpusetMems = pair[1]
            case "memory_reservation": memoryReservation = Int64(pair[1])
            case "blkio_weight": blkioWeight = UInt16(pair[1])
            default: return nil
            }
        }
    }

    /// The limits after this update, or why they cannot be (docker's checks
    /// against the limits in force).
    public func applied(to current: CgroupLimits) -> Result<CgroupLimits, UpdateRefusal> {
        var limits = current
        if let cpus { limits.cpuQuota = ResourceRules.cpuQuota(cpus: cpus, period: limits.cpuPeriod) }
        if let memory { limits.memory = memory }
        if let memorySwap { limits.memorySwap = memorySwap }
        if let pidsLimit { limits.pids = pidsLimit }
        if let cpuShares { limits.cpuShares = cpuShares }
        if let cpusetCpus { limits.cpusetCpus = cpusetCpus }
        if let cpusetMems { limits.cpusetMems = cpusetMems }
        if let memoryReservation { limits.memoryReservation = memoryReservation }
        if let blkioWeight {
            var blockIO = limits.blockIO ?? OCIBlockIO()
            blockIO.weight = blkioWeight
            limits.blockIO = blockIO
        }
        if let problem = ResourceRules.reservationProblem(reservation: limits.memoryReservation, memory: limits.memory) {
            return .failure(UpdateRefusal(message: "memory reservation \(problem): update --memory too"))
        }
        if let swap = limits.memorySwap, swap >= 0 {
            guard let memory = limits.memory else {
                return .failure(UpdateRefusal(message: "memory-swap needs a memory limit: set --memory too"))
            }
            guard memory <= swap else {
                return .failure(UpdateRefusal(message: "memory limit (\(memory)) should be smaller than the memory-swap limit (\(swap)): update --memory-swap too"))
            }
        }
        return .success(limits)
    }
}

public struct UpdateRefusal: Error, Equatable {
    public var message: String
}
