/// Fields of /proc/PID/stat.
public enum ProcStat {
    /// The process's start time in clock ticks since boot (field 22): with
    /// the pid, it names one process for good, even after pid reuse.
    public static func startTime(of pid: Int32) -> UInt64? {
        guard let text = try? HostFile.readString("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces and parens) start at field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// The state letter (field 3): R, S, D, Z (zombie), X (dead), ...
    public static func state(of pid: Int32) -> Character? {
        guard let text = try? HostFile.readString("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").first?.first
    }

    /// Whether the process that started at `startTime` still runs (a zombie
    /// waiting for its parent to reap it does not).
    public static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        isSameProcess(pid: pid, startTime: startTime) && state(of: pid).map { $0 != "Z" && $0 != "X" } == true
    }

    /// Whether `pid` is still the process that started at `startTime`.
    public static func isSameProcess(pid: Int32, startTime: UInt64) -> Bool {
        self.startTime(of: pid) == startTime
    }
}
