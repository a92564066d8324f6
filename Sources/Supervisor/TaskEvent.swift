import Runtime

/// One line of the event stream (design.md §3).
public struct TaskEvent: Sendable {
    public enum Kind: String, Sendable {
        case created, started, healthStatus = "health_status", oom, updated, stopping, exited
        /// Something the agent must know that is not the task's doing: the
        /// node's disk full (log lines dropped, the state not written).
        case warning
    }

    public var time: String
    public var id: String
    public var type: Kind
    public var pid: Int32?
    public var exitCode: Int32?
    public var signal: String?
    public var oomKilled: Bool?
    public var reason: String?
    public var error: String?
    /// health_status: the new status, the streak and the last probe's output.
    public var health: HealthReport?
    /// updated: the limits now in force.
    public var resources: CgroupLimits?
    /// started: the task's address and published ports (bridge tasks).
    public var network: TaskState.NetworkRecord?

    public init(id: String, type: Kind, pid: Int32? = nil, exitCode: Int32? = nil, signal: String? = nil,
                oomKilled: Bool? = nil, reason: String? = nil, error: String? = nil, health: HealthReport? = nil,
                resources: CgroupLimits? = nil, network: TaskState.NetworkRecord? = nil) {
        self.time = Timestamp.now()
        self.id = id
        self.type = type
        self.pid = pid
        self.exitCode = exitCode
        self.signal = signal
        self.oomKilled = oomKilled
        self.reason = reason
        self.error = error
        self.health = health
        self.resources = resources
        self.network = network
    }

    /// The event as one JSON line, newline included: time, id and type first.
    public func jsonLine() -> [UInt8] {
        var line = JSONLine()
        line.add("time", time)
        line.add("id", id)
        line.add("type", type.rawValue)
        line.add("pid", pid)
        line.add("exit_code", exitCode)
        line.add("signal", signal)
        line.add("oom_killed", oomKilled)
        line.add("reason", reason)
        line.add("error", error)
        if let network {
            line.add("ip", network.ip)
            let ports = network.ports.map { port in
                var body = JSONLine()
                body.add("published", Int32(port.hostPort))
                body.add("target", Int32(port.containerPort))
                body.add("protocol", port.protocol)
                body.add("host_ip", port.hostIP)
                return body.text
            }
            line.add("ports", json: "[" + ports.joined(separator: ",") + "]")
        }
        if let health {
            var body = JSONLine()
            body.add("status", health.status.rawValue)
            body.add("failing_streak", Int32(clamping: health.failingStreak))
            body.add("output", health.log.last?.output ?? "")
            line.add("health", json: body.text)
        }
        if let resources {
            var body = JSONLine()
            if let quota = resources.cpuQuota { body.add("cpus", json: String(Double(quota) / Double(resources.cpuPeriod))) }
            body.add("memory", json: resources.memory.map(String.init))
            body.add("memory_swap", json: resources.memorySwap.map(String.init))
            body.add("pids_limit", json: resources.pids.map(String.init))
            if let shares = resources.cpuShares { body.add("cpu_shares", json: String(shares)) }
            if let cpus = resources.cpusetCpus { body.add("cpuset_cpus", cpus) }
            if let mems = resources.cpusetMems { body.add("cpuset_mems", mems) }
            if let reservation = resources.memoryReservation { body.add("memory_reservation", json: String(reservation)) }
            if let weight = resources.blockIO?.weight { body.add("blkio_weight", json: String(weight)) }
            line.add("resources", json: body.text)
        }
        return line.bytes
    }
}
