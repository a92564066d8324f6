import Glibc
import SystemPackage

/// One cgroup directory: reads and writes of its control files, errors
/// naming the file and the value (youki's habit), the kernel's reason kept.
public struct CgroupDirectory: Sendable, Equatable {
    public let path: String
    /// Tests: every write, in order.
    let journal: WriteJournal?

    public init(_ path: String) {
        self.path = path
        journal = nil
    }

    init(_ path: String, journal: WriteJournal) {
        self.path = path
        self.journal = journal
    }

    public static func == (lhs: CgroupDirectory, rhs: CgroupDirectory) -> Bool { lhs.path == rhs.path }

    /// Writes an existing control file (never creates one: a missing file
    /// means a missing controller, and says so).
    public func write(_ file: String, _ value: String) throws(RuntimeError) {
        let target = path + "/" + file
        journal?.record(file, value)
        do {
            let fd = try asErrno { try FileDescriptor.open(FilePath(target), .writeOnly, options: [.truncate, .closeOnExec]) }
            defer { try? fd.close() }
            _ = try asErrno { try fd.writeAll(Array(value.utf8)) }
        } catch {
            throw RuntimeError(stage: "write \(target)", detail: "\"\(value)\"", errno: error)
        }
    }

    public func read(_ file: String) -> String? {
        (try? HostFile.readString(path + "/" + file))?.trimmedWhitespace
    }

    public func has(_ file: String) -> Bool { HostFile.exists(path + "/" + file) }

    /// `key value` lines (cpu.stat, memory.events, memory.oom_control).
    public func field(_ file: String, _ key: String) -> UInt64? {
        guard let text = read(file) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == key { return UInt64(parts[1]) }
        }
        return nil
    }

    /// "max" (or a v1 "unlimited" huge value) reads as nil.
    public func limit(_ file: String) -> UInt64? {
        guard let text = read(file), text != "max", let value = UInt64(text), value < (1 << 62) else { return nil }
        return value
    }

    /// Pids in cgroup.procs.
    public func processes() -> [Int32] {
        (read("cgroup.procs") ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// rmdir, retried while the last processes are still leaving.
    public func remove() {
        for _ in 0..<100 {
            if rmdir(path) == 0 || errno == ENOENT { return }
            guard errno == EBUSY else { return }
            usleep(10_000)
        }
    }
}

/// The writes made through a `CgroupDirectory`, for tests of their order.
final class WriteJournal: @unchecked Sendable {
    private(set) var files: [String] = []
    func record(_ file: String, _ value: String) { files.append(file) }
}
