import Testing
@testable import TaskSpec

/// The example of design.md §1, decoded in full.
@Suite struct ExampleSpecTests {
    static let example = #"""
    {
      "id": "web.1",
      "rootfs": "rootfs-fixtures/busybox",
      "readonly_rootfs": false,
      "command": ["httpd", "-f", "-p", "80"],
      "env": ["GREETING=hello"],
      "workdir": "/",
      "user": "1000:1000",
      "hostname": "web-1",
      "mounts": [
        {"type": "bind",   "source": "/srv/site", "target": "/www", "readonly": true},
        {"type": "volume", "source": "webdata",   "target": "/data"},
        {"type": "tmpfs",  "target": "/tmp", "size": "64m", "mode": "1777"}
      ],
      "secrets": [
        {"name": "db_password", "target": "db_password", "file": "/etc/agent/secrets/db", "uid": 0, "gid": 0, "mode": "0400"},
        {"name": "api_key", "data": "c2VjcmV0Cg=="}
      ],
      "configs": [
        {"name": "site_conf", "target": "/etc/site.conf", "file": "/etc/agent/configs/site.conf", "mode": "0444"}
      ],
      "network": "bridge",
      "ports": [{"published": 8080, "target": 80, "protocol": "tcp", "host_ip": "0.0.0.0"}],
      "resources": {"cpus": 1.5, "memory": "256m", "memory_swap": "256m", "pids_limit": 200},
      "healthcheck": {
        "test": ["CMD-SHELL", "wget -qO- http://127.0.0.1/ || exit 1"],
        "interval": "30s", "timeout": "30s", "retries": 3,
        "start_period": "0s", "start_interval": "5s"
      },
      "stop_signal": "SIGTERM",
      "stop_grace_period": "10s",
      "cap_add": [], "cap_drop": [],
      "seccomp": "default",
      "no_new_privileges": false
    }
    """#

    @Test func decodesEveryField() throws {
        let spec = try decode(Self.example)
        var expected = TaskSpec(id: "web.1", rootfs: "/srv/specs/rootfs-fixtures/busybox", command: ["httpd", "-f", "-p", "80"])
        expected.env = ["GREETING=hello"]
        expected.workdir = "/"
        expected.user = "1000:1000"
        expected.hostname = "web-1"
        expected.mounts = [
            TaskSpec.Mount(kind: .bind, source: "/srv/site", target: "/www", readonly: true),
            TaskSpec.Mount(kind: .volume, source: "webdata", target: "/data"),
            TaskSpec.Mount(kind: .tmpfs, source: nil, target: "/tmp", size: 64 * 1024 * 1024, mode: 0o1777),
        ]
        expected.secrets = [
            TaskSpec.FileItem(name: "db_password", target: "/run/secrets/db_password", source: .file("/etc/agent/secrets/db"), mode: 0o400),
            TaskSpec.FileItem(name: "api_key", target: "/run/secrets/api_key", source: .data(Array("secret\n".utf8))),
        ]
        expected.configs = [
            TaskSpec.FileItem(name: "site_conf", target: "/etc/site.conf", source: .file("/etc/agent/configs/site.conf")),
        ]
        expected.network = .bridge
        expected.ports = [TaskSpec.Port(published: 8080, target: 80)]
        expected.resources = TaskSpec.Resources(cpus: 1.5, memory: 268_435_456, memorySwap: 268_435_456, pidsLimit: 200)
        expected.healthcheck = TaskSpec.Healthcheck(test: .cmdShell("wget -qO- http://127.0.0.1/ || exit 1"))
        expected.seccomp = .default
        #expect(spec == expected)
    }

    @Test func exampleNeedsFeaturesNotBuiltYet() throws {
        let paths = try decode(Self.example).unsupportedFields().map(\.path)
        #expect(paths == [])
    }

    @Test func minimalSpecTakesTheDefaults() throws {
        let spec = try decode(spec())
        #expect(spec == TaskSpec(id: "t1", rootfs: "/rootfs", command: ["/bin/true"]))
        #expect(spec.network == .none)
        #expect(spec.stopSignal == TaskSpec.Signal(name: "SIGTERM", number: 15))
        #expect(spec.stopGracePeriod == .seconds(10))
        #expect(spec.seccomp == nil)
        #expect(spec.healthcheck == nil)
        #expect(spec.resources == nil)
    }

    @Test func nullMeansAbsent() throws {
        let json = spec(#"""
        "readonly_rootfs": null, "env": null, "workdir": null, "user": null, "hostname": null,
        "mounts": null, "secrets": null, "configs": null, "network": null, "ports": null,
        "resources": null, "healthcheck": null, "stop_signal": null, "stop_grace_period": null,
        "cap_add": null, "cap_drop": null, "seccomp": null, "no_new_privileges": null
        """#)
        #expect(try decode(json) == decode(spec()))
    }
}
