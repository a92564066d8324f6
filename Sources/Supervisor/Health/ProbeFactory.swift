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
            guard let parsed = HTTPProbeURL(url), let address = SocketAddress(host: parsed.host, port: parsed.port) else {
                return .finished(ProbeOutcome(exitCode: 1, output: "cannot probe \(url): only IP addresses and localhost"))
            }
            return SocketProbeRun.start(.http(host: parsed.hostHeader, path: parsed.path), address: address, in: network)
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

/// `http://host[:port][/path]` of an HTTP probe.
struct HTTPProbeURL {
    var host: String
    var port: UInt16
    var path: String
    var hostHeader: String

    init?(_ url: String) {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let tail = rest.dropFirst(authority.count)
        path = tail.isEmpty ? "/" : (tail.hasPrefix("/") ? String(tail) : "/" + tail)
        hostHeader = String(authority)
        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        host = String(hostPart)
        if let portPart {
            guard let port = UInt16(portPart), port > 0 else { return nil }
            self.port = port
        } else {
            port = 80
        }
    }
}
