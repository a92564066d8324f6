import SystemPackage

/// A task's compiled filter kept beside its state (`seccomp.bpf`), so that
/// `exec` and `health` install exactly the task's filter without decoding,
/// resolving or compiling its profile again.
extension SeccompProgram {
    public static func read(path: String) throws(RuntimeError) -> SeccompProgram {
        let bytes: [UInt8]
        do {
            bytes = try HostFile.readBytes(path)
        } catch {
            throw RuntimeError(stage: "seccomp", detail: "read the task's filter \(path)", errno: error)
        }
        guard let program = SeccompProgram(storedBytes: bytes) else {
            throw RuntimeError(stage: "seccomp", detail: "\(path) is not a seccomp program (\(bytes.count) bytes)")
        }
        return program
    }

    public func write(to path: String) throws(Errno) {
        try HostFile.writeAtomically(path, bytes, permissions: [.ownerReadWrite])
    }
}
