import Foundation
import Testing

/// Kubernetes' path: containerd's CRI plugin with taskexec as a runtime
/// handler, driven by a small CRI client (Tests/Clients/cri_client.py, Python
/// grpcio with a subset of the CRI v1 proto) through a pod's whole life as a
/// kubelet drives it: sandbox, container with kubelet-style cpu shares, quota
/// and memory limit, exec, update, stats, stop, the CRI log file, removal.
/// The same pod with the `runc` handler, so the test checks the contract.
@Suite(.enabled(if: Containerd.canRun && CRIClient.canRun, CRIClient.skipReason))
struct CRITests {
    @Test(arguments: RuntimeUnderTest.all)
    func aPodRunsThroughItsWholeLife(_ runtime: RuntimeUnderTest) throws {
        let containerd = try Containerd()
        defer { containerd.cleanUp() }
        let result = Podman.execute("/usr/bin/env", [
            "python3", CRIClient.script, "--endpoint", "unix://" + containerd.socket, "--image", Containerd.image,
            "--scratch", containerd.scratch + "/cri", "--handler", runtime.name], timeout: 300)
        #expect(result.code == 0, "\(result.stderr)\n\(containerd.daemonLog)")

        // The client checks each step itself; the headline values again here.
        let observed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                    "no JSON: \(result.stdout)")
        let exec = observed["ExecSync"] as? [String: Any]
        #expect(exec?["stdout"] as? String == "out\n" && exec?["exit_code"] as? Int == 3, "\(String(describing: exec))")
        let limits = observed["cgroup_after_update"] as? [String: Any]
        let v1 = limits?["v1"] as? [String: Any], v2 = limits?["v2"] as? [String: Any]
        let memory = (CgroupFiles.isV2 ? v2?["memory.max"] : v1?["memory.limit_in_bytes"]) as? String
        #expect(memory == String(96 << 20), "\(String(describing: limits))")
    }
}

enum CRIClient {
    static let script = Harness.packageRoot + "/Tests/Clients/cri_client.py"
    /// grpcio and grpcio-tools, which `make test` installs with pip.
    static let canRun = Podman.execute("/usr/bin/env", ["python3", "-c", "import grpc, grpc_tools"], timeout: 60).code == 0
    static let skipReason: Comment = "needs containerd and python3's grpcio and grpcio-tools (make cri-test-deps)"
}
