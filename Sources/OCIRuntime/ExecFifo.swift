import Glibc
import OCISpec
import Runtime
import SystemPackage

/// The fifo a created init blocks on (opening it for writing): `start`
/// opens it for reading, takes the byte the init writes, and removes it.
enum ExecFifo {
    static func release(_ path: String, initProcess: ProcessHandle) throws(ContainerError) {
        let fifo = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fifo >= 0 else { throw ContainerError("exec fifo: \(Errno(rawValue: errno).reason)", exitCode: 125) }
        defer { close(fifo) }
        while true {
            var fds = [pollfd(fd: fifo, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: initProcess.pidfd.rawValue, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else {
                throw ContainerError("exec fifo: \(Errno(rawValue: errno).reason)", exitCode: 125)
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                if read(fifo, &byte, 1) == 1 { break }
            }
            if fds[1].revents != 0 { throw ContainerError("container init exited before start", exitCode: 125) }
        }
        unlink(path)
    }

    /// The host ids of the container's root when the config has its own
    /// user namespace (those its init holds when it opens the fifo).
    static func hostRoot(_ linux: OCILinux?) -> (uid: uid_t, gid: gid_t)? {
        guard let linux, linux.namespaces?.contains(where: { $0.type == .user && ($0.path ?? "").isEmpty }) == true else { return nil }
        func host(_ mappings: [OCIIDMapping]?) -> UInt32? {
            mappings?.first { $0.containerID == 0 && $0.size > 0 }?.hostID
        }
        guard let uid = host(linux.uidMappings), let gid = host(linux.gidMappings) else { return nil }
        return (uid, gid)
    }
}
