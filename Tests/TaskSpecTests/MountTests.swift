import Testing
@testable import TaskSpec

@Suite struct MountTests {
    func mounts(_ list: String) -> String { spec(#""mounts": [\#(list)]"#) }

    @Test func bindVolumeAndTmpfs() throws {
        let decoded = try decode(mounts(#"""
        {"type": "bind", "source": "/srv/site/../site2/", "target": "/www/", "readonly": true},
        {"type": "volume", "source": "web_data.1", "target": "/data//x"},
        {"type": "tmpfs", "target": "/tmp", "size": "64m", "mode": "1777", "readonly": false},
        {"type": "tmpfs", "target": "/run", "size": 1048576},
        {"type": "tmpfs", "target": "/t", "mode": "0"}
        """#)).mounts
        #expect(decoded == [
            TaskSpec.Mount(kind: .bind, source: "/srv/site/../site2/", target: "/www", readonly: true),
            TaskSpec.Mount(kind: .volume, source: "web_data.1", target: "/data/x"),
            TaskSpec.Mount(kind: .tmpfs, source: nil, target: "/tmp", size: 67_108_864, mode: 0o1777),
            TaskSpec.Mount(kind: .tmpfs, source: nil, target: "/run", size: 1_048_576),
            TaskSpec.Mount(kind: .tmpfs, source: nil, target: "/t", mode: 0),
        ])
    }

    @Test func emptyListAndNullSourceForTmpfs() throws {
        #expect(try decode(mounts("")).mounts == [])
        #expect(try decode(mounts(#"{"type": "tmpfs", "source": null, "target": "/t"}"#)).mounts.first?.source == nil)
    }

    @Test(arguments: [
        (#"{"target": "/t"}"#, "mounts[0].type: required"),
        (#"{"type": "nfs", "target": "/t"}"#, #"mounts[0].type: must be "bind", "volume" or "tmpfs""#),
        (#"{"type": "Bind", "source": "/a", "target": "/t"}"#, #"mounts[0].type: must be "bind", "volume" or "tmpfs""#),
        (#"{"type": "bind", "target": "/t"}"#, "mounts[0].source: required"),
        (#"{"type": "bind", "source": "srv", "target": "/t"}"#, "mounts[0].source: must be an absolute path"),
        (#"{"type": "bind", "source": "", "target": "/t"}"#, "mounts[0].source: must be an absolute path"),
        (#"{"type": "volume", "target": "/t"}"#, "mounts[0].source: required"),
        (#"{"type": "volume", "source": "/srv/data", "target": "/t"}"#,
         "mounts[0].source: must be a volume name: 1 to 255 letters, digits, '_', '.' or '-', starting with a letter or digit"),
        (#"{"type": "volume", "source": "..", "target": "/t"}"#,
         "mounts[0].source: must be a volume name: 1 to 255 letters, digits, '_', '.' or '-', starting with a letter or digit"),
        (#"{"type": "tmpfs", "source": "x", "target": "/t"}"#, "mounts[0].source: not allowed for tmpfs"),
        (#"{"type": "tmpfs"}"#, "mounts[0].target: required"),
        (#"{"type": "tmpfs", "target": "tmp"}"#, "mounts[0].target: must be an absolute path"),
        (#"{"type": "tmpfs", "target": "/"}"#, "mounts[0].target: must not be /"),
        (#"{"type": "tmpfs", "target": "/a/.."}"#, "mounts[0].target: must not be /"),
        (#"{"type": "tmpfs", "target": "/t", "readonly": "true"}"#, "mounts[0].readonly: expected a boolean, found a string"),
        (#"{"type": "bind", "source": "/a", "target": "/t", "size": "1m"}"#, "mounts[0].size: only valid for tmpfs"),
        (#"{"type": "volume", "source": "v", "target": "/t", "mode": "0755"}"#, "mounts[0].mode: only valid for tmpfs"),
        (#"{"type": "tmpfs", "target": "/t", "size": "0"}"#, "mounts[0].size: must be greater than 0"),
        (#"{"type": "tmpfs", "target": "/t", "size": 0}"#, "mounts[0].size: must be greater than 0"),
        (#"{"type": "tmpfs", "target": "/t", "size": -1}"#, "mounts[0].size: must not be negative"),
        (#"{"type": "tmpfs", "target": "/t", "size": "64q"}"#, #"mounts[0].size: invalid size "64q""#),
        (#"{"type": "tmpfs", "target": "/t", "size": true}"#,
         #"mounts[0].size: expected a size (a string like "64m" or an integer), found a boolean"#),
        (#"{"type": "tmpfs", "target": "/t", "mode": "8"}"#, #"mounts[0].mode: must be an octal mode like "0755", at most 7777"#),
        (#"{"type": "tmpfs", "target": "/t", "mode": "17777"}"#, #"mounts[0].mode: must be an octal mode like "0755", at most 7777"#),
        (#"{"type": "tmpfs", "target": "/t", "mode": ""}"#, #"mounts[0].mode: must be an octal mode like "0755", at most 7777"#),
        (#"{"type": "tmpfs", "target": "/t", "mode": "0o755"}"#, #"mounts[0].mode: must be an octal mode like "0755", at most 7777"#),
        (#"{"type": "tmpfs", "target": "/t", "mode": 755}"#, #"mounts[0].mode: expected an octal string like "0755", found a number"#),
    ])
    func invalidMounts(mount: String, expected: String) {
        #expect(decodeError(mounts(mount)) == expected)
    }

    @Test func errorsNameTheElement() {
        let json = mounts(#"{"type": "tmpfs", "target": "/a"}, {"type": "tmpfs", "target": "/b"}, {"type": "tmpfs", "target": "b"}"#)
        #expect(decodeError(json) == "mounts[2].target: must be an absolute path")
    }

    @Test func duplicateTargetsAfterNormalisation() {
        let json = mounts(#"""
        {"type": "tmpfs", "target": "/tmp"},
        {"type": "volume", "source": "v", "target": "/data"},
        {"type": "bind", "source": "/srv", "target": "/data/"}
        """#)
        #expect(decodeError(json) == "mounts[2].target: duplicate mount target /data")
        #expect(decodeError(mounts(#"{"type": "tmpfs", "target": "/a/b"}, {"type": "tmpfs", "target": "/a/./c/../b"}"#))
            == "mounts[1].target: duplicate mount target /a/b")
    }

    @Test func largestModeAndTmpfsSizes() throws {
        let decoded = try decode(mounts(#"{"type": "tmpfs", "target": "/t", "mode": "07777", "size": "1.5g"}"#)).mounts
        #expect(decoded.first?.mode == 0o7777)
        #expect(decoded.first?.size == 1_610_612_736)
    }
}
