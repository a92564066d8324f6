import ArgumentParser
import FoundationEssentials
import Glibc
import OCIRuntime
import OCISpec
import Runtime
import Supervisor
import TaskSpec

struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a running task's or OCI container's resource limits, live.",
        discussion: "Tasks and OCI containers take docker update's options (--cpus, --cpu-shares, --cpuset-cpus, --cpuset-mems, --memory, --memory-swap, --memory-reservation, --pids-limit, --blkio-weight); OCI containers also take runc's: -r FILE (or - for stdin) with OCI LinuxResources JSON, --cpu-quota, --cpu-period.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task or container id.") var id: String
    @Option(name: [.short, .long], help: "OCI containers: a LinuxResources JSON file, or - for stdin.") var resources: String?
    @Option(help: "OCI containers: CPU time per period, in microseconds.") var cpuQuota: Int64?
    @Option(help: "OCI containers: the CPU period, in microseconds.") var cpuPeriod: UInt64?
    @Option(help: "CPUs, e.g. 1.5.") var cpus: Double?
    @Option(help: "Memory limit, e.g. 256m (at least 6m).") var memory: String?
    @Option(parsing: .unconditional, help: "Memory plus swap, e.g. 512m; equal to --memory for no swap; -1 for unlimited swap.")
    var memorySwap: String?
    @Option(help: "Maximum number of processes; 0 or -1 for unlimited.") var pidsLimit: Int64?
    @Option(help: "Relative CPU weight, 2 to 262144 (1024 is the default).") var cpuShares: Int64?
    @Option(help: "CPUs the processes may run on, e.g. 0-3,6.") var cpusetCpus: String?
    @Option(help: "Memory nodes the processes may allocate on, e.g. 0.") var cpusetMems: String?
    @Option(help: "Soft memory limit, e.g. 128m (at most --memory).") var memoryReservation: String?
    @Option(help: "Relative block I/O weight, 10 to 1000.") var blkioWeight: Int64?

    /// docker update's checks, before anything is sent.
    func request() throws(CommandFailure) -> ResourceUpdate {
        var update = ResourceUpdate(pidsLimit: pidsLimit)
        if let cpus {
            let online = Double(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            guard cpus >= 0.01, cpus <= online else {
                throw .usage("--cpus: range of CPUs is from 0.01 to \(Int(online)), as there are only \(Int(online)) CPUs available")
            }
            update.cpus = cpus
        }
        if let memory {
            guard let bytes = Units.parseSize(memory) else { throw .usage("--memory: invalid size \"\(memory)\"") }
            guard bytes >= ResourceRules.minimumMemory else { throw .usage("--memory: minimum memory limit allowed is 6MB") }
            update.memory = bytes
        }
        if let memorySwap {
            if memorySwap == "-1" {
                update.memorySwap = -1
            } else {
                guard let bytes = Units.parseSize(memorySwap) else { throw .usage("--memory-swap: invalid size \"\(memorySwap)\"") }
                update.memorySwap = bytes
            }
        }
        if let cpuShares {
            guard ResourceRules.cpuShares.contains(cpuShares) else { throw .usage("--cpu-shares: must be from 2 to 262144") }
            update.cpuShares = UInt64(cpuShares)
        }
        for (flag, list, kind) in [("--cpuset-cpus", cpusetCpus, Preflight.CpusetKind.cpus), ("--cpuset-mems", cpusetMems, .mems)] {
            if let list, let problem = Preflight.unavailable(list, kind) { throw .usage("\(flag): \(problem)") }
        }
        update.cpusetCpus = cpusetCpus
        update.cpusetMems = cpusetMems
        if let memoryReservation {
            guard let bytes = Units.parseSize(memoryReservation) else {
                throw .usage("--memory-reservation: invalid size \"\(memoryReservation)\"")
            }
            guard bytes >= ResourceRules.minimumMemory else { throw .usage("--memory-reservation: minimum allowed is 6MB") }
            update.memoryReservation = bytes
        }
        if let blkioWeight {
            guard ResourceRules.blkioWeight.contains(blkioWeight) else { throw .usage("--blkio-weight: must be from 10 to 1000") }
            update.blkioWeight = UInt16(blkioWeight)
        }
        guard update != ResourceUpdate() else {
            throw .usage("nothing to update: give --cpus, --cpu-shares, --cpuset-cpus, --cpuset-mems, --memory, --memory-swap, --memory-reservation, --pids-limit or --blkio-weight")
        }
        return update
    }

    func run() throws {
        if let container = try global.container(id) {
            do {
                try container.update(try ociResources())
            } catch let error as ContainerError {
                throw CommandFailure(error)
            }
            return
        }
        guard resources == nil, cpuQuota == nil, cpuPeriod == nil else {
            throw CommandFailure.usage("--resources, --cpu-quota and --cpu-period apply to OCI containers; tasks take --cpus")
        }
        let update = try request()
        let state = try global.task(id)
        guard state.status == .running else { throw CommandFailure("task \(id) is not running", exitCode: 1) }
        try ControlClient.send(.update(update), to: id, global: global)
    }

    /// The document from -r, with runc's flags over it.
    func ociResources() throws(CommandFailure) -> OCILinuxResources {
        var document = OCILinuxResources()
        if let resources {
            let bytes: [UInt8]
            do {
                bytes = resources == "-" ? try HostFile.readAll(.standardInput) : try HostFile.readBytes(resources)
            } catch {
                throw .usage("--resources \(resources): \(error.reason)")
            }
            guard let decoded = try? JSONDecoder().decode(OCILinuxResources.self, from: Data(bytes)) else {
                throw .usage("--resources \(resources): not an OCI LinuxResources JSON document")
            }
            document = decoded
        }
        func size(_ text: String?, _ flag: String) throws(CommandFailure) -> Int64? {
            guard let text else { return nil }
            if text == "-1" { return -1 }
            guard let bytes = Units.parseSize(text) else { throw .usage("\(flag): invalid size \"\(text)\"") }
            return bytes
        }
        if let limit = try size(memory, "--memory") { document.memory = document.memory ?? OCIMemory(); document.memory?.limit = limit }
        if let swap = try size(memorySwap, "--memory-swap") { document.memory = document.memory ?? OCIMemory(); document.memory?.swap = swap }
        if let cpuQuota { document.cpu = document.cpu ?? OCICPU(); document.cpu?.quota = cpuQuota }
        if let cpuPeriod { document.cpu = document.cpu ?? OCICPU(); document.cpu?.period = cpuPeriod }
        if let cpus {
            let period = document.cpu?.period ?? ResourceRules.cpuPeriod
            document.cpu = document.cpu ?? OCICPU()
            document.cpu?.period = period
            document.cpu?.quota = ResourceRules.cpuQuota(cpus: cpus, period: period)
        }
        if let pidsLimit { document.pids = OCIPids(limit: pidsLimit) }
        // docker update's flags, checked as for tasks.
        if cpuShares != nil || cpusetCpus != nil || cpusetMems != nil || memoryReservation != nil || blkioWeight != nil {
            let update = try request()
            var cpu = document.cpu ?? OCICPU()
            cpu.shares = update.cpuShares ?? cpu.shares
            cpu.cpus = update.cpusetCpus ?? cpu.cpus
            cpu.mems = update.cpusetMems ?? cpu.mems
            document.cpu = cpu
            if let reservation = update.memoryReservation {
                document.memory = document.memory ?? OCIMemory()
                document.memory?.reservation = reservation
            }
            if let weight = update.blkioWeight {
                document.blockIO = document.blockIO ?? OCIBlockIO()
                document.blockIO?.weight = weight
            }
        }
        return document
    }
}
