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
        case .json: line = "{\"level\":\"error\",\"msg\":\(jsonString(message)),\"time\":\"\(time)\"}\n"
        case .text: line = "time=\"\(time)\" level=error msg=\(jsonString(message))\n"
        }
        let fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        _ = write(fd, bytes, bytes.count)
    }

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
