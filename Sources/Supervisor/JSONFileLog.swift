import Runtime
import SystemPackage

/// The task's output log in docker's json-file format: one line per line
/// of output, `{"log":"hello\n","stream":"stdout","time":"..."}`.
public final class JSONFileLog {
    public enum Stream: String, Codable, Sendable { case stdout, stderr }

    /// A line longer than this is written in pieces, as docker does (16 KiB).
    static let maxLine = 16 * 1024

    private let fd: FileDescriptor?
    private var pending: [Stream: [UInt8]] = [:]
    /// Told once when a line cannot be written (a full disk), and once when writing works again.
    private let onTrouble: (String) -> Void
    private var failing = false

    public init(path: String, onTrouble: @escaping (String) -> Void = { _ in }) {
        fd = try? FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .append, .closeOnExec],
                                      permissions: [.ownerReadWrite])
        self.onTrouble = onTrouble
    }

    deinit { try? fd?.close() }

    /// Adds output; complete lines are written at once, the rest waits for its newline.
    public func append(_ bytes: ArraySlice<UInt8>, stream: Stream) {
        var buffer = pending[stream, default: []]
        buffer.append(contentsOf: bytes)
        var start = 0
        for index in buffer.indices where buffer[index] == 0x0A || index - start + 1 >= Self.maxLine {
            write(buffer[start...index], stream)
            start = index + 1
        }
        pending[stream] = Array(buffer[start...])
    }

    /// Writes what is left without its newline (at the end of the task).
    public func flush() {
        for (stream, rest) in pending where !rest.isEmpty { write(rest[...], stream) }
        pending = [:]
    }

    private func write(_ line: ArraySlice<UInt8>, _ stream: Stream) {
        var entry = JSONLine()
        entry.add("log", String(decoding: line, as: UTF8.self))
        entry.add("stream", stream.rawValue)
        entry.add("time", Timestamp.now())
        guard let fd else { return }
        do {
            try HostFile.appendRecord(fd, entry.bytes)
            if failing {
                failing = false
                onTrouble("log: writing again")
            }
        } catch {
            if !failing { onTrouble("log: lines dropped: \(error.reason)") }
            failing = true
        }
    }

    public struct Entry: Codable, Sendable {
        public var log: String
        public var stream: Stream
        public var time: String
    }
}
