import ArgumentParser
import Runtime
import Supervisor

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Run the task's health probe once, now, and print its result (exit 0 healthy, 1 not).",
        discussion: "The result is not recorded in the task's health status; the monitor keeps its own schedule.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String

    func run() throws {
        let state = try global.task(id)
        guard let record = state.healthcheck, let test = record.probe, test != .none else {
            throw CommandFailure("task \(id) has no healthcheck", exitCode: 1)
        }
        guard state.status == .running, let pid = state.pid, let start = state.pidStartTime,
              ProcStat.isSameProcess(pid: pid, startTime: start) else {
            throw CommandFailure("task \(id) is not running", exitCode: 1)
        }
        let target = try ContainerTarget.open(pid: pid, namespaces: state.namespaces)
        let network: NetworkNamespace
        do {
            network = try NetworkNamespace(pid: state.namespaces.contains(.network) ? pid : nil)
        } catch {
            throw CommandFailure("open network namespace: \(error.reason)")
        }
        let outcome = ProbeFactory(test: test, base: state.process, target: target, network: network, cgroup: state.cgroup?.open(),
                                   seccomp: try global.seccompProgram(of: state))
            .probeOnce(timeout: record.timeoutDuration)
        print(outcome.output)
        if outcome.exitCode != 0 { throw ExitCode(1) }
    }
}
