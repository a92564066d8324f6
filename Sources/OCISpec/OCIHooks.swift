/// Commands the runtime runs at points of the container's lifecycle
/// (config.md "POSIX-platform Hooks"). Each list runs in order.
public struct OCIHooks: Codable, Sendable, Equatable {
    /// Deprecated: before the user process runs, in the runtime namespace.
    public var prestart: [OCIHook]?
    /// During `create`, after the environment exists, before pivot_root; runtime namespace.
    public var createRuntime: [OCIHook]?
    /// During `create`, before pivot_root; in the container's namespaces.
    public var createContainer: [OCIHook]?
    /// During `start`, before the user process is executed; in the container.
    public var startContainer: [OCIHook]?
    /// After the user process has started; runtime namespace.
    public var poststart: [OCIHook]?
    /// After the container is deleted, before `delete` returns; runtime namespace.
    public var poststop: [OCIHook]?

    public init(
        prestart: [OCIHook]? = nil,
        createRuntime: [OCIHook]? = nil,
        createContainer: [OCIHook]? = nil,
        startContainer: [OCIHook]? = nil,
        poststart: [OCIHook]? = nil,
        poststop: [OCIHook]? = nil
    ) {
        self.prestart = prestart
        self.createRuntime = createRuntime
        self.createContainer = createContainer
        self.startContainer = startContainer
        self.poststart = poststart
        self.poststop = poststop
    }
}

/// One hook command. It gets the container's state (`OCIState`) on stdin.
public struct OCIHook: Codable, Sendable, Equatable {
    /// The absolute path of the executable, as execv(3) takes it.
    public var path: String
    /// The full argv, including argv[0].
    public var args: [String]?
    /// The environment, `KEY=value`.
    public var env: [String]?
    /// Seconds before the hook is aborted; must be positive.
    public var timeout: Int?

    public init(path: String, args: [String]? = nil, env: [String]? = nil, timeout: Int? = nil) {
        self.path = path
        self.args = args
        self.env = env
        self.timeout = timeout
    }
}
