import Foundation
import OCISpec
import Testing
@testable import Runtime

/// The v2 device program loaded and attached for real, on a cgroup of our
/// own in the unified hierarchy (on a hybrid host, /sys/fs/cgroup/unified:
/// device programs work there too), and a process in it opening devices.
@Suite(.enabled(if: getuid() == 0 && CgroupMounts.read().unifiedRoot != nil, "needs root and a cgroup2 mount"))
struct DeviceFilterKernelTests {
    let directory = CgroupMounts.read().unifiedRoot! + "/taskexec-devtest-" + UUID().uuidString.prefix(8)

    /// What `sh` reports for each open, run inside the test cgroup.
    func opens(_ paths: [String]) -> String {
        let script = "echo $$ > \(directory)/cgroup.procs || exit 9; " + paths.map { "if (exec < \($0)); then echo \($0) ok; else echo \($0) denied; fi" }.joined(separator: "; ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let out = Foundation.Pipe()
        process.standardOutput = out
        process.standardError = out
        try! process.run()
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func theProgramDecidesAndAnUpdateReplacesItWithoutAGap() throws {
        #expect(mkdir(directory, 0o755) == 0)
        defer { rmdir(directory) }
        try DeviceFilterV2.apply(DeviceProgram(DeviceRules.effective([])), to: directory)
        #expect(DeviceFilterV2.attachedPrograms(of: directory).count == 1)
        let before = opens(["/dev/null", "/dev/kmsg"])
        #expect(before.contains("/dev/null ok"), "\(before)")
        #expect(before.contains("/dev/kmsg denied"), "\(before)")

        // Allow kmsg, then take /dev/null away: each takes effect on the next open.
        let kmsg = OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 11, access: "r")
        try DeviceFilterV2.apply(DeviceProgram(DeviceRules.effective([kmsg])), to: directory)
        #expect(DeviceFilterV2.attachedPrograms(of: directory).count == 1, "the old program is detached")
        #expect(opens(["/dev/kmsg"]).contains("/dev/kmsg ok"))
        let noNull = [DeviceRules.denyAll, OCIDeviceCgroup(allow: true, type: "c", major: 1, minor: 9, access: "rwm")]
        try DeviceFilterV2.apply(DeviceProgram(noNull), to: directory)
        let after = opens(["/dev/null", "/dev/urandom", "/dev/kmsg"])
        #expect(after.contains("/dev/null denied"), "\(after)")
        #expect(after.contains("/dev/urandom ok"), "\(after)")
        #expect(after.contains("/dev/kmsg denied"), "\(after)")
    }
}
