import CSeccomp
@testable import Runtime

/// A classic-BPF interpreter for seccomp programs, as the kernel runs them
/// over `struct seccomp_data`: the exported bytes are checked by running
/// them, not by reading libseccomp's intentions.
struct SeccompBPF {
    struct Instruction {
        var code: UInt16
        var jt: UInt8
        var jf: UInt8
        var k: UInt32
    }

    enum Failure: Error, CustomStringConvertible {
        case unsupported(code: UInt16, at: Int)
        case outOfBounds(at: Int)
        case badLoad(offset: UInt32)
        case unknownSyscall(String)

        var description: String {
            switch self {
            case .unsupported(let code, let pc): "unsupported BPF code 0x\(String(code, radix: 16)) at \(pc)"
            case .outOfBounds(let pc): "jump out of the program at \(pc)"
            case .badLoad(let offset): "load outside seccomp_data at \(offset)"
            case .unknownSyscall(let name): "no syscall \"\(name)\" on this architecture"
            }
        }
    }

    let instructions: [Instruction]

    init(_ bytes: [UInt8]) {
        instructions = stride(from: 0, to: bytes.count, by: 8).map { i in
            Instruction(code: UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8, jt: bytes[i + 2], jf: bytes[i + 3],
                        k: UInt32(bytes[i + 4]) | UInt32(bytes[i + 5]) << 8 | UInt32(bytes[i + 6]) << 16
                            | UInt32(bytes[i + 7]) << 24)
        }
    }

    /// The filter's verdict (SECCOMP_RET_*) for one syscall.
    func run(arch: UInt32, nr: Int32, args: [UInt64] = []) throws -> UInt32 {
        // struct seccomp_data as 16 little-endian words: nr, arch, ip (2), args (12).
        var data = [UInt32](repeating: 0, count: 16)
        data[0] = UInt32(bitPattern: nr)
        data[1] = arch
        for (index, arg) in args.prefix(6).enumerated() {
            data[4 + 2 * index] = UInt32(truncatingIfNeeded: arg)
            data[5 + 2 * index] = UInt32(truncatingIfNeeded: arg >> 32)
        }
        var a: UInt32 = 0, x: UInt32 = 0
        var scratch = [UInt32](repeating: 0, count: 16)
        var pc = 0
        while true {
            guard pc < instructions.count else { throw Failure.outOfBounds(at: pc) }
            let ins = instructions[pc]
            pc += 1
            switch ins.code {
            case 0x20:  // ld [k]
                guard ins.k % 4 == 0, Int(ins.k / 4) < data.count else { throw Failure.badLoad(offset: ins.k) }
                a = data[Int(ins.k / 4)]
            case 0x00: a = ins.k                                  // ld #k
            case 0x01: x = ins.k                                  // ldx #k
            case 0x60: a = scratch[Int(ins.k & 15)]               // ld M[k]
            case 0x61: x = scratch[Int(ins.k & 15)]               // ldx M[k]
            case 0x02: scratch[Int(ins.k & 15)] = a               // st M[k]
            case 0x03: scratch[Int(ins.k & 15)] = x               // stx M[k]
            case 0x54: a &= ins.k                                 // and #k
            case 0x5c: a &= x                                     // and x
            case 0x44: a |= ins.k                                 // or #k
            case 0x04: a &+= ins.k                                // add #k
            case 0x14: a &-= ins.k                                // sub #k
            case 0x74: a = ins.k < 32 ? a >> ins.k : 0            // rsh #k
            case 0x64: a = ins.k < 32 ? a << ins.k : 0            // lsh #k
            case 0x07: x = a                                      // tax
            case 0x87: a = x                                      // txa
            case 0x05: pc += Int(ins.k)                           // ja
            case 0x15: pc += Int(a == ins.k ? ins.jt : ins.jf)    // jeq #k
            case 0x25: pc += Int(a > ins.k ? ins.jt : ins.jf)     // jgt #k
            case 0x35: pc += Int(a >= ins.k ? ins.jt : ins.jf)    // jge #k
            case 0x45: pc += Int(a & ins.k != 0 ? ins.jt : ins.jf) // jset #k
            case 0x1d: pc += Int(a == x ? ins.jt : ins.jf)        // jeq x
            case 0x2d: pc += Int(a > x ? ins.jt : ins.jf)         // jgt x
            case 0x3d: pc += Int(a >= x ? ins.jt : ins.jf)        // jge x
            case 0x06: return ins.k                               // ret #k
            case 0x16: return a                                   // ret a
            default: throw Failure.unsupported(code: ins.code, at: pc - 1)
            }
        }
    }
}

/// The architectures the tests run filters for, with what the kernel puts
/// in seccomp_data.arch and how syscall numbers are found.
enum TestArch {
    case x86_64, x86, x32

    var token: UInt32 {
        switch self {
        case .x86_64: seccomp_arch_resolve_name("x86_64")
        case .x86: seccomp_arch_resolve_name("x86")
        case .x32: seccomp_arch_resolve_name("x32")
        }
    }

    static let x86SocketCalls: [String: Int32] = ["socket": 359, "socketpair": 360, "bind": 361, "connect": 362]

    /// seccomp_data.arch: x32 syscalls arrive as AUDIT_ARCH_X86_64 with the x32 bit in nr.
    var auditArch: UInt32 { self == .x32 ? TestArch.x86_64.token : token }

    func number(_ name: String) -> Int32? {
        var nr = seccomp_syscall_resolve_name_arch(token, name)
        // libseccomp names x86's direct socket calls (Linux 4.3+) by socketcall's pseudo numbers.
        if self == .x86, nr < 0, let direct = Self.x86SocketCalls[name] { nr = direct }
        guard nr >= 0 else { return nil }
        return self == .x32 ? nr | 0x4000_0000 : nr
    }
}

/// A verdict in the profile's terms.
enum Verdict: Equatable, CustomStringConvertible {
    case allow, errno(UInt32), killThread, killProcess, trap, log, trace(UInt32), other(UInt32)

    init(_ value: UInt32) {
        switch value & 0xFFFF_0000 {
        case 0x7FFF_0000: self = .allow
        case 0x0005_0000: self = .errno(value & 0xFFFF)
        case 0x0000_0000: self = .killThread
        case 0x8000_0000: self = .killProcess
        case 0x0003_0000: self = .trap
        case 0x7FFC_0000: self = .log
        case 0x7FF0_0000: self = .trace(value & 0xFFFF)
        default: self = .other(value)
        }
    }

    static let eperm = Verdict.errno(1)
    static let enosys = Verdict.errno(38)

    var description: String {
        switch self {
        case .allow: "allow"
        case .errno(let e): "errno(\(e))"
        case .killThread: "kill thread"
        case .killProcess: "kill process"
        case .trap: "trap"
        case .log: "log"
        case .trace(let v): "trace(\(v))"
        case .other(let v): "0x\(String(v, radix: 16))"
        }
    }
}

extension SeccompProgram {
    /// What this program does with `name` called on `arch` with `args`.
    func verdict(_ name: String, on arch: TestArch = .x86_64, args: [UInt64] = []) throws -> Verdict {
        guard let nr = arch.number(name) else { throw SeccompBPF.Failure.unknownSyscall(name) }
        return Verdict(try SeccompBPF(bytes).run(arch: arch.auditArch, nr: nr, args: args))
    }
}
