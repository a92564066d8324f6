import Foundation
import Testing

/// Many runs leave the node as they found it.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct CleanupTests {
    let h = Harness()

    @Test func fiftyRunDeleteCyclesLeaveNothingBehind() throws {
        defer { h.cleanUp() }
        let marker = "taskexec-cycle-\(UUID().uuidString.prefix(8))"
        let mountsBefore = HostSnapshot.mountPoints()
        let spec = h.writeSpec(h.spec("cycle", ["sh", "-c", "echo \(marker) > /dev/null"],
                                      ["mounts": [["type": "tmpfs", "target": "/scratch"],
                                                  ["type": "volume", "source": "cyclevol", "target": "/data"]]]))
        for round in 0..<50 {
            let run = h.taskexec(["run", spec])
            #expect(run.code == 0, "round \(round): \(run.stderr)")
            let delete = h.taskexec(["delete", "cycle"])
            #expect(delete.code == 0, "round \(round): \(delete.stderr)")
        }
        #expect(HostSnapshot.mountPoints() == mountsBefore)
        // Only taskexec's own cache (a dot entry) may stay: no task's state.
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.root).filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.dataRoot + "/tasks").isEmpty)
        #expect(HostSnapshot.processes(mentioning: marker).isEmpty)
        #expect(HostSnapshot.processes(mentioning: h.root).isEmpty)
        // The volume is kept: volumes outlive tasks.
        #expect(FileManager.default.fileExists(atPath: h.dataRoot + "/volumes/cyclevol/_data"))
    }
}
