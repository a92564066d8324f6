/// The Linux-specific part of the config (config-linux.md).
public struct OCILinux: Codable, Sendable, Equatable {
    /// Namespaces to create (no `path`) or join (`path`).
    public var namespaces: [OCINamespace]?
    /// User-namespace UID mappings, host to container.
    public var uidMappings: [OCIIDMapping]?
    /// User-namespace GID mappings, host to container.
    public var gidMappings: [OCIIDMapping]?
    /// Clock offsets of a time namespace, keyed `monotonic` or `boottime`.
    public var timeOffsets: [String: OCITimeOffset]?
    /// Device nodes that must exist in the container, besides the default ones.
    public var devices: [OCIDevice]?
    /// The container's cgroup. An absolute path is taken from the cgroup
    /// mount point; a relative one from a place the runtime chooses
    /// (runc's systemd driver reads `slice:prefix:name`).
    public var cgroupsPath: String?
    /// cgroup limits applied to `cgroupsPath`.
    public var resources: OCILinuxResources?
    /// The rootfs mount's propagation: `private`, `shared`, `slave` or `unbindable`.
    public var rootfsPropagation: String?
    /// The seccomp filter of the process.
    public var seccomp: OCISeccomp?
    /// Kernel parameters set in the container, keyed by name (`net.ipv4.ip_forward`).
    public var sysctl: [String: String]?
    /// Absolute paths made unreadable in the container (runc binds /dev/null
    /// over files, a read-only empty tmpfs over directories).
    public var maskedPaths: [String]?
    /// Absolute paths re-mounted read-only in the container.
    public var readonlyPaths: [String]?
    /// The SELinux context of the container's mounts.
    public var mountLabel: String?
    /// The execution domain (personality(2)).
    public var personality: OCIPersonality?
    /// Intel RDT (resctrl) cache and memory-bandwidth allocation.
    public var intelRdt: OCIIntelRdt?

    public init(
        namespaces: [OCINamespace]? = nil,
        uidMappings: [OCIIDMapping]? = nil,
        gidMappings: [OCIIDMapping]? = nil,
        timeOffsets: [String: OCITimeOffset]? = nil,
        devices: [OCIDevice]? = nil,
        cgroupsPath: String? = nil,
        resources: OCILinuxResources? = nil,
        rootfsPropagation: String? = nil,
        seccomp: OCISeccomp? = nil,
        sysctl: [String: String]? = nil,
        maskedPaths: [String]? = nil,
        readonlyPaths: [String]? = nil,
        mountLabel: String? = nil,
        personality: OCIPersonality? = nil,
        intelRdt: OCIIntelRdt? = nil
    ) {
        self.namespaces = namespaces
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
        self.timeOffsets = timeOffsets
        self.devices = devices
        self.cgroupsPath = cgroupsPath
        self.resources = resources
        self.rootfsPropagation = rootfsPropagation
        self.seccomp = seccomp
        self.sysctl = sysctl
        self.maskedPaths = maskedPaths
        self.readonlyPaths = readonlyPaths
        self.mountLabel = mountLabel
        self.personality = personality
        self.intelRdt = intelRdt
    }
}

/// A namespace the container creates, or joins when `path` is set.
public struct OCINamespace: Codable, Sendable, Equatable {
    public var type: OCINamespaceType
    /// A namespace file to join (`/proc/<pid>/ns/net`, `/run/netns/<name>`).
    public var path: String?

    public init(type: OCINamespaceType, path: String? = nil) {
        self.type = type
        self.path = path
    }
}

/// The Linux namespace kinds of config-linux.md.
public enum OCINamespaceType: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    case pid
    case network
    case mount
    case ipc
    case uts
    case user
    case cgroup
    case time
}

/// A contiguous range of IDs mapped between two user namespaces.
public struct OCIIDMapping: Codable, Sendable, Equatable {
    /// The first ID inside the container.
    public var containerID: UInt32
    /// The first ID on the host that `containerID` maps to.
    public var hostID: UInt32
    /// How many IDs the range holds.
    public var size: UInt32

    public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.size = size
    }
}

/// A device node the runtime creates in the container (mknod(2)).
public struct OCIDevice: Codable, Sendable, Equatable {
    /// `c` (character), `b` (block), `u` (unbuffered character) or `p` (FIFO).
    public var type: String
    /// The node's absolute path in the container.
    public var path: String
    /// Required unless `type` is `p`.
    public var major: Int64?
    /// Required unless `type` is `p`.
    public var minor: Int64?
    /// Permission bits, as a number (JSON has no octal: 438 is 0o666).
    public var fileMode: UInt32?
    /// The node's owner, in the container's user namespace.
    public var uid: UInt32?
    /// The node's group, in the container's user namespace.
    public var gid: UInt32?

    public init(type: String, path: String, major: Int64? = nil, minor: Int64? = nil,
                fileMode: UInt32? = nil, uid: UInt32? = nil, gid: UInt32? = nil) {
        self.type = type
        self.path = path
        self.major = major
        self.minor = minor
        self.fileMode = fileMode
        self.uid = uid
        self.gid = gid
    }
}

/// A clock offset of a time namespace.
public struct OCITimeOffset: Codable, Sendable, Equatable {
    public var secs: Int64?
    /// Added to `secs`.
    public var nanosecs: UInt32?

    public init(secs: Int64? = nil, nanosecs: UInt32? = nil) {
        self.secs = secs
        self.nanosecs = nanosecs
    }
}

/// The execution domain of the process (personality(2)).
public struct OCIPersonality: Codable, Sendable, Equatable {
    /// `LINUX` or `LINUX32`.
    public var domain: String
    /// Additional flags; none are defined by the spec yet.
    public var flags: [String]?

    public init(domain: String, flags: [String]? = nil) {
        self.domain = domain
        self.flags = flags
    }
}

/// Intel Resource Director Technology settings (spec 1.2 shape).
public struct OCIIntelRdt: Codable, Sendable, Equatable {
    /// The resctrl group (Class of Service) to create or join.
    public var closID: String?
    /// `L3:<cache_id0>=<cbm0>;<cache_id1>=<cbm1>;...`
    public var l3CacheSchema: String?
    /// `MB:<cache_id0>=<bandwidth0>;...`
    public var memBwSchema: String?
    /// Cache Monitoring Technology: LLC occupancy monitoring.
    public var enableCMT: Bool?
    /// Memory Bandwidth Monitoring.
    public var enableMBM: Bool?

    public init(closID: String? = nil, l3CacheSchema: String? = nil, memBwSchema: String? = nil,
                enableCMT: Bool? = nil, enableMBM: Bool? = nil) {
        self.closID = closID
        self.l3CacheSchema = l3CacheSchema
        self.memBwSchema = memBwSchema
        self.enableCMT = enableCMT
        self.enableMBM = enableMBM
    }
}
