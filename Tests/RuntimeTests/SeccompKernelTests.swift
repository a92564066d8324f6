import CSeccomp
import Glibc
import Testing
@testable import Runtime

/// The compiled bytes installed for real: on a thread of its own (a filter
/// without TSYNC binds only the calling thread, and no_new_privs is per
/// thread too), which then makes a few calls and ends, filter and all.
@Suite struct SeccompKernelTests {
    /// Runs `body` on a new thread after installing `program` there; the
    /// install's result (0 or -errno) comes first.
    func onFilteredThread(_ program: SeccompProgram, _ body: @escaping () -> [String: Int32]) -> (Int32, [String: Int32]) {
        final class Box {
            let program: SeccompProgram
            let body: () -> [String: Int32]
            var installed: Int32 = 0
            var results: [String: Int32] = [:]
            init(_ program: SeccompProgram, _ body: @escaping () -> [String: Int32]) {
                self.program = program
                self.body = body
            }
        }
        let box = Box(program, body)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeUnretainedValue()
            box.installed = box.program.bytes.withUnsafeBytes {
                te_seccomp_install_on_thread($0.baseAddress, UInt16(box.program.instructionCount))
            }
            if box.installed == 0 { box.results = box.body() }
            return nil
        }, Unmanaged.passUnretained(box).toOpaque())
        precondition(started == 0)
        pthread_join(thread, nil)
        return (box.installed, box.results)
    }

    /// errno of a call that returns -1 on failure, or 0.
    static func errnoOf(_ result: Int32) -> Int32 { result == -1 ? errno : 0 }

    static func seccompMode() -> Int32 {
        guard let status = try? HostFile.readString("/proc/thread-self/status") else { return -1 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("Seccomp:") }
        return line.flatMap { Int32(String($0.dropFirst(8).filter { $0 != " " && $0 != "\t" })) } ?? -1
    }

    @Test func defaultProfileBlocksInTheKernel() throws {
        let program = try SeccompCompiler.compile(.default, capabilities: ["CAP_CHOWN"])
        let (installed, results) = onFilteredThread(program) {
            [
                "mode": Self.seccompMode(),
                // Without the filter: ENOENT (root) or EPERM (not root) for chroot; ENOENT or EPERM for mount.
                "chroot": Self.errnoOf(chroot("/nonexistent-taskexec-seccomp")),
                "mount": Self.errnoOf(mount("none", "/nonexistent-taskexec-seccomp", "tmpfs", 0, nil)),
                "getpid": getpid() > 0 ? 0 : 1,
            ]
        }
        #expect(installed == 0)
        #expect(results["mode"] == 2)  // SECCOMP_MODE_FILTER, read through open/read under the filter
        #expect(results["chroot"] == EPERM)
        #expect(results["mount"] == EPERM)
        #expect(results["getpid"] == 0)
        #expect(Self.seccompMode() == 0, "the test's own thread stays unfiltered")
    }

    @Test func customErrnoReachesTheCaller() throws {
        let profile = try SeccompProfile.decode(Array("""
        {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 95},
          {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22, "args": [{"index": 3, "value": 0, "op": "SCMP_CMP_EQ"}]}
        ]}
        """.utf8), source: "test")
        let program = try SeccompCompiler.compile(profile, capabilities: [])
        let (installed, results) = onFilteredThread(program) {
            ["chroot": Self.errnoOf(chroot("/nonexistent-taskexec-seccomp")),
             "mount": Self.errnoOf(mount("none", "/nonexistent-taskexec-seccomp", "tmpfs", 0, nil))]
        }
        #expect(installed == 0)
        #expect(results["chroot"] == EOPNOTSUPP)
        #expect(results["mount"] == EINVAL)
    }
}
