import CSpawn
import SystemPackage

/// Reads the error pipe of a spawned child: EOF means execve succeeded;
/// a `te_child_error` record says which step failed and why.
enum ChildFailure {
    static func read(from pipe: FileDescriptor) -> RuntimeError? {
        var record = te_child_error()
        let size = MemoryLayout<te_child_error>.size
        let count = (try? withUnsafeMutableBytes(of: &record) { try pipe.read(into: $0, retryOnInterrupt: true) }) ?? 0
        guard count == size else { return nil }
        let stage = withUnsafeBytes(of: record.stage) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        let detail = withUnsafeBytes(of: record.detail) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        return RuntimeError(stage: stage, detail: detail, errno: Errno(rawValue: record.err))
    }
}
