import CSpawn
import OCISpec

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
    private static let blockDevice: UInt32 = 0o060000
    private static let fifo: UInt32 = 0o010000

    /// The nodes to make: the defaults when the container has a /dev tmpfs
    /// (those the config names itself left out), then the config's own.
    /// `bindFromHost`: in a new user namespace, where mknod is refused, each
    /// node is the host's own bound in its place (the same path on the host).
    static func cDevices(defaults: Bool, configured: [OCIDevice], bindFromHost: Bool = false,
                         in arena: CStringArena) -> [te_device] {
        let named = Set(configured.map(\.path))
        let standard = defaults ? devices.filter { !named.contains("/dev/" + $0.name) } : []
        return standard.map { device in
            te_device(dir: arena.string("/dev"), name: arena.string(device.name), mode: characterDevice | 0o666,
                      major: device.major, minor: device.minor, uid: 0, gid: 0, replace: 0,
                      host_path: bindFromHost ? arena.string("/dev/" + device.name) : nil)
        } + configured.map { device in
            let slash = device.path.lastIndex(of: "/")!
            let directory = device.path[..<slash].isEmpty ? "/" : String(device.path[..<slash])
            return te_device(dir: arena.string(directory), name: arena.string(String(device.path[device.path.index(after: slash)...])),
                             mode: nodeType(device.type) | (device.fileMode ?? 0o666) & 0o7777,
                             major: UInt32(truncatingIfNeeded: device.major ?? 0), minor: UInt32(truncatingIfNeeded: device.minor ?? 0),
                             uid: device.uid ?? 0, gid: device.gid ?? 0, replace: 1,
                             host_path: bindFromHost ? arena.string(device.path) : nil)
        }
    }

    /// `c`/`u`, `b`, `p` as the S_IF* bits mknod takes.
    static func nodeType(_ type: String) -> UInt32 {
        switch type {
        case "b": return blockDevice
        case "p": return fifo
        default: return characterDevice
        }
    }

    /// `linux.devices` refused before anything is made: a path that is not
    /// absolute or names no file, a type that is no node, numbers missing.
    static func validate(_ devices: [OCIDevice]) throws(RuntimeError) {
        for (index, device) in devices.enumerated() {
            let field = "linux.devices[\(index)]"
            let components = device.path.split(separator: "/")
            guard device.path.hasPrefix("/"), let name = components.last, name != ".", !components.contains("..") else {
                throw RuntimeError(stage: "config", detail: "\(field).path \"\(device.path)\" must be an absolute path to a file")
            }
            guard ["c", "u", "b", "p"].contains(device.type) else {
                throw RuntimeError(stage: "config", detail: "\(field).type \"\(device.type)\" must be c, u, b or p")
            }
            if device.type != "p" && (device.major == nil || device.minor == nil) {
                throw RuntimeError(stage: "config", detail: "\(field): major and minor are required for type \(device.type)")
            }
        }
    }

    static func cSymlinks(in arena: CStringArena) -> [te_symlink] {
        symlinks.map { te_symlink(name: arena.string($0.name), target: arena.string($0.target)) }
    }
}
