import Glibc
import Runtime

/// runc's global `--log FILE` and `--log-format text|json`: errors go to
/// stderr and, when asked, to that file too (containerd reads it back).
enum RuntimeLog {
    enum Format: String { case text, json }

    nonisolated(unsafe) static var file: String?
    nonisolated(unsafe) static var format = Format.text

    /// Records an error line in the log file, if there is one.
    static func error(_ message: String) {
        guard let file else { return }
        let time = Timestamp.now()
        let line: String
        switch format {
        case .json:
            var entry = JSONLine()
            entry.add("level", "error")
            entry.add("msg", message)
            entry.add("time", time)
            line = entry.text + "\n"
        case .text:
            line = "time=\"\(time)\" level=error msg=\(JSONLine.quote(message))\n"
        }
        let fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        _ = write(fd, bytes, bytes.count)
    }
}
