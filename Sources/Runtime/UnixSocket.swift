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

    /// A blocking connection (the OCI console socket, whose engine accepts at once).
    public static func connect(path: String) -> FileDescriptor? {
        withShortPath(path) { connectShort(path: $0, within: nil) }
    }

    /// A non-blocking socket, connected within `seconds` or not at all: a
    /// listener whose backlog is full and that never accepts (EAGAIN) must
    /// not hold us (event destinations, the control socket).
    public static func connect(path: String, within seconds: Double) -> FileDescriptor? {
        withShortPath(path) { connectShort(path: $0, within: seconds) }
    }

    private static func connectShort(path: String, within seconds: Double?) -> FileDescriptor? {
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | (seconds == nil ? 0 : Int32(SOCK_NONBLOCK.rawValue))
        let fd = socket(AF_UNIX, flags, 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        guard fill(&address, path) else { close(fd); return nil }
        let deadline = Timestamp.monotonic() + (seconds ?? 0)
        while true {
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if result == 0 { return FileDescriptor(rawValue: fd) }
            guard seconds != nil, errno == EAGAIN || errno == EINTR, Timestamp.monotonic() < deadline else { break }
            usleep(5_000)
        }
        close(fd)
        return nil
    }

    /// Everything the peer sends until it closes, or nil when `seconds`
    /// pass first (a stopped or frozen peer). The socket is non-blocking.
    public static func readToEnd(_ socket: FileDescriptor, within seconds: Double) -> [UInt8]? {
        let deadline = Timestamp.monotonic() + seconds
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(socket.rawValue, &buffer, buffer.count)
            if count > 0 { bytes += buffer[0..<count]; continue }
            if count == 0 { return bytes }
            guard errno == EAGAIN || errno == EINTR else { return bytes }
            let left = deadline - Timestamp.monotonic()
            guard left > 0 else { return nil }
            var entry = pollfd(fd: socket.rawValue, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, Int32(min(left, 1) * 1000) + 1)
        }
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
