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

    /// A private copy of the busybox fixture the test may change.
    private func imageCopy(_ name: String) throws -> String {
        let rootfs = h.scratch + "/" + name
        #expect(OCILifecycleTests.shell("cp -a \(Harness.busybox) \(rootfs)") == 0)
        return rootfs
    }

    /// The image's /etc/passwd was read on the host without bound: a FIFO hung
    /// the supervisor, a sparse 50 GB file grew it by gigabytes.
    @Test(arguments: ["fifo", "sparse", "device"])
    func aHostilePasswdFileFailsTheStartAtOnce(_ kind: String) throws {
        defer { h.cleanUp() }
        let rootfs = try imageCopy("passwd-\(kind)")
        let passwd = rootfs + "/etc/passwd"
        try FileManager.default.removeItem(atPath: passwd)
        switch kind {
        case "fifo": #expect(mkfifo(passwd, 0o644) == 0)
        case "sparse": #expect(OCILifecycleTests.shell("truncate -s 50G \(passwd)") == 0)
        default: #expect(mknod(passwd, S_IFCHR | 0o644, 1 << 8 | 5) == 0)   // /dev/zero's numbers
        }
        var spec = h.spec("passwd-\(kind)", ["true"], ["user": "app"])
        spec["rootfs"] = rootfs
        let started = Date()
        let result = h.taskexec(["run", h.writeSpec(spec)], timeout: 30)
        #expect(Date().timeIntervalSince(started) < 10 * Harness.timeScale, "no hang")
        #expect(result.code != 0)
        #expect(result.stderr.contains("/etc/passwd"), "\(result.stderr)")
        #expect(h.state("passwd-\(kind)") == nil)
    }

    /// A running task swaps its /etc/passwd for a FIFO: `exec -u` must not hang.
    @Test func execAsAUserSurvivesAPasswdSwappedForAFIFO() throws {
        defer { h.cleanUp() }
        let rootfs = try imageCopy("passwd-swap")
        var spec = h.spec("swap", ["sleep", "60"])
        spec["rootfs"] = rootfs
        #expect(h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent, h.writeSpec(spec)]).code == 0)
        #expect(h.taskexec(["exec", "swap", "--", "sh", "-c", "rm /etc/passwd && mkfifo /etc/passwd"]).code == 0)
        let started = Date()
        let result = h.taskexec(["exec", "-u", "app", "swap", "--", "true"], timeout: 30)
        #expect(Date().timeIntervalSince(started) < 10 * Harness.timeScale, "no hang")
        #expect(result.code != 0 && result.stderr.contains("/etc/passwd"), "\(result.stderr)")
    }
}
