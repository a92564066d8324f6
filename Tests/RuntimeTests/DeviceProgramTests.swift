import CSpawn
import OCISpec
import Testing
@testable import Runtime

/// The v2 device program's answers, computed by a small interpreter of the
/// instructions it emits: OCI semantics (last match wins, per access bit)
/// checked without root or a kernel.
@Suite struct DeviceProgramTests {
    enum Kind: UInt32 { case block = 1, character = 2 }
    static let m: UInt32 = 1, r: UInt32 = 2, w: UInt32 = 4

    /// Runs the program on one request: 1 allowed, 0 denied.
    static func run(_ program: DeviceProgram, _ kind: Kind, _ access: UInt32, _ major: UInt32, _ minor: UInt32) -> Int64 {
        let context: [UInt32] = [kind.rawValue | access << 16, major, minor]
        var registers = [Int64](repeating: 0, count: 11)
        var pc = 0
        var steps = 0
        while steps < 10_000 {
            steps += 1
            let insn = program.instructions[pc]
            let dst = Int(insn.regs & 0x0f)
            let imm = Int64(insn.imm)
            pc += 1
            switch insn.code {
            case 0x61: registers[dst] = Int64(context[Int(insn.off) / 4])
            case 0x54: registers[dst] = Int64(UInt32(truncatingIfNeeded: registers[dst]) & UInt32(truncatingIfNeeded: imm))
            case 0x74: registers[dst] = Int64(UInt32(truncatingIfNeeded: registers[dst]) >> UInt32(imm))
            case 0xb7: registers[dst] = imm
            case 0x05: pc += Int(insn.off)
            case 0x55: if registers[dst] != imm { pc += Int(insn.off) }
            case 0x45: if registers[dst] & imm != 0 { pc += Int(insn.off) }
            case 0x95: return registers[0]
            default: Issue.record("unexpected opcode \(insn.code)"); return -1
            }
        }
        Issue.record("no exit")
        return -1
    }

    static func rule(_ allow: Bool, _ type: String?, _ major: Int64?, _ minor: Int64?, _ access: String?) -> OCIDeviceCgroup {
        OCIDeviceCgroup(allow: allow, type: type, major: major, minor: minor, access: access)
    }

    @Test func dockerDefaultsAllowTheStandardDevicesAndMknodOnly() {
        let program = DeviceProgram(DeviceRules.effective([]))
        for (major, minor) in [(1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 1), (5, 2), (136, 0), (136, 7)] {
            #expect(Self.run(program, .character, Self.r | Self.w, UInt32(major), UInt32(minor)) == 1, "\(major):\(minor)")
        }
        // The host escape: kmsg, a disk, a loop device; opening is denied, making the node is not.
        #expect(Self.run(program, .character, Self.w, 1, 11) == 0)
        #expect(Self.run(program, .block, Self.r, 8, 0) == 0)
        #expect(Self.run(program, .block, Self.r | Self.w, 7, 0) == 0)
        #expect(Self.run(program, .block, Self.m, 8, 0) == 1)
        #expect(Self.run(program, .character, Self.m, 1, 11) == 1)
        #expect(Self.run(program, .block, Self.r, 1, 3) == 0, "a block device with null's numbers is not null")
        #expect(Self.run(program, .character, Self.r | Self.m, 1, 11) == 0, "every bit asked must be allowed")
    }

    @Test func theLastMatchingRuleWinsForEachBit() {
        let program = DeviceProgram([
            Self.rule(false, "a", nil, nil, "rwm"),
            Self.rule(true, "c", 10, 229, "rw"),
            Self.rule(false, "c", 10, 229, "w"),
        ])
        #expect(Self.run(program, .character, Self.r, 10, 229) == 1)
        #expect(Self.run(program, .character, Self.w, 10, 229) == 0)
        #expect(Self.run(program, .character, Self.r | Self.w, 10, 229) == 0)
        #expect(Self.run(program, .character, Self.r, 10, 228) == 0)
        // An allow-all at the end undoes every deny before it.
        let open = DeviceProgram([Self.rule(false, "c", 1, 11, "rwm"), Self.rule(true, nil, nil, nil, nil)])
        #expect(Self.run(open, .character, Self.w, 1, 11) == 1)
        #expect(Self.run(open, .block, Self.r, 8, 0) == 1)
        // A deny-all at the end denies everything; no rules at all deny too.
        #expect(Self.run(DeviceProgram([Self.rule(true, "a", nil, nil, "rwm"), Self.rule(false, "a", nil, nil, "rwm")]), .character, Self.r, 1, 3) == 0)
        #expect(Self.run(DeviceProgram([]), .character, Self.r, 1, 3) == 0)
    }

    @Test func wildcardsMatchAnyNumberAndTypeAMatchesBothKinds() {
        let program = DeviceProgram([Self.rule(true, "c", 136, nil, "rwm"), Self.rule(true, "a", 7, nil, "r")])
        #expect(Self.run(program, .character, Self.r | Self.w, 136, 42) == 1)
        #expect(Self.run(program, .block, Self.r, 7, 3) == 1)
        #expect(Self.run(program, .character, Self.r, 7, 3) == 1)
        #expect(Self.run(program, .block, Self.w, 7, 3) == 0)
    }

    @Test func linuxDevicesNodesAreAllowedUnlessARuleNamesThem() {
        let tun = OCIDevice(type: "c", path: "/dev/net/tun", major: 10, minor: 200)
        #expect(Self.run(DeviceProgram(DeviceRules.effective([], devices: [tun])), .character, Self.r | Self.w, 10, 200) == 1)
        let readOnly = DeviceRules.effective([Self.rule(true, "c", 10, 200, "r")], devices: [tun])
        #expect(Self.run(DeviceProgram(readOnly), .character, Self.r, 10, 200) == 1)
        #expect(Self.run(DeviceProgram(readOnly), .character, Self.w, 10, 200) == 0)
    }

    @Test func everyJumpLandsInsideTheProgram() {
        let program = DeviceProgram(DeviceRules.effective([Self.rule(true, "a", nil, nil, "m"), Self.rule(false, "b", 8, nil, "rw")]))
        for (index, insn) in program.instructions.enumerated() where [0x05, 0x55, 0x45].contains(insn.code) {
            let target = index + 1 + Int(insn.off)
            #expect(target > index && target < program.instructions.count)
        }
        #expect(program.instructions.last?.code == 0x95)
    }
}
