/// The state of a container as the runtime reports it (runtime.md "State"):
/// the output of `state` and the stdin of every hook.
public struct OCIState: Codable, Sendable, Equatable {
    /// The runtime-spec version of this state document.
    public var ociVersion: String
    /// The container's ID, unique on this host.
    public var id: String
    /// Where the container is in its lifecycle.
    public var status: OCIStatus
    /// The container process's PID as seen on the host; set when created or running.
    public var pid: Int32?
    /// The absolute path of the bundle directory.
    public var bundle: String
    /// The annotations of the config.
    public var annotations: [String: String]?

    public init(
        ociVersion: String = OCIConfig.specVersion,
        id: String,
        status: OCIStatus,
        pid: Int32? = nil,
        bundle: String,
        annotations: [String: String]? = nil
    ) {
        self.ociVersion = ociVersion
        self.id = id
        self.status = status
        self.pid = pid
        self.bundle = bundle
        self.annotations = annotations
    }
}

/// The lifecycle states of runtime.md.
public enum OCIStatus: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    /// `create` is in progress.
    case creating
    /// `create` finished; the user program has not been executed yet.
    case created
    /// The user program has been executed and has not exited.
    case running
    /// The container process has exited.
    case stopped
    /// Frozen by `pause` (a runtime-defined value, as runc reports it).
    case paused
}
