import CSpawn

/// The devices every container gets in its /dev tmpfs, as the OCI runtime
/// spec requires (config-linux.md "Default Devices"), and the usual links.
enum DefaultDevices {
    struct Device { var name: String; var major: UInt32; var minor: UInt32 }

    static let devices: [Device] = [
        Device(name: "null", major: 1, minor: 3),
        Device(name: "zero", major: 1, minor: 5),
        Device(name: "full", major: 1, minor: 7),
        Device(name: "random", major: 1, minor: 8),
        Device(name: "urandom", major: 1, minor: 9),
        Device(name: "tty", major: 5, minor: 0),
    ]

    static let symlinks: [(name: String, target: String)] = [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
        ("ptmx", "pts/ptmx"),
        ("core", "/proc/kcore"),
    ]

    private static let characterDevice: UInt32 = 0o020000

    static func cDevices(in arena: CStringArena) -> [te_device] {
        devices.map { device in
            te_device(name: arena.string(device.name), mode: characterDevice | 0o666,
                      major: device.major, minor: device.minor)
        }
    }

    static func cSymlinks(in arena: CStringArena) -> [te_symlink] {
        symlinks.map { te_symlink(name: arena.string($0.name), target: arena.string($0.target)) }
    }
}
