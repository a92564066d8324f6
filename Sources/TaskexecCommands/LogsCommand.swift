import ArgumentParser
import FoundationEssentials
import Runtime
import Supervisor
import SystemPackage

struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a task's output from its log.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The task id.") var id: String
    @Flag(name: [.short, .long], help: "Keep printing new output until the task's supervisor exits.") var follow = false
    @Option(name: .long, help: "Only the last N lines.") var tail: Int?

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must not be negative") }
    }

    func run() throws {
        _ = try global.task(id)
        let path = global.paths.logFile(id)
        if let tail {
            // The last N entries first, then follow from the end.
            let entries = (try? HostFile.readBytes(path)).map { $0.split(separator: 0x0A) } ?? []
            for entry in entries.suffix(tail) { Self.print(Array(entry)) }
            if !follow { return }
            try follow(path: path, skip: entries.count)
        } else {
            try follow(path: path, skip: 0)
        }
    }

    private func follow(path: String, skip: Int) throws {
        let store = global.store
        let id = id
        var seen = 0
        FileFollower(path: path, follow: follow, stillWriting: { store.isSupervisorAlive(id) }).lines { line in
            seen += 1
            if seen > skip { Self.print(line) }
        }
    }

    /// One json-file entry, written raw to stdout or stderr as it came.
    private static func print(_ line: [UInt8]) {
        guard let entry = try? JSONDecoder().decode(JSONFileLog.Entry.self, from: Data(line)) else { return }
        let out: FileDescriptor = entry.stream == .stderr ? .standardError : .standardOutput
        _ = try? out.writeAll(Array(entry.log.utf8))
    }
}
