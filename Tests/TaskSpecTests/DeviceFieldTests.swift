import Testing
@testable import TaskSpec

@Suite struct DeviceFieldTests {
    func devices(_ list: String) -> String { spec(#""devices": [\#(list)]"#) }

    @Test func pathTargetAndPermissions() throws {
        let decoded = try decode(devices(#"""
        {"path": "/dev/fuse"},
        {"path": "/dev/kmsg", "target": "/dev/log/kernel", "permissions": "wm"}
        """#)).devices
        #expect(decoded == [
            TaskSpec.Device(path: "/dev/fuse", target: "/dev/fuse", permissions: "rwm"),
            TaskSpec.Device(path: "/dev/kmsg", target: "/dev/log/kernel", permissions: "wm"),
        ])
    }

    @Test(arguments: [
        (#"{"target": "/dev/x"}"#, "devices[0].path: required"),
        (#"{"path": "dev/fuse"}"#, "devices[0].path: must be an absolute path"),
        (#"{"path": "/dev/fuse", "target": "fuse"}"#, "devices[0].target: must be an absolute path"),
        (#"{"path": "/dev/fuse", "target": "/"}"#, "devices[0].target: must be a path under /dev (not /dev/shm, /dev/pts or /dev/mqueue)"),
        (#"{"path": "/dev/kmsg", "target": "/dev/shm/../../etc/passwd"}"#, "devices[0].target: must be a path under /dev (not /dev/shm, /dev/pts or /dev/mqueue)"),
        (#"{"path": "/dev/kmsg", "target": "/proc/k"}"#, "devices[0].target: must be a path under /dev (not /dev/shm, /dev/pts or /dev/mqueue)"),
        (#"{"path": "/dev/kmsg", "target": "/dev/pts/9"}"#, "devices[0].target: must be a path under /dev (not /dev/shm, /dev/pts or /dev/mqueue)"),
        (#"{"path": "/tmp/node"}"#, "devices[0].path: must be a path under /dev (not /dev/shm, /dev/pts or /dev/mqueue)"),
        (#"{"path": "/dev/fuse", "permissions": ""}"#, #"devices[0].permissions: must be some of r, w and m (such as "rwm" or "r"), each at most once"#),
        (#"{"path": "/dev/fuse", "permissions": "rx"}"#, #"devices[0].permissions: must be some of r, w and m (such as "rwm" or "r"), each at most once"#),
        (#"{"path": "/dev/fuse", "permissions": "rr"}"#, #"devices[0].permissions: must be some of r, w and m (such as "rwm" or "r"), each at most once"#),
        (#"{"path": "/dev/fuse", "mode": "rw"}"#, "devices[0].mode: unknown field"),
        (#"{"path": "/dev/fuse"}, {"path": "/dev/fuse"}"#, "devices[1].path: duplicate target /dev/fuse (also devices[0].path)"),
    ])
    func invalid(_ list: String, _ message: String) {
        #expect(decodeError(devices(list)) == message)
    }
}
