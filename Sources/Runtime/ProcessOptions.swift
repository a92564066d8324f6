import SystemPackage

/// How a spawned process relates to the one that spawns it, beyond its OCI
/// `process`: what a supervisor wants (die with me) differs from what an OCI
/// client wants (outlive `create` and `exec --detach`).
public struct ProcessOptions: Sendable {
    /// PR_SET_PDEATHSIG: killed when the spawning process dies.
    public var diesWithParent = true
    /// With `process.terminal`: where the pty master is sent (SCM_RIGHTS).
    public var consoleSocket: FileDescriptor?
    /// Inherited fds 3 ... 3+n-1 passed on to the program.
    public var preservedFDs = 0

    public init(diesWithParent: Bool = true, consoleSocket: FileDescriptor? = nil, preservedFDs: Int = 0) {
        self.diesWithParent = diesWithParent
        self.consoleSocket = consoleSocket
        self.preservedFDs = preservedFDs
    }
}
