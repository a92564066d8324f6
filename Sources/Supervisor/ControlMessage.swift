/// The one-line requests a CLI verb sends to a task's supervisor over its
/// control socket, and the one-line answers (`ok` or `error: ...`).
public enum ControlMessage: Equatable, Sendable {
    /// Graceful stop: the stop signal, then SIGKILL after `grace` seconds (nil: the task's own period).
    case stop(grace: Double?)
    case kill(signal: Int32)

    public var line: String {
        switch self {
        case .stop(let grace): return "stop \(grace.map { String($0) } ?? "-")\n"
        case .kill(let signal): return "kill \(signal)\n"
        }
    }

    public init?(line: String) {
        let words = line.split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("stop", 2): self = .stop(grace: words[1] == "-" ? nil : Double(words[1]))
        case ("kill", 2):
            guard let signal = Int32(words[1]) else { return nil }
            self = .kill(signal: signal)
        default: return nil
        }
    }
}
