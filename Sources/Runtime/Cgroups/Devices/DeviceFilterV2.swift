import CSpawn
import Glibc
import OCISpec
import SystemPackage

/// Puts a `DeviceProgram` on a cgroup v2 directory. The new program is
/// attached (BPF_F_ALLOW_MULTI) before the ones it replaces are detached, so
/// there is never a moment with no filter; while both are attached the
/// kernel needs both to allow, so the window is only ever stricter.
enum DeviceFilterV2 {
    static func apply(_ program: DeviceProgram, to directory: String) throws(RuntimeError) {
        let cgroup = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard cgroup >= 0 else { throw RuntimeError(stage: "device filter", detail: directory, errno: Errno(rawValue: errno)) }
        defer { close(cgroup) }
        let previous = attachedPrograms(cgroup)
        let loaded = try load(program)
        defer { close(loaded) }
        let attached = te_bpf_attach_device_program(cgroup, loaded)
        guard attached == 0 else {
            throw RuntimeError(stage: "attach device filter", detail: directory, errno: Errno.fromNegative(attached))
        }
        for id in previous {
            let old = te_bpf_program_by_id(id)
            guard old >= 0 else { continue }
            _ = te_bpf_detach_device_program(cgroup, old)
            close(old)
        }
    }

    /// Ids of the device programs on the cgroup itself.
    static func attachedPrograms(_ cgroup: Int32) -> [UInt32] {
        var ids = [UInt32](repeating: 0, count: 64)
        let count = te_bpf_query_device_programs(cgroup, &ids, UInt32(ids.count))
        return count > 0 ? Array(ids.prefix(Int(count))) : []
    }

    static func attachedPrograms(of directory: String) -> [UInt32] {
        let cgroup = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard cgroup >= 0 else { return [] }
        defer { close(cgroup) }
        return attachedPrograms(cgroup)
    }

    private static func load(_ program: DeviceProgram) throws(RuntimeError) -> Int32 {
        var log = [CChar](repeating: 0, count: 4096)
        let fd = program.instructions.withUnsafeBufferPointer { instructions in
            te_bpf_load_device_program(instructions.baseAddress, UInt32(instructions.count), &log, UInt32(log.count))
        }
        guard fd >= 0 else {
            let verifier = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw RuntimeError(stage: "load device filter", detail: verifier.split(separator: "\n").last.map(String.init) ?? "",
                               errno: Errno.fromNegative(fd))
        }
        return fd
    }
}
