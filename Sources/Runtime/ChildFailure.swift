import CSpawn
import SystemPackage

/// Reads the error pipe of a spawned child: EOF means execve succeeded;
/// a `te_child_error` record says which step failed and why, or (errno 0)
/// which checkpoint the child reached.
enum ChildFailure {
    enum Report {
        case executed
        case checkpoint(String)
        case failed(RuntimeError)
    }

    static func read(from pipe: FileDescriptor) -> RuntimeError? {
        if case .failed(let failure) = report(from: pipe) { return failure }
        return nil
    }

    static func report(from pipe: FileDescriptor) -> Report {
        var record = te_child_error()
        let size = MemoryLayout<te_child_error>.size
        let count = (try? withUnsafeMutableBytes(of: &record) { try pipe.read(into: $0, retryOnInterrupt: true) }) ?? 0
        guard count == size else { return .executed }
        let stage = withUnsafeBytes(of: record.stage) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        if record.err == 0 { return .checkpoint(stage) }
        let detail = withUnsafeBytes(of: record.detail) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        return .failed(RuntimeError(stage: stage, detail: detail, errno: Errno(rawValue: record.err)))
    }
}
