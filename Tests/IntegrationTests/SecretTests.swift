import Foundation
import Testing

/// Secrets and configs: a read-only ramfs at /run/secrets and read-only
/// binds, filled from memory; their bytes are found nowhere on the node.
/// Serialized: the ramfs census counts mounts node-wide.
@Suite(.serialized, .enabled(if: Harness.canRun, Harness.skipReason))
struct SecretTests {
    let h = Harness()

    private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// Runs a spec given as a dictionary through stdin (`run -`): the inline
    /// secrets never touch the disk, not even in the test.
    private func runFromStdin(_ spec: [String: Any], flags: [String] = []) throws -> Harness.Result {
        h.taskexec(["run"] + flags + ["-"], stdin: try JSONSerialization.data(withJSONObject: spec))
    }

    @Test func filesHaveTheirContentOwnerAndModeAndTheRamfsIsReadOnly() throws {
        defer { h.cleanUp() }
        let file = h.scratch + "/db"
        try "from-a-file".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runFromStdin(h.spec("secrets", ["sh", "-c", """
            for f in /run/secrets/db_password /run/secrets/sub/api /etc/api.key /etc/site.conf; do
              echo "$f $(stat -c '%u %g %a' $f) $(cat $f)"
            done
            grep -E ' /run/secrets ' /proc/self/mountinfo | awk '{for (i = 7; i <= NF; i++) if ($i == "-") { print $6, $(i+1); break }}'
            (echo x > /run/secrets/new) 2>&1 | grep -c 'Read-only'
            (echo x > /etc/site.conf) 2>&1 | grep -c 'Read-only'
            ls -a /dev | grep -c taskexec; true
            """], [
            "secrets": [["name": "db_password", "file": file, "mode": "0400", "uid": 1000],
                        ["name": "api", "target": "sub/api", "data": base64("inline")],
                        ["name": "apikey", "target": "/etc/api.key", "data": base64("absolute"), "gid": 50, "mode": "0440"]],
            "configs": [["name": "site", "target": "/etc/site.conf", "data": base64("listen 80")]],
        ]))
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout == """
            /run/secrets/db_password 1000 0 400 from-a-file
            /run/secrets/sub/api 0 0 444 inline
            /etc/api.key 0 50 440 absolute
            /etc/site.conf 0 0 444 listen 80
            ro,nosuid,nodev,noexec,relatime ramfs
            1
            1
            0

            """)
        // A file bind needs a mount point: like runc, an empty placeholder in the
        // image; the bytes themselves are only ever in the ramfs.
        for placeholder in ["/etc/api.key", "/etc/site.conf"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: Harness.busybox + placeholder)[.size] as? Int) ?? 0
            #expect(size == 0)
        }
    }

    @Test func aProgramReadsItsPasswordThroughAFileVariable() throws {
        defer { h.cleanUp() }
        let result = try runFromStdin(h.spec("mysql", ["sh", "-c", "test \"$(cat $MYSQL_ROOT_PASSWORD_FILE)\" = s3cret && echo password-ok"], [
            "env": ["MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db_password"],
            "secrets": [["name": "db_password", "data": base64("s3cret")]],
        ]))
        #expect(result.stdout == "password-ok\n", "\(result.stderr)")
    }

    @Test func execSeesTheSameSecrets() throws {
        defer { h.cleanUp() }
        let spec = h.spec("execsec", ["sleep", "30"], ["secrets": [["name": "token", "data": base64("shared")]]])
        #expect(try runFromStdin(spec, flags: ["--detach"]).code == 0)
        #expect(h.taskexec(["exec", "execsec", "--", "cat", "/run/secrets/token"]).stdout == "shared")
    }

    @Test func secretBytesAreFoundNowhereOnTheNode() throws {
        defer { h.cleanUp() }
        let inline = "inline-\(UUID().uuidString)"
        let fromFile = "file-\(UUID().uuidString)"
        let sourceDir = h.scratch + "/agent-secrets"
        try FileManager.default.createDirectory(atPath: sourceDir, withIntermediateDirectories: true)
        try fromFile.write(toFile: sourceDir + "/db", atomically: true, encoding: .utf8)
        let spec = h.spec("leak", ["sh", "-c", "test -s /run/secrets/a && test -s /run/secrets/b && echo read-both; exec sleep 30"], [
            "secrets": [["name": "a", "data": base64(inline)], ["name": "b", "file": sourceDir + "/db"]],
        ])
        #expect(try runFromStdin(spec, flags: ["--detach", "--events", "file:\(h.scratch)/agent-events"]).code == 0)
        #expect(Harness.eventually { h.taskexec(["logs", "leak"]).stdout == "read-both\n" })

        var outputs = [h.taskexec(["state", "leak"]), h.taskexec(["list", "--format", "json"]), h.taskexec(["list"]),
                       h.taskexec(["events", "leak"]), h.taskexec(["logs", "leak"])]
        #expect(h.taskexec(["stop", "--time", "0", "leak"]).code == 0)
        outputs.append(h.taskexec(["state", "leak"]))
        let needles = [inline, fromFile, base64(inline), base64(fromFile)]
        for output in outputs {
            for needle in needles {
                #expect(!output.stdout.contains(needle) && !output.stderr.contains(needle))
            }
        }
        // Every file under --root and --data-root, and the agent's event file.
        for directory in [h.root, h.dataRoot] {
            for file in FileManager.default.enumerator(atPath: directory)?.compactMap({ $0 as? String }) ?? [] {
                let contents = FileManager.default.contents(atPath: directory + "/" + file) ?? Data()
                for needle in needles { #expect(contents.range(of: Data(needle.utf8)) == nil, "\(needle) in \(file)") }
            }
        }
        let events = FileManager.default.contents(atPath: h.scratch + "/agent-events") ?? Data()
        for needle in needles { #expect(events.range(of: Data(needle.utf8)) == nil) }
        // state shows name, target, mode, uid, gid only.
        let secrets = try #require(h.state("leak")?["secrets"] as? [[String: Any]])
        #expect(secrets.map { Set($0.keys) } == [["name", "target", "mode", "uid", "gid"], ["name", "target", "mode", "uid", "gid"]])
    }

    @Test func noRamfsOfOursOutlivesTheTaskEvenAfterSupervisorSIGKILL() throws {
        defer { h.cleanUp() }
        let before = RamfsCensus.count()
        // A normal exit.
        #expect(try runFromStdin(h.spec("ramfs1", ["cat", "/run/secrets/s"], ["secrets": [["name": "s", "data": base64("x")]]])).code == 0)
        #expect(RamfsCensus.count() == before)
        // A supervisor killed with SIGKILL, then delete.
        let spec = h.spec("ramfs2", ["sleep", "30"], ["secrets": [["name": "s", "data": base64("x")]],
                                                       "configs": [["name": "c", "target": "/etc/c", "data": base64("y")]]])
        #expect(try runFromStdin(spec, flags: ["--detach"]).code == 0)
        // One ramfs at /run/secrets, one behind the config's bind.
        #expect(RamfsCensus.count() == before + 2)
        let supervisor = try #require(h.state("ramfs2")?["supervisor_pid"] as? Int)
        kill(Int32(supervisor), SIGKILL)
        #expect(Harness.eventually { RamfsCensus.count() == before })
        #expect(h.taskexec(["delete", "ramfs2"]).code == 0)
        #expect(RamfsCensus.count() == before)
    }

    /// Each bad input exits 2, names the field, and creates nothing.
    @Test(arguments: [
        (#"[{"name": "s", "file": "/nonexistent/secret"}]"#, "secrets[0].file: /nonexistent/secret: no such file or directory"),
        (#"[{"name": "s", "data": "not base64!"}]"#, "secrets[0].data: invalid base64"),
        (#"[{"name": "s", "target": "../../etc/passwd", "data": "eA=="}]"#, "secrets[0].target:"),
        (#"[{"name": "a", "data": "eA=="}, {"name": "b", "target": "a", "data": "eA=="}]"#, "secrets[1].target: duplicate target"),
        (#"[{"name": "s", "file": "BIG"}]"#, "secrets[0].file: larger than 500 KiB"),
        (#"[{"name": "s", "data": "HUGE"}]"#, "secrets[0].data: larger than 500 KiB"),
    ])
    func badSecretsExitTwoAndCreateNothing(secrets: String, message: String) throws {
        defer { h.cleanUp() }
        let big = h.scratch + "/big"
        FileManager.default.createFile(atPath: big, contents: Data(count: 500 * 1024 + 1))
        let huge = Data(count: 500 * 1024 + 1).base64EncodedString()
        let json = #"{"id": "bad", "rootfs": "\#(Harness.busybox)", "command": ["true"], "secrets": \#(secrets)}"#
            .replacingOccurrences(of: "BIG", with: big).replacingOccurrences(of: "HUGE", with: huge)
        let ramfsBefore = RamfsCensus.count()
        let result = h.taskexec(["run", "-"], stdin: Data(json.utf8))
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("taskexec: " + message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.root))
        #expect(!FileManager.default.fileExists(atPath: h.dataRoot))
        #expect(RamfsCensus.count() == ramfsBefore)
    }
}

/// ramfs mounts visible in any mount namespace on the node (each distinct
/// superblock once), read from every process's mountinfo.
enum RamfsCensus {
    static func count() -> Int {
        var superblocks = Set<String>()
        for pid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter({ Int($0) != nil }) ?? [] {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/mountinfo", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.contains(" - ramfs ") {
                superblocks.insert(String(line.split(separator: " ")[2]))
            }
        }
        return superblocks.count
    }
}
