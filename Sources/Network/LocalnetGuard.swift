import Runtime

/// portmap's `snat` (needed so a published port answers on the host's
/// 127.0.0.1) sets `route_localnet` on the bridge, and then a task that can
/// write raw frames reaches services bound to the host's loopback only
/// (CVE-2020-8558's class). Kubernetes' answer, here too: in the host's
/// INPUT, drop packets for 127.0.0.0/8 that arrive on any interface but
/// `lo`, unless they belong to a connection the host made or DNAT'ed (the
/// replies of a published port reached from 127.0.0.1 are those).
/// One shared chain, made once and kept, like the CNI plugins' own chains.
public enum LocalnetGuard {
    static let chain = "TASKEXEC-LOCALNET"
    static let rule = ["!", "-i", "lo", "-d", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT",
                       "-m", "comment", "--comment", "taskexec: no task reaches the loopback of the host", "-j", "DROP"]

    /// Makes sure the chain, its rule and the jump from INPUT are there.
    public static func ensure(iptables: String = "/usr/sbin/iptables") throws(NetworkError) {
        func call(_ arguments: [String]) -> Bool {
            let output = try? HostCommand.run(iptables, arguments: ["-w", "5"] + arguments,
                                             environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], stdin: [], timeout: 30)
            return output?.status.exitCode == 0
        }
        if !call(["-t", "filter", "-L", chain, "-n"]) { _ = call(["-t", "filter", "-N", chain]) }
        if !call(["-t", "filter", "-C", chain] + rule) && !call(["-t", "filter", "-A", chain] + rule) {
            throw NetworkError("iptables: cannot add the loopback guard to \(chain)")
        }
        if !call(["-t", "filter", "-C", "INPUT", "-j", chain]) && !call(["-t", "filter", "-I", "INPUT", "1", "-j", chain]) {
            throw NetworkError("iptables: cannot jump from INPUT to \(chain)")
        }
    }
}
