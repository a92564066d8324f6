import Glibc
import OCISpec
import TaskSpec

/// The spec's `devices` looked up on the node: each host path must be a
/// character or block device; the task gets a node of the same type and
/// numbers at its target, and a rule for exactly that device.
enum HostDevices {
    static func resolve(_ devices: [TaskSpec.Device]) throws(SpecError) -> (nodes: [OCIDevice], rules: [OCIDeviceCgroup]) {
        var nodes: [OCIDevice] = [], rules: [OCIDeviceCgroup] = []
        for (index, device) in devices.enumerated() {
            var info = stat()
            guard stat(device.path, &info) == 0 else {
                throw SpecError(path: "devices[\(index)].path", message: "\(device.path): \(String(cString: strerror(errno)))")
            }
            let type: String
            switch info.st_mode & S_IFMT {
            case S_IFCHR: type = "c"
            case S_IFBLK: type = "b"
            default: throw SpecError(path: "devices[\(index)].path", message: "\(device.path) is not a character or block device")
            }
            let (major, minor) = numbers(of: UInt64(info.st_rdev))
            nodes.append(OCIDevice(type: type, path: device.target, major: major, minor: minor,
                                   fileMode: UInt32(info.st_mode & 0o777), uid: 0, gid: 0))
            rules.append(OCIDeviceCgroup(allow: true, type: type, major: major, minor: minor, access: device.permissions))
        }
        return (nodes, rules)
    }

    /// glibc's major() and minor() of a dev_t.
    static func numbers(of device: UInt64) -> (major: Int64, minor: Int64) {
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        return (Int64(major), Int64(minor))
    }
}
