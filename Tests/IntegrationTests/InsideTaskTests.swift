import Foundation
import Testing

/// What a task sees from inside: checked by the task's own commands.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct InsideTaskTests {
    let h = Harness()
    init() {}

    @Test func initIsPidOneInItsOwnPidNamespace() {
        defer { h.cleanUp() }
        let result = h.run("pid1", ["sh", "-c", "echo $$; ls /proc | grep -c '^[0-9]'"])
        #expect(result.code == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "1")
        // Only sh, ls and grep's processes exist: no host process is visible.
        #expect(Int(lines.last ?? "") ?? 99 <= 4)
    }

    @Test func hostnameIsTheSpecs() {
        defer { h.cleanUp() }
        let result = h.run("host.name", ["hostname"], ["hostname": "web-1"])
        #expect(result.stdout == "web-1\n")
        let byDefault = h.run("my_task", ["hostname"])
        #expect(byDefault.stdout == "my-task\n")
    }

    @Test func userByNameGetsItsGroupsFromTheImage() {
        defer { h.cleanUp() }
        let result = h.run("user", ["id"], ["user": "app"])
        #expect(result.stdout == "uid=1000(app) gid=1000(app) groups=50(staff)\n", "\(result.stderr)")
    }

    @Test func numericUserAndGroup() {
        defer { h.cleanUp() }
        let result = h.run("uidgid", ["sh", "-c", "id -u; id -g; cat /proc/self/status | grep -E '^(Uid|Gid|CapEff)'"],
                           ["user": "1234:5678"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["1234", "5678"], "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("Uid:") && $0.split(separator: "\t").dropFirst().allSatisfy { $0 == "1234" } })
        // A non-root user has no effective capabilities.
        #expect(lines.contains("CapEff:\t0000000000000000"))
    }

    @Test func rootGetsDockersDefaultCapabilities() {
        defer { h.cleanUp() }
        let result = h.run("caps", ["sh", "-c", "grep -E '^Cap(Eff|Bnd)' /proc/self/status"])
        // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP
        #expect(result.stdout == "CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n", "\(result.stderr)")
    }

    @Test func environmentHasDefaultsAndTheSpecs() {
        defer { h.cleanUp() }
        let result = h.run("env", ["env"], ["env": ["GREETING=hello", "HOME=/srv"], "hostname": "envhost"])
        let vars = Set(result.stdout.split(separator: "\n").map(String.init))
        #expect(vars.contains("GREETING=hello"))
        #expect(vars.contains("HOME=/srv"))
        #expect(vars.contains("HOSTNAME=envhost"))
        #expect(vars.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
        let root = h.run("env2", ["sh", "-c", "echo $HOME"])
        #expect(root.stdout == "/root\n")
    }

    @Test func workdirIsCreatedAndUsed() {
        defer { h.cleanUp() }
        let result = h.run("cwd", ["pwd"], ["workdir": "/srv/app/data"])
        #expect(result.stdout == "/srv/app/data\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/srv/app/data") || FileManager.default.fileExists(atPath: "/srv/app"))
    }

    @Test func systemMountsAndDevices() {
        defer { h.cleanUp() }
        let result = h.run("sys", ["sh", "-c", """
            grep -E ' /(proc|dev|sys|dev/pts|dev/shm|dev/mqueue) ' /proc/self/mountinfo | awk '{for (i = 7; i <= NF; i++) if ($i == "-") { print $5, $6, $(i+1); break }}'
            ls /dev | sort | tr '\\n' ' '; echo
            echo x > /dev/null && head -c 4 /dev/zero | wc -c
            touch /sys/x 2>&1 | grep -c 'Read-only'
            """])
        #expect(result.code == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("/proc ") && $0.hasSuffix(" proc") })
        #expect(lines.contains { $0.hasPrefix("/dev ") && $0.hasSuffix(" tmpfs") })
        #expect(lines.contains { $0.hasPrefix("/dev/pts ") && $0.hasSuffix(" devpts") })
        #expect(lines.contains { $0.hasPrefix("/dev/shm ") && $0.hasSuffix(" tmpfs") })
        #expect(lines.contains { $0.hasPrefix("/dev/mqueue ") && $0.hasSuffix(" mqueue") })
        #expect(lines.contains { $0.hasPrefix("/sys ro,") && $0.hasSuffix(" sysfs") })
        #expect(lines.contains("core fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero "))
        #expect(lines.suffix(2) == ["4", "1"])
    }

    @Test func networkNoneHasOnlyLoopbackUp() {
        defer { h.cleanUp() }
        // flags 0x9 is IFF_UP|IFF_LOOPBACK (0x8 when down).
        let result = h.run("net", ["sh", "-c", "ls /sys/class/net; cat /sys/class/net/lo/flags; ip -o addr show lo | grep -c 127.0.0.1"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "lo\n0x9\n1\n")
    }

    @Test func networkHostSharesTheHostsInterfaces() throws {
        defer { h.cleanUp() }
        let result = h.run("hostnet", ["ls", "/sys/class/net"], ["network": "host"])
        // Bridge tasks of other tests come and go with their veths meanwhile.
        let notVeth: (String) -> Bool = { !$0.hasPrefix("veth") }
        let host = try FileManager.default.contentsOfDirectory(atPath: "/sys/class/net").filter(notVeth).sorted()
        #expect(result.stdout.split(separator: "\n").map(String.init).filter(notVeth).sorted() == host)
    }

    @Test func readonlyRootfsRefusesWrites() {
        defer { h.cleanUp() }
        let result = h.run("rorootfs", ["sh", "-c", "touch /etc/x 2>&1; touch /tmp/ok && echo tmp-ok"],
                           ["readonly_rootfs": true, "mounts": [["type": "tmpfs", "target": "/tmp"]]])
        #expect(result.stdout.contains("Read-only file system"))
        #expect(result.stdout.contains("tmp-ok"))
        #expect(!FileManager.default.fileExists(atPath: Harness.busybox + "/etc/x"))
    }

    @Test func specFromStandardInput() throws {
        defer { h.cleanUp() }
        let spec = try JSONSerialization.data(withJSONObject: h.spec("stdin", ["echo", "from stdin"]))
        let result = h.taskexec(["run", "-"], stdin: spec)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == "from stdin\n")
    }

    @Test func relativeRootfsIsRelativeToTheSpecFile() {
        defer { h.cleanUp() }
        let result = h.taskexec(["run", Harness.packageRoot + "/examples/hello.json"])
        #expect(result.code == 3)
        #expect(result.stdout == "hello from hello-task, I am root in /tmp\n", "\(result.stderr)")
    }
}
