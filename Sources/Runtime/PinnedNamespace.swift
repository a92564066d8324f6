import Glibc
import SystemPackage

/// A task's network namespace bind-mounted on a file in its state directory
/// (as `ip netns add`, podman and containerd do): it outlives the task, even
/// a supervisor killed with SIGKILL, so CNI DEL always finds the interface
/// it must tear down (the bridge plugin removes its masquerade rules only
/// then). `unpin` unmounts it and removes the file.
public struct PinnedNamespace: Sendable {
    public let path: String

    public static func pin(pid: pid_t, at path: String) throws(Errno) -> PinnedNamespace {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o400)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        close(fd)
        guard mount("/proc/\(pid)/ns/net", path, nil, UInt(MS_BIND), nil) == 0 else {
            let error = Errno(rawValue: errno)
            unlink(path)
            throw error
        }
        return PinnedNamespace(path: path)
    }

    /// An existing pin (for `delete`), if the file is there.
    public static func existing(at path: String) -> PinnedNamespace? {
        HostFile.exists(path) ? PinnedNamespace(path: path) : nil
    }

    public func unpin() {
        umount2(path, Int32(MNT_DETACH))
        unlink(path)
    }
}
