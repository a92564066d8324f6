import Glibc
import SystemPackage

/// Small whole-file helpers over swift-system, for host files taskexec owns
/// or reads (/proc, state files, logs).
public enum HostFile {
    public static func readBytes(_ path: String) throws(Errno) -> [UInt8] {
        let fd = try asErrno { try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) }
        defer { try? fd.close() }
        return try readAll(fd)
    }

    public static func readString(_ path: String) throws(Errno) -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    public static func readAll(_ fd: FileDescriptor) throws(Errno) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try asErrno { try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) } }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes through a temporary file and rename(2), so a reader never sees half a file.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], permissions: FilePermissions = [.ownerReadWrite]) throws(Errno) {
        // A name of this process's own: concurrent writers never share a temporary file.
        let temporary = path + ".tmp.\(getpid())"
        let fd = try asErrno {
            try FileDescriptor.open(FilePath(temporary), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                    permissions: permissions)
        }
        do {
            try fd.writeAll(bytes)
            try fd.close()
        } catch {
            // A full disk must not leave a half-written temporary behind.
            try? fd.close()
            unlink(temporary)
            throw (error as? Errno) ?? .ioError
        }
        guard rename(temporary, path) == 0 else {
            let error = Errno(rawValue: errno)
            unlink(temporary)
            throw error
        }
    }

    /// Appends one whole record (a JSON line) to an O_APPEND file, or nothing
    /// of it: a write the disk cuts short is cut off again, so a full disk
    /// never leaves a truncated line for readers to choke on.
    public static func appendRecord(_ fd: FileDescriptor, _ bytes: [UInt8]) throws(Errno) {
        let end = lseek(fd.rawValue, 0, SEEK_END)
        let written = bytes.withUnsafeBytes { write(fd.rawValue, $0.baseAddress, $0.count) }
        guard written != bytes.count else { return }
        let error = written < 0 ? Errno(rawValue: errno) : Errno.noSpace
        if written > 0 && end >= 0 { _ = ftruncate(fd.rawValue, end) }
        throw error
    }

    /// Writes `text` into an existing file (a /proc or cgroup knob), no temporary.
    public static func overwrite(_ path: String, _ text: String) throws(Errno) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw Errno(rawValue: errno) }
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// mkdir -p with the given mode for the directories it creates.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(Errno) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0 && errno != EEXIST { throw Errno(rawValue: errno) }
        }
    }

    /// rm -rf, without following symlinks out of the tree.
    public static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in listDirectory(path) { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// Names in a directory (no . and ..), sorted; empty if it does not exist.
    public static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// swift-system throws untyped errors that are always Errno: type them.
public func asErrno<T>(_ body: () throws -> T) throws(Errno) -> T {
    do {
        return try body()
    } catch {
        throw (error as? Errno) ?? .ioError
    }
}

extension String {
    public var trimmedWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }),
              let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}

/// O_PATH, which Glibc's module map hides (it needs _GNU_SOURCE).
public let O_PATH: Int32 = 0o10000000
