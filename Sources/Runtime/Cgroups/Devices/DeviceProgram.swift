import CSpawn
import OCISpec

/// The eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) that enforces OCI device
/// rules on cgroup v2, where there is no devices controller. Built in Swift,
/// pure, from the rules alone; loaded and attached by `DeviceFilterV2`.
///
/// OCI semantics, per access bit: a request (mknod, read, write, or several
/// at once, as `open(O_RDWR)`) is allowed only if, for every bit it asks, the
/// last rule that matches the device and names that bit allows it; a bit no
/// rule names is denied. runc and crun reduce the rules first; evaluating
/// each bit on its own gives the same answers with no reduction step, and a
/// program a few hundred instructions long for docker's defaults.
///
/// The kernel's context (struct bpf_cgroup_dev_ctx): u32 access_type (the
/// device type in the low 16 bits, the access bits in the high 16), u32
/// major, u32 minor. Return 1 to allow, 0 to deny.
public struct DeviceProgram: Sendable {
    public let instructions: [te_bpf_insn]

    /// BPF_DEVCG_DEV_*, BPF_DEVCG_ACC_* (linux/bpf.h).
    static let blockType: Int32 = 1, characterType: Int32 = 2
    static let accessBits: [(letter: Character, bit: Int32)] = [("m", 1), ("r", 2), ("w", 4)]

    public init(_ rules: [OCIDeviceCgroup]) {
        var code = Assembler()
        // r2 = device type, r3 = requested access, r4 = major, r5 = minor.
        code.load(.r2, offset: 0)
        code.and(.r2, 0xFFFF)
        code.load(.r3, offset: 0)
        code.shiftRight(.r3, 16)
        code.load(.r4, offset: 4)
        code.load(.r5, offset: 8)
        for (letter, bit) in Self.accessBits {
            let bitAllowed = code.newLabel()
            let notRequested = code.newLabel()
            code.jumpIfNoBits(.r3, bit, to: notRequested)
            var decided = false
            for rule in rules.reversed() where Self.access(of: rule).contains(letter) {
                let next = code.newLabel()
                var conditional = false
                if let type = Self.typeNumber(rule.type) { code.jumpIfNotEqual(.r2, type, to: next); conditional = true }
                if let major = rule.major, major >= 0 { code.jumpIfNotEqual(.r4, Int32(truncatingIfNeeded: major), to: next); conditional = true }
                if let minor = rule.minor, minor >= 0 { code.jumpIfNotEqual(.r5, Int32(truncatingIfNeeded: minor), to: next); conditional = true }
                if rule.allow { code.jump(to: bitAllowed) } else { code.exit(returning: 0) }
                code.place(next)
                // A rule that matches every device ends the search: what follows is unreachable,
                // and the verifier refuses unreachable instructions.
                if !conditional { decided = true; break }
            }
            if !decided { code.exit(returning: 0) }
            code.place(bitAllowed)
            code.place(notRequested)
        }
        code.exit(returning: 1)
        instructions = code.assembled()
    }

    /// `a`, an absent type and an empty one match both kinds; `c` and `b` one.
    /// (`u` is an unbuffered character device, a character device to the kernel.)
    static func typeNumber(_ type: String?) -> Int32? {
        switch type ?? "a" {
        case "c", "u": return characterType
        case "b": return blockType
        default: return nil
        }
    }

    static func access(of rule: OCIDeviceCgroup) -> String {
        guard let access = rule.access, !access.isEmpty else { return "rwm" }
        return access
    }
}

/// Just enough of an eBPF assembler for the device program: 32-bit loads
/// from the context, and, shift, compare-and-jump to labels, exit.
struct Assembler {
    enum Register: UInt8 { case r0 = 0, r1, r2, r3, r4, r5 }
    struct Label { let id: Int }

    private var code: [te_bpf_insn] = []
    /// Instructions that jump to a label not yet placed: index → label.
    private var fixups: [(index: Int, label: Int)] = []
    private var positions: [Int: Int] = [:]
    private var labels = 0

    // Opcodes (linux/bpf_common.h, linux/bpf.h).
    private static let ldxMemW: UInt8 = 0x61      // BPF_LDX | BPF_MEM | BPF_W
    private static let alu32AndK: UInt8 = 0x54    // BPF_ALU | BPF_AND | BPF_K
    private static let alu32RshK: UInt8 = 0x74    // BPF_ALU | BPF_RSH | BPF_K
    private static let mov64K: UInt8 = 0xb7       // BPF_ALU64 | BPF_MOV | BPF_K
    private static let jumpAlways: UInt8 = 0x05   // BPF_JMP | BPF_JA
    private static let jumpNotEqualK: UInt8 = 0x55 // BPF_JMP | BPF_JNE | BPF_K
    private static let jumpSetK: UInt8 = 0x45     // BPF_JMP | BPF_JSET | BPF_K
    private static let exitCode: UInt8 = 0x95     // BPF_JMP | BPF_EXIT

    mutating func newLabel() -> Label {
        labels += 1
        return Label(id: labels)
    }

    mutating func place(_ label: Label) { positions[label.id] = code.count }

    mutating func load(_ destination: Register, offset: Int16) {
        emit(Self.ldxMemW, destination, source: .r1, offset: offset)
    }

    mutating func and(_ register: Register, _ value: Int32) { emit(Self.alu32AndK, register, immediate: value) }
    mutating func shiftRight(_ register: Register, _ value: Int32) { emit(Self.alu32RshK, register, immediate: value) }

    mutating func jumpIfNotEqual(_ register: Register, _ value: Int32, to label: Label) {
        emitJump(Self.jumpNotEqualK, register, value, to: label)
    }

    /// Jumps when none of `bits` is set in the register.
    mutating func jumpIfNoBits(_ register: Register, _ bits: Int32, to label: Label) {
        // JSET skips the unconditional jump when a bit is set.
        emit(Self.jumpSetK, register, offset: 1, immediate: bits)
        jump(to: label)
    }

    mutating func jump(to label: Label) { emitJump(Self.jumpAlways, .r0, 0, to: label) }

    mutating func exit(returning value: Int32) {
        emit(Self.mov64K, .r0, immediate: value)
        emit(Self.exitCode, .r0)
    }

    private mutating func emitJump(_ opcode: UInt8, _ register: Register, _ value: Int32, to label: Label) {
        fixups.append((code.count, label.id))
        emit(opcode, register, immediate: value)
    }

    private mutating func emit(_ opcode: UInt8, _ destination: Register, source: Register = .r0, offset: Int16 = 0, immediate: Int32 = 0) {
        code.append(te_bpf_insn(code: opcode, regs: destination.rawValue | source.rawValue << 4, off: offset, imm: immediate))
    }

    /// The instructions with every jump's offset (relative to the next instruction) filled in.
    func assembled() -> [te_bpf_insn] {
        var result = code
        for fixup in fixups {
            let target = positions[fixup.label] ?? code.count
            result[fixup.index].off = Int16(target - fixup.index - 1)
        }
        return result
    }
}
