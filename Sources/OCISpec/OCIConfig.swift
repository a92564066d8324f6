/// The OCI runtime-spec `config.json` of a bundle (runtime-spec v1.2,
/// config.md and config-linux.md), as Codable values.
///
/// This is the only input of the runtime layer: the runtime consumes this
/// model, never taskexec's task spec. A task spec is translated into an
/// `OCIConfig` first (the Translation target), which keeps the runtime usable
/// by any OCI client.
///
/// Property names are the JSON keys, so the synthesized Codable conformances
/// read and write the spec's format directly; optional fields are omitted
/// from the JSON when nil. Keys this model does not know are ignored when
/// decoding (and therefore dropped when re-encoding).
public struct OCIConfig: Codable, Sendable, Equatable {
    /// The runtime-spec version this model follows, the default `ociVersion`.
    public static let specVersion = "1.2.0"

    /// The SemVer version of the runtime spec the bundle complies with.
    public var ociVersion: String
    /// The container's process. Required by `start`, optional for `create`.
    public var process: OCIProcess?
    /// The container's root filesystem.
    public var root: OCIRoot?
    /// Set in the container's UTS namespace (needs its own UTS namespace).
    public var hostname: String?
    /// The NIS domain name, set like `hostname`.
    public var domainname: String?
    /// Mounts in addition to `root`, applied in order.
    public var mounts: [OCIMount]?
    /// Lifecycle hooks run by the runtime.
    public var hooks: OCIHooks?
    /// Arbitrary metadata; keys are reverse-domain names.
    public var annotations: [String: String]?
    /// The Linux-specific configuration.
    public var linux: OCILinux?

    public init(
        ociVersion: String = OCIConfig.specVersion,
        process: OCIProcess? = nil,
        root: OCIRoot? = nil,
        hostname: String? = nil,
        domainname: String? = nil,
        mounts: [OCIMount]? = nil,
        hooks: OCIHooks? = nil,
        annotations: [String: String]? = nil,
        linux: OCILinux? = nil
    ) {
        self.ociVersion = ociVersion
        self.process = process
        self.root = root
        self.hostname = hostname
        self.domainname = domainname
        self.mounts = mounts
        self.hooks = hooks
        self.annotations = annotations
        self.linux = linux
    }
}

/// The container's root filesystem (config.md "Root").
public struct OCIRoot: Codable, Sendable, Equatable {
    /// The root filesystem's path on the host, absolute or relative to the bundle.
    public var path: String
    /// Makes the root filesystem read-only in the container (default false).
    public var readonly: Bool?

    public init(path: String, readonly: Bool? = nil) {
        self.path = path
        self.readonly = readonly
    }
}
