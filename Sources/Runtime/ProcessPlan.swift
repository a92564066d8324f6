import CSpawn
import OCISpec

/// An OCI `process` turned into the flat struct the child execs from.
struct ProcessPlan {
    static let defaultPath = DefaultPath.value

    var process: OCIProcess
    var seccomp: SeccompProgram? = nil
    var options = ProcessOptions()

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
            // The kernel keeps an ambient capability only while it is both
            // permitted and inheritable; runc drops the others, and so do we.
            p.cap_ambient = try Capabilities.mask(of: capabilities.ambient ?? []) & p.cap_inheritable & p.cap_permitted
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
        p.die_with_parent = options.diesWithParent ? 1 : 0
        p.parent_alive_fd = options.diesWithParent ? parentAliveFD : -1
        let rlimits = try ResourceLimits.cLimits(process.rlimits ?? [])
        p.rlimits = arena.array(rlimits)
        p.n_rlimits = Int32(rlimits.count)
        p.console_socket_fd = -1
        if process.terminal == true {
            guard let socket = options.consoleSocket else {
                throw RuntimeError(stage: "config", detail: "process.terminal needs a console socket (--console-socket)")
            }
            p.console_socket_fd = socket.rawValue
            p.console_rows = UInt16(clamping: process.consoleSize?.height ?? 0)
            p.console_cols = UInt16(clamping: process.consoleSize?.width ?? 0)
        }
        p.preserve_fds = Int32(options.preservedFDs)
        return p
    }
}

/// The PATH a process gets when its env has none (runc's and docker's
/// default), and the one CNI plugins run with.
public enum DefaultPath {
    public static let value = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}
