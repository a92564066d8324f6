/// One mount of the container (config.md "Mounts").
public struct OCIMount: Codable, Sendable, Equatable {
    /// The absolute path of the mount point inside the container.
    public var destination: String
    /// The filesystem type (`proc`, `tmpfs`, `bind`, ...), as mount(2) takes it.
    public var type: String?
    /// A device name, a directory for bind mounts, or a dummy such as `tmpfs`.
    public var source: String?
    /// fstab-style options: flags (`ro`, `nosuid`, `rbind`, `rprivate`, ...)
    /// and filesystem data (`mode=755`, `size=65536k`).
    public var options: [String]?
    /// Makes this an ID-mapped mount: UIDs of the source filesystem to the
    /// mount's (mount_setattr MOUNT_ATTR_IDMAP). `options` should then hold
    /// `idmap` or `ridmap`; always given together with `gidMappings`.
    public var uidMappings: [OCIIDMapping]?
    /// The GID counterpart of `uidMappings`.
    public var gidMappings: [OCIIDMapping]?

    public init(
        destination: String,
        type: String? = nil,
        source: String? = nil,
        options: [String]? = nil,
        uidMappings: [OCIIDMapping]? = nil,
        gidMappings: [OCIIDMapping]? = nil
    ) {
        self.destination = destination
        self.type = type
        self.source = source
        self.options = options
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
    }
}
