import Glibc
import SystemPackage

/// AF_UNIX stream sockets: the event destination, the control socket, the
/// OCI console socket.
/// A path longer than sun_path (108 bytes; task ids may be 128) is reached
/// through its directory's /proc/self/fd/N link.
public enum UnixSocket {
    private static func withShortPath<T>(_ path: String, _ body: (String) -> T) -> T {
        guard path.utf8.count >= 100, let slash = path.lastIndex(of: "/") else { return body(path) }
        let directory = open(String(path[..<slash]), O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return body(path) }
        defer { close(directory) }
        return body("/proc/self/fd/\(directory)" + path[slash...])
    }

    public static func connect(path: String) -> FileDescriptor? {
        withShortPath(path, connectShort)
    }

    private static func connectShort(path: String) -> FileDescriptor? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        guard fill(&address, path) else { close(fd); return nil }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { close(fd); return nil }
        return FileDescriptor(rawValue: fd)
    }

    public static func listen(path: String) throws(Errno) -> FileDescriptor {
        let result: Result<FileDescriptor, Errno> = withShortPath(path) { short in
            do throws(Errno) { return .success(try listenShort(path: short)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func listenShort(path: String) throws(Errno) -> FileDescriptor {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        var address = sockaddr_un()
        guard fill(&address, path) else { close(fd); throw Errno.fileNameTooLong }
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o600) == 0, Glibc.listen(fd, 16) == 0 else {
            let error = Errno(rawValue: errno)
            close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    private static func fill(_ address: inout sockaddr_un, _ path: String) -> Bool {
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        return true
    }
}
