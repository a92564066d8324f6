/// A compiled seccomp filter: the `struct sock_filter` array libseccomp
/// exported, ready for the child's `seccomp(SECCOMP_SET_MODE_FILTER)`
/// (`te_process.seccomp_filter` and `seccomp_len`). A class so that the
/// cache hands out one shared, immutable copy.
public final class SeccompProgram: Sendable {
    /// 8 bytes per instruction (`code` u16, `jt` u8, `jf` u8, `k` u32), in
    /// host byte order.
    public let bytes: [UInt8]
    /// Names in the profile that libseccomp does not know on any
    /// architecture; left out, as docker and runc do.
    public let unknownSyscalls: [String]

    /// The kernel's limit on a filter's length (BPF_MAXINSNS).
    public static let maximumInstructions = 4096

    init(bytes: [UInt8], unknownSyscalls: [String]) {
        self.bytes = bytes
        self.unknownSyscalls = unknownSyscalls
    }

    public var instructionCount: Int { bytes.count / 8 }

    /// Bytes read back from a file (the disk cache, a task's `seccomp.bpf`),
    /// or nil when they cannot be a program: empty, not whole instructions,
    /// or over the kernel's limit.
    convenience init?(storedBytes bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count % 8 == 0, bytes.count / 8 <= Self.maximumInstructions else { return nil }
        self.init(bytes: bytes, unknownSyscalls: [])
    }
}

extension SeccompProgram {
    /// A copy of the program in the arena, for `te_process.seccomp_filter`
    /// and `seccomp_len`.
    func cFilter(in arena: CStringArena) -> (filter: UnsafeRawPointer, count: UInt16) {
        (UnsafeRawPointer(arena.array(bytes)), UInt16(instructionCount))
    }
}
