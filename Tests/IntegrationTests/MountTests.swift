import Foundation
import Testing

/// bind, volume and tmpfs mounts, and targets resolved inside the rootfs.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct MountTests {
    let h = Harness()

    @Test func readonlyBindRefusesWritesAndWritableBindWrites() throws {
        defer { h.cleanUp() }
        let source = h.scratch + "/site"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try "page".write(toFile: source + "/index.html", atomically: true, encoding: .utf8)
        let rw = h.scratch + "/rw"
        try FileManager.default.createDirectory(atPath: rw, withIntermediateDirectories: true)
        let result = h.run("binds", ["sh", "-c", "cat /www/index.html; echo; (echo x > /www/new) 2>&1; echo written > /out/file"],
                           ["mounts": [["type": "bind", "source": source, "target": "/www", "readonly": true],
                                       ["type": "bind", "source": rw, "target": "/out"]]])
        #expect(result.stdout.hasPrefix("page\n"), "\(result.stderr)")
        #expect(result.stdout.contains("Read-only file system"))
        #expect(!FileManager.default.fileExists(atPath: source + "/new"))
        #expect((try? String(contentsOfFile: rw + "/file", encoding: .utf8)) == "written\n")
    }

    @Test func bindMountOfAFile() throws {
        defer { h.cleanUp() }
        let file = h.scratch + "/conf"
        try "setting=1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = h.run("filebind", ["cat", "/etc/app/conf"],
                           ["mounts": [["type": "bind", "source": file, "target": "/etc/app/conf", "readonly": true]]])
        #expect(result.stdout == "setting=1\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Harness.busybox + "/etc/app/conf.x"))
    }

    @Test func volumeDataSurvivesASecondTaskAndTheVolumeIsListed() {
        defer { h.cleanUp() }
        let mount: [String: Any] = ["type": "volume", "source": "keep", "target": "/data"]
        let first = h.run("vol1", ["sh", "-c", "echo persisted > /data/f"], ["mounts": [mount]])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(h.taskexec(["delete", "vol1"]).code == 0)
        let second = h.run("vol2", ["cat", "/data/f"], ["mounts": [mount]])
        #expect(second.stdout == "persisted\n", "\(second.stderr)")
        #expect(h.taskexec(["volume", "ls"]).stdout == "keep\n")
        #expect(FileManager.default.fileExists(atPath: h.dataRoot + "/volumes/keep/_data/f"))
        #expect(h.taskexec(["volume", "rm", "keep"]).code == 0)
        #expect(h.taskexec(["volume", "ls"]).stdout == "")
    }

    @Test func volumeInUseIsNotRemoved() {
        defer { h.cleanUp() }
        let spec = h.writeSpec(h.spec("volbusy", ["sleep", "30"], ["mounts": [["type": "volume", "source": "busy", "target": "/data"]]]))
        #expect(h.taskexec(["run", "--detach", spec]).code == 0)
        let removal = h.taskexec(["volume", "rm", "busy"])
        #expect(removal.code == 1)
        #expect(removal.stderr.contains("in use by task volbusy"))
    }

    @Test func tmpfsSizeAndModeShowInside() {
        defer { h.cleanUp() }
        let result = h.run("tmpfs", ["sh", "-c", "df -k /scratch | tail -1 | awk '{print $2}'; stat -c %a /scratch; grep ' /scratch ' /proc/self/mountinfo | sed 's/.* - //' | cut -d' ' -f1"],
                           ["mounts": [["type": "tmpfs", "target": "/scratch", "size": "16m", "mode": "1770"]]])
        #expect(result.stdout == "16384\n1770\ntmpfs\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Harness.busybox + "/scratch/x"))
    }

    @Test func nestedMountsAreMountedParentFirst() throws {
        defer { h.cleanUp() }
        let source = h.scratch + "/inner"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try "inner".write(toFile: source + "/marker", atomically: true, encoding: .utf8)
        // Listed child first: the translation still mounts /data before /data/inner.
        let result = h.run("nested", ["cat", "/data/inner/marker"],
                           ["mounts": [["type": "bind", "source": source, "target": "/data/inner"],
                                       ["type": "tmpfs", "target": "/data"]]])
        #expect(result.stdout == "inner", "\(result.stderr)")
    }

    /// The image has `data -> /etc`, `up -> ../../../../tmp`, `selfroot ->
    /// /proc/self/root/etc`, `nested/escape -> ../../../var`: every mount
    /// through them lands inside the rootfs, never on the host.
    @Test func symlinksInTheImageNeverLeadAMountOntoTheHost() throws {
        defer { h.cleanUp() }
        let mountsBefore = HostSnapshot.mountPoints()
        let hostTmpMarker = "/tmp/taskexec-escape-\(UUID().uuidString)"
        let result = h.taskexec(["run", h.writeSpec([
            "id": "escape", "rootfs": Harness.busyboxSymlinks,
            "command": ["sh", "-c", "grep -E ' /(etc|tmp|var) ' /proc/self/mountinfo | awk '{for (i = 7; i <= NF; i++) if ($i == \"-\") { print $5, $(i+1); break }}'; touch /up/\(hostTmpMarker.dropFirst(5))"],
            "mounts": [["type": "tmpfs", "target": "/data"],
                       ["type": "tmpfs", "target": "/up"],
                       ["type": "tmpfs", "target": "/nested/escape"]],
        ])])
        #expect(result.code == 0, "\(result.stderr)")
        // Inside: the tmpfs mounts are on the rootfs's own /etc, /tmp and /var.
        #expect(result.stdout.split(separator: "\n").sorted() == ["/etc tmpfs", "/tmp tmpfs", "/var tmpfs"])
        // Outside: the host's mount table is unchanged, nothing was written to the host's /tmp.
        #expect(HostSnapshot.mountPoints() == mountsBefore)
        #expect(!FileManager.default.fileExists(atPath: hostTmpMarker))
        // The image's files are intact (the tmpfs was over them, not instead of them).
        #expect(FileManager.default.fileExists(atPath: Harness.busyboxSymlinks + "/etc/passwd"))
    }

    @Test func magicLinkTargetsAreRefused() {
        defer { h.cleanUp() }
        let result = h.taskexec(["run", h.writeSpec([
            "id": "magic", "rootfs": Harness.busyboxSymlinks, "command": ["true"],
            "mounts": [["type": "tmpfs", "target": "/selfroot"]],
        ])])
        #expect(result.code == 125)
        #expect(result.stderr.contains("mount target /selfroot"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.root + "/magic"))
    }
}
