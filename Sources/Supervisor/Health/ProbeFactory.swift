import OCISpec
import Runtime
import TaskSpec

/// Starts the probe a healthcheck's `test` describes, against one running
/// task: namespace fds and the base process are taken once, not per probe.
public final class ProbeFactory {
    let test: TaskSpec.Healthcheck.Test
    let base: OCIProcess
    let target: ContainerTarget
    let network: NetworkNamespace
    let cgroup: TaskCgroup?
    let seccomp: SeccompProgram?

    public init(test: TaskSpec.Healthcheck.Test, base: OCIProcess, target: ContainerTarget, network: NetworkNamespace,
                cgroup: TaskCgroup?, seccomp: SeccompProgram?) {
        self.seccomp = seccomp
        self.test = test
        self.base = base
        self.target = target
        self.network = network
        self.cgroup = cgroup
    }

    func start() -> ProbeStart {
        switch test {
        case .none:
            return .finished(ProbeOutcome(exitCode: 0, output: ""))
        case .cmd(let argv):
            return ExecProbeRun.start(argv, base: base, target: target, cgroup: cgroup, seccomp: seccomp)
        case .cmdShell(let script):
            return ExecProbeRun.start(["/bin/sh", "-c", script], base: base, target: target, cgroup: cgroup, seccomp: seccomp)
        case .tcp(let port):
            guard let address = SocketAddress(host: "127.0.0.1", port: port) else { return .finished(ProbeOutcome(exitCode: 1, output: "bad port")) }
            return SocketProbeRun.start(.tcp, address: address, in: network)
        case .http(let url):
            guard let address = SocketAddress(host: url.address, port: url.port) else {
                return .finished(ProbeOutcome(exitCode: 1, output: "bad address \(url.address)"))
            }
            return SocketProbeRun.start(.http(host: url.hostHeader, path: url.path), address: address, in: network)
        }
    }

    /// One probe now, to its end or its timeout (`taskexec health`).
    public func probeOnce(timeout: Duration) -> ProbeOutcome {
        switch start() {
        case .finished(let outcome): return outcome
        case .running(let run): return runToCompletion(run, timeout: timeout.seconds, timeoutText: Units.formatDuration(timeout))
        }
    }
}
