import FoundationEssentials
import OCISpec
import Runtime

/// What `create` records about a container for the verbs that follow.
public struct ContainerRecord: Codable, Sendable {
    public var id: String
    /// Absolute bundle directory, as the client gave it.
    public var bundle: String
    /// Absolute root filesystem path.
    public var rootfs: String
    public var pid: Int32
    /// With the pid, names the init for good (pid reuse).
    public var pidStartTime: UInt64
    /// RFC 3339, when `create` finished.
    public var created: String
    public var cgroupVersion: CgroupVersion
    /// Relative to the hierarchy root.
    public var cgroupPath: String
    /// The limits applied, for `update` to change some and keep the rest.
    public var limits: CgroupLimits
    public var annotations: [String: String]?

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> ContainerRecord {
        try JSONDecoder().decode(ContainerRecord.self, from: Data(bytes))
    }
}
