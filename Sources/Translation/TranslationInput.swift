import OCISpec
import Runtime

/// What the translation needs besides the spec, found out by the caller on
/// the node: who the user is in the image, where volumes live, what the
/// kernel offers. Keeping this outside makes the translation pure.
public struct TranslationInput: Sendable {
    /// The spec's `user` resolved against the image's /etc/passwd and /etc/group.
    public var user: OCIUser
    /// HOME for the process when the spec's env does not set it.
    public var home: String
    /// `<data-root>/volumes`: a volume NAME is `<volumesDirectory>/NAME/_data`.
    public var volumesDirectory: String
    /// Whether the host has cgroup namespaces.
    public var cgroupNamespace: Bool
    /// Where task cgroups go (`--cgroup-parent`); "/" by default.
    public var cgroupParent: String
    /// Bridge tasks: where the supervisor writes their hosts, hostname and
    /// resolv.conf (after CNI ADD, before the task builds its root).
    public var networkFilesDirectory: String?
    /// The seccomp profile (taskexec's default, or one loaded from the
    /// spec's path); nil for `unconfined`.
    public var seccomp: SeccompProfile?
    /// The spec's `devices` as found on the node: the nodes to make and the
    /// one rule each adds.
    public var devices: [OCIDevice] = []
    public var deviceRules: [OCIDeviceCgroup] = []

    /// The host directory of volume `name`.
    public static func volumeData(_ name: String, in volumesDirectory: String) -> String { "\(volumesDirectory)/\(name)/_data" }

    public init(user: OCIUser, home: String, volumesDirectory: String, cgroupNamespace: Bool = true, cgroupParent: String = "/") {
        self.user = user
        self.home = home
        self.volumesDirectory = volumesDirectory
        self.cgroupNamespace = cgroupNamespace
        self.cgroupParent = cgroupParent
    }
}
