import Foundation
import Testing

/// Issue 20: what a hostile image, a hostile task or a careless agent did to
/// the node, each reproduced and checked on the host afterwards.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct HardeningTests {
    let h = Harness()

    /// `delete ..` once removed the whole --root, the data root and a sibling file.
    @Test(arguments: ["..", ".", "../x", "a/b", "/etc", ""])
    func verbsRefuseAnIdThatIsNotAnID(_ id: String) throws {
        defer { h.cleanUp() }
        // A state.json in the parent of --root, as in the attack.
        let root = h.root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let sibling = h.scratch + "/state.json"
        FileManager.default.createFile(atPath: sibling, contents: Data("{}".utf8))
        for verb in [["delete", "--force", id], ["delete", id], ["state", id], ["kill", id], ["stop", id], ["logs", id], ["events", id]] {
            let result = h.taskexec(verb)
            #expect(result.code == 2, "\(verb): \(result.code) \(result.stderr)")
            #expect(result.stderr.contains("invalid id"), "\(verb): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: root))
        #expect(FileManager.default.fileExists(atPath: sibling))
    }

    /// `--cgroup-parent ../..` once made directories outside the cgroup filesystem.
    @Test(arguments: ["../../tmp/escape", "a/../../b", "./x", "slice:prefix:name"])
    func aCgroupParentWithDotDotIsAUsageError(_ parent: String) {
        defer { h.cleanUp() }
        let spec = h.writeSpec(h.spec("cgp", ["true"]))
        let result = h.taskexec(["run", "--cgroup-parent", parent, spec])
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--cgroup-parent"))
        #expect(h.state("cgp") == nil)
        #expect(!FileManager.default.fileExists(atPath: "/sys/fs/tmp/escape") && !FileManager.default.fileExists(atPath: "/tmp/escape"))
    }
}
