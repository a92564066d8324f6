import OCISpec

extension SpecTranslation {
    /// The process for `exec` (and exec health probes): the task's own
    /// process with another command, and optionally more env, another user
    /// or another working directory, as `docker exec` does.
    public static func execProcess(base: OCIProcess, args: [String], env: [String] = [],
                                   user: OCIUser? = nil, cwd: String? = nil) -> OCIProcess {
        var process = base
        process.args = args
        process.env = Environment.merged(base.env ?? [], overrides: env)
        if let user {
            process.user = user
            process.capabilities = DefaultCapabilities.sets(forUID: user.uid)
        }
        if let cwd { process.cwd = cwd }
        return process
    }
}
