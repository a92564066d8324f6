import Glibc
import Runtime
import SystemPackage

/// Reads a file line by line, and with `follow` keeps reading what is
/// appended until `stillWriting` says the writer is gone (tail -f, bounded
/// by the writer's life).
struct FileFollower {
    var path: String
    var follow: Bool
    var stillWriting: () -> Bool

    func lines(_ body: ([UInt8]) -> Void) {
        guard let fd = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) else { return }
        defer { try? fd.close() }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = (try? chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }) ?? 0
            if count > 0 {
                pending.append(contentsOf: chunk[0..<count])
                while let newline = pending.firstIndex(of: 0x0A) {
                    body(Array(pending[..<newline]))
                    pending.removeSubrange(...newline)
                }
                continue
            }
            guard follow else { break }
            // Check the writer before the next read, so nothing written
            // just before it exits is missed.
            let writing = stillWriting()
            if !writing {
                let last = (try? chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }) ?? 0
                if last > 0 { pending.append(contentsOf: chunk[0..<last]); continue }
                break
            }
            usleep(50_000)
        }
        if !pending.isEmpty { body(pending) }
    }
}
