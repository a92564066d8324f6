import Glibc
import Runtime
import Supervisor
import SystemPackage

/// Talks to a running task's supervisor over its control socket.
enum ControlClient {
    /// How long a supervisor has to answer: one stopped (SIGSTOP) or frozen
    /// must not hold the caller forever.
    static let answerTimeout = 10.0

    static func send(_ message: ControlMessage, to id: String, global: GlobalOptions) throws(CommandFailure) {
        guard let socket = UnixSocket.connect(path: global.paths.controlSocket(id), within: 2) else {
            throw CommandFailure("task \(id) is not running", exitCode: 1)
        }
        defer { try? socket.close() }
        _ = try? socket.writeAll(Array(message.line.utf8))
        guard let reply = UnixSocket.readToEnd(socket, within: answerTimeout) else {
            throw CommandFailure("the supervisor of \(id) did not answer within \(Int(answerTimeout)) s (stopped?)")
        }
        let answer = String(decoding: reply, as: UTF8.self).trimmedWhitespace
        if answer != "ok" {
            throw CommandFailure(answer.hasPrefix("error: ") ? String(answer.dropFirst(7)) : "no answer from the supervisor of \(id)")
        }
    }

    /// Waits until the task's supervisor has gone (it holds its lock until
    /// the exit is recorded). False on timeout.
    static func waitForExit(of id: String, global: GlobalOptions, timeout: Double) -> Bool {
        let deadline = Timestamp.monotonic() + timeout
        while global.store.isSupervisorAlive(id) {
            if Timestamp.monotonic() > deadline { return false }
            usleep(10_000)
        }
        return true
    }
}
