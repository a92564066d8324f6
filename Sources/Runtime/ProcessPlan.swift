import CSpawn
import OCISpec

/// An OCI `process` turned into the flat struct the child execs from.
struct ProcessPlan {
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    var process: OCIProcess
    var seccomp: SeccompProgram? = nil

    func cStruct(in arena: CStringArena, stdio: StandardIO, parentAliveFD: Int32) throws(RuntimeError) -> te_process {
        guard let args = process.args, let program = args.first, !program.isEmpty else {
            throw RuntimeError(stage: "process", detail: "args must not be empty")
        }
        let env = process.env ?? []
        let path = env.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) } ?? Self.defaultPath

        var p = te_process()
        p.argv = arena.stringArray(args)
        p.envp = arena.stringArray(env)
        p.path_env = arena.string(path)
        p.cwd = arena.string(process.cwd.isEmpty ? "/" : process.cwd)
        p.uid = process.user.uid
        p.gid = process.user.gid
        let groups = process.user.additionalGids ?? []
        p.groups = arena.array(groups)
        p.n_groups = Int32(groups.count)
        p.umask = process.user.umask ?? 0o022
        if let capabilities = process.capabilities {
            p.set_caps = 1
            p.cap_last = Capabilities.lastCapability
            p.cap_bounding = try Capabilities.mask(of: capabilities.bounding ?? [])
            p.cap_effective = try Capabilities.mask(of: capabilities.effective ?? [])
            p.cap_permitted = try Capabilities.mask(of: capabilities.permitted ?? [])
            p.cap_inheritable = try Capabilities.mask(of: capabilities.inheritable ?? [])
            p.cap_ambient = try Capabilities.mask(of: capabilities.ambient ?? [])
        }
        p.no_new_privs = process.noNewPrivileges == true ? 1 : 0
        if let seccomp {
            let (filter, count) = seccomp.cFilter(in: arena)
            p.seccomp_filter = filter
            p.seccomp_len = count
        }
        p.stdin_fd = stdio.input.rawValue
        p.stdout_fd = stdio.output.rawValue
        p.stderr_fd = stdio.error.rawValue
        p.new_session = 1
        p.parent_alive_fd = parentAliveFD
        return p
    }
}
