import Foundation
import Testing

/// Secure by default, checked from inside with the fixture's own probe
/// program (rootfs-fixtures/probe.c): capabilities, no_new_privileges,
/// masked and read-only kernel paths, descriptors, and a regression test
/// for each runc CVE class, named after it.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct SecurityTests {
    let h = Harness()

    private func probe(_ id: String, _ script: String, _ extra: [String: Any] = [:]) -> Harness.Result {
        h.run(id, ["sh", "-c", script], extra)
    }

    private func field(_ output: String, _ name: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map { String($0.split(separator: "\t").last ?? "") }
    }

    @Test func capAddAndCapDropChangeTheSetsAsDockerDoes() {
        defer { h.cleanUp() }
        let result = probe("caps", "te-probe status; te-probe try chown; ip link add te0 type veth peer name te1 && echo link-added",
                           ["cap_add": ["net_admin"], "cap_drop": ["CAP_CHOWN"]])
        // Docker's 14 (a80425fb), plus NET_ADMIN (bit 12), minus CHOWN (bit 0).
        #expect(field(result.stdout, "CapEff") == "00000000a80435fa", "\(result.stdout)")
        #expect(field(result.stdout, "CapBnd") == "00000000a80435fa")
        #expect(field(result.stdout, "CapAmb") == "0000000000000000")
        #expect(result.stdout.contains("chown EPERM"))
        #expect(result.stdout.contains("link-added"), "\(result.stderr)")
        // Without NET_ADMIN the same is refused.
        let plain = probe("nocaps", "ip link add te0 type veth peer name te1 2>&1")
        #expect(plain.stdout.contains("Operation not permitted"))
    }

    @Test func allAndNonRootUsers() {
        defer { h.cleanUp() }
        let onlyOne = probe("only", "te-probe status", ["cap_drop": ["ALL"], "cap_add": ["KILL"]])
        #expect(field(onlyOne.stdout, "CapEff") == "0000000000000020")
        let everything = probe("all", "te-probe status", ["cap_add": ["ALL"], "cap_drop": ["SYS_ADMIN"]])
        let effective = UInt64(field(everything.stdout, "CapEff") ?? "", radix: 16) ?? 0
        #expect(effective & (1 << 21) == 0)          // SYS_ADMIN dropped
        #expect(effective & (1 << 12) != 0)          // NET_ADMIN there
        let app = probe("app", "te-probe status", ["user": "1000", "cap_add": ["NET_ADMIN"]])
        #expect(field(app.stdout, "CapEff") == "0000000000000000")
        #expect(field(app.stdout, "CapPrm") == "0000000000000000")
    }

    @Test func unknownCapabilityNamesAreSpecErrors() {
        defer { h.cleanUp() }
        let result = h.run("badcap", ["true"], ["cap_add": ["CAP_NOPE"]])
        #expect(result.code == 2)
        #expect(result.stderr == "taskexec: cap_add[0]: unknown capability \"CAP_NOPE\"\n")
    }

    @Test func noNewPrivileges() {
        defer { h.cleanUp() }
        #expect(field(probe("nnp", "te-probe status", ["no_new_privileges": true]).stdout, "NoNewPrivs") == "1")
        #expect(field(probe("nnp0", "te-probe status").stdout, "NoNewPrivs") == "0")
    }

    @Test func kernelInterfacesAreMaskedOrReadOnly() {
        defer { h.cleanUp() }
        let result = probe("masked", """
            wc -c < /proc/timer_list; ls -A /proc/acpi 2>/dev/null | wc -l; te-probe try sysctl
            grep -E ' /proc/(sys|timer_list) ' /proc/self/mountinfo | awk '{print $5, substr($6, 1, 2)}'
            echo 1 > /proc/sysrq-trigger 2>/dev/null || echo sysrq-refused
            """)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "0", "\(result.stdout)")     // timer_list is /dev/null
        #expect(lines.contains("sysctl EROFS"))
        #expect(lines.contains("/proc/sys ro"))
        #expect(lines.contains("/proc/timer_list ro"))
        #expect(lines.contains("sysrq-refused"))
    }

    @Test func defaultSeccompProfileBlocksWhatDockersBlocksAndOrdinaryWorkRuns() {
        defer { h.cleanUp() }
        let result = probe("seccomp", "te-probe status; for c in keyctl mount unshare; do te-probe try $c; done; ls / > /dev/null && echo ordinary-ok")
        #expect(field(result.stdout, "Seccomp") == "2", "\(result.stdout)")
        #expect(result.stdout.contains("keyctl EPERM"))
        #expect(result.stdout.contains("mount EPERM"))
        #expect(result.stdout.contains("unshare EPERM"))
        #expect(result.stdout.contains("ordinary-ok"))
        // A non-root user and an exec'd process are filtered too.
        #expect(field(probe("seccompapp", "te-probe status", ["user": "app"]).stdout, "Seccomp") == "2")
        #expect(h.taskexec(["run", "--detach", h.writeSpec(h.spec("seccompexec", ["sleep", "30"]))]).code == 0)
        #expect(h.taskexec(["exec", "seccompexec", "--", "te-probe", "try", "keyctl"]).stdout == "keyctl EPERM\n")
        // The state names the profile; the compiled filter lies beside it, and without it exec refuses to run unfiltered.
        let recorded = h.state("seccompexec")?["seccomp"] as? [String: Any]
        #expect(recorded?["profile"] as? String == "default", "\(String(describing: recorded))")
        let filter = h.root + "/seccompexec/seccomp.bpf"
        let size = (try? FileManager.default.attributesOfItem(atPath: filter)[.size] as? Int) ?? 0
        #expect(size > 0 && size == 8 * ((recorded?["instructions"] as? Int) ?? -1), "\(size) bytes")
        try? FileManager.default.removeItem(atPath: filter)
        let unfiltered = h.taskexec(["exec", "seccompexec", "--", "te-probe", "try", "keyctl"])
        #expect(unfiltered.code != 0 && unfiltered.stdout.isEmpty && unfiltered.stderr.contains("seccomp.bpf"), "\(unfiltered)")
    }

    @Test func unconfinedLiftsTheFilter() {
        defer { h.cleanUp() }
        let result = probe("unconfined", "te-probe status; te-probe try keyctl", ["seccomp": "unconfined"])
        #expect(field(result.stdout, "Seccomp") == "0")
        #expect(result.stdout.contains("keyctl ok"))
    }

    @Test func aCustomProfileIsHonouredAndAMalformedOneIsASpecError() throws {
        defer { h.cleanUp() }
        let custom = h.scratch + "/profile.json"
        try #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}"#
            .write(toFile: custom, atomically: true, encoding: .utf8)
        let result = probe("custom", "mkdir /tmp/x 2>&1; te-probe try keyctl", ["seccomp": custom])
        #expect(result.stdout.contains("Permission denied"), "\(result.stdout)")   // errno 13 from the profile
        #expect(result.stdout.contains("keyctl ok"))
        // exec'd processes get the task's custom filter, not the default one.
        #expect(h.taskexec(["run", "--detach", h.writeSpec(h.spec("customexec", ["sleep", "30"], ["seccomp": custom]))]).code == 0)
        let exec = h.taskexec(["exec", "customexec", "--", "sh", "-c", "mkdir /tmp/y 2>&1; te-probe try keyctl"])
        #expect(exec.stdout.contains("Permission denied") && exec.stdout.contains("keyctl ok"), "\(exec.stdout)")
        #expect((h.state("customexec")?["seccomp"] as? [String: Any])?["profile"] as? String == custom)
        let broken = h.scratch + "/broken.json"
        try #"{"defaultAction": "SCMP_ACT_NOPE"}"#.write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = h.run("broken", ["true"], ["seccomp": broken])
        #expect(refused.code == 2)
        #expect(refused.stderr.hasPrefix("taskexec: seccomp: "), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.root + "/broken"))
    }

    /// CVE-2024-21626: runc leaked a descriptor of a host cgroup directory
    /// into the container, usable as a working directory on the host. No
    /// descriptor of taskexec reaches the task, an exec'd process or a probe.
    @Test func cve_2024_21626_noDescriptorOfTaskexecLeaks() throws {
        defer { h.cleanUp() }
        let own = probe("fds", "te-probe fds")
        #expect(own.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["0", "1", "2"], "\(own.stdout)")
        #expect(h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent, h.writeSpec(h.spec("fdexec", ["sleep", "30"], [
            "healthcheck": ["test": ["CMD-SHELL", "te-probe fds > /tmp/probe-fds"], "interval": "30ms"]]))]).code == 0)
        let exec = h.taskexec(["exec", "fdexec", "--", "te-probe", "fds"])
        #expect(exec.stdout.split(separator: "\n").count == 3, "\(exec.stdout)")
        #expect(Harness.eventually { h.taskexec(["exec", "fdexec", "--", "cat", "/tmp/probe-fds"]).stdout.split(separator: "\n").count == 3 })
        #expect(!exec.stdout.contains("cgroup") && !exec.stdout.contains("/run/"))
    }

    /// CVE-2019-5736: a container overwrote the host's runc through
    /// /proc/PID/exe of the process entering it. taskexec's binary is never
    /// reachable from inside: the entering process is non-dumpable until
    /// execve, and no process of the task's pid namespace runs taskexec.
    @Test func cve_2019_5736_taskexecsBinaryIsNeverReachable() throws {
        defer { h.cleanUp() }
        #expect(h.taskexec(["run", "--detach", h.writeSpec(h.spec("exe", ["sleep", "30"]))]).code == 0)
        let seen = h.taskexec(["exec", "exe", "--", "sh", "-c", "ls -l /proc/[0-9]*/exe 2>/dev/null | sed 's/.*-> //' | sort -u"])
        let targets = seen.stdout.split(separator: "\n").map(String.init)
        #expect(!targets.isEmpty)
        #expect(targets.allSatisfy { $0 == "/bin/busybox" }, "\(targets)")
    }

    /// CVE-2021-30465 and CVE-2024-45310: symlinks in the image redirected
    /// runc's mounts, and the files and directories it created for them,
    /// onto the host. Targets (and workdir) resolve inside the rootfs.
    @Test func cve_2021_30465_and_2024_45310_symlinksNeverLeadOntoTheHost() throws {
        defer { h.cleanUp() }
        let marker = "taskexec-cve-\(UUID().uuidString.prefix(8))"
        let mountsBefore = HostSnapshot.mountPoints()
        // /up -> ../../../../../../../tmp, /data -> /etc: the created directory,
        // file and workdir must appear inside the rootfs, never on the host.
        let result = h.taskexec(["run", h.writeSpec([
            "id": "cve", "rootfs": Harness.busyboxSymlinks, "workdir": "/data/\(marker)-workdir",
            "command": ["sh", "-c", "pwd; touch /up/\(marker)-created/x 2>/dev/null; true"],
            "mounts": [["type": "tmpfs", "target": "/up/\(marker)-dir"],
                       ["type": "bind", "source": "/etc/hostname", "target": "/data/\(marker)-file", "readonly": true]],
        ])])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "/etc/\(marker)-workdir\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(marker)-dir"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(marker)-file"))
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(marker)-workdir"))
        #expect(FileManager.default.fileExists(atPath: Harness.busyboxSymlinks + "/tmp/\(marker)-dir"))
        #expect(FileManager.default.fileExists(atPath: Harness.busyboxSymlinks + "/etc/\(marker)-workdir"))
        #expect(HostSnapshot.mountPoints() == mountsBefore)
        for leftover in ["/tmp/\(marker)-dir", "/etc/\(marker)-file", "/etc/\(marker)-workdir"] {
            try? FileManager.default.removeItem(atPath: Harness.busyboxSymlinks + leftover)
        }
    }

    /// /dev entries of the image that are symlinks are never followed: /dev
    /// is a fresh tmpfs with nodes made by taskexec.
    @Test func imageDevSymlinksAreNotFollowed() throws {
        defer { h.cleanUp() }
        let dev = Harness.busyboxSymlinks + "/dev/null"
        try? FileManager.default.removeItem(atPath: dev)
        try FileManager.default.createSymbolicLink(atPath: dev, withDestinationPath: "/etc/hostname")
        defer { try? FileManager.default.removeItem(atPath: dev) }
        let before = try String(contentsOfFile: "/etc/hostname", encoding: .utf8)
        let result = h.taskexec(["run", h.writeSpec([
            "id": "devlink", "rootfs": Harness.busyboxSymlinks, "command": ["sh", "-c", "echo overwritten > /dev/null; stat -c %F /dev/null"],
        ])])
        #expect(result.stdout == "character special file\n", "\(result.stderr)")
        #expect(try String(contentsOfFile: "/etc/hostname", encoding: .utf8) == before)
    }
}
