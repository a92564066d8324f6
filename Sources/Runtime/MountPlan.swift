import CSpawn
import OCISpec

/// One OCI mount, turned into what the child applies: a bind (open_tree) or
/// a filesystem (fsopen), the mount attributes, and the options the
/// filesystem itself takes (`size=64m`, `mode=1777`, `newinstance`).
struct MountPlan: Equatable {
    enum Kind: Equatable { case bind(recursive: Bool), filesystem(type: String) }

    var kind: Kind
    var source: String
    var target: String
    var attributes: UInt64
    var filesystemOptions: [String]
    /// MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE once attached (0: as created), and whether for the whole tree.
    var propagation: UInt64 = 0
    var propagationRecursive = false

    /// MOUNT_ATTR_* from <linux/mount.h>.
    enum Attribute {
        static let readOnly: UInt64 = 0x1
        static let noSetuid: UInt64 = 0x2
        static let noDevices: UInt64 = 0x4
        static let noExec: UInt64 = 0x8
        static let noAtime: UInt64 = 0x10
        static let strictAtime: UInt64 = 0x20
        static let noDiratime: UInt64 = 0x80
    }

    private static let attributeOptions: [String: UInt64] = [
        "ro": Attribute.readOnly, "nosuid": Attribute.noSetuid, "nodev": Attribute.noDevices,
        "noexec": Attribute.noExec, "noatime": Attribute.noAtime, "strictatime": Attribute.strictAtime,
        "nodiratime": Attribute.noDiratime,
    ]
    /// Options that only restate the default of a new mount.
    private static let defaultOptions: Set<String> = ["rw", "suid", "dev", "exec", "relatime", "atime", "diratime"]
    /// mount(2)'s propagation flags by option name ("r" prefix: recursive).
    static let propagationFlags: [String: UInt64] = [
        "shared": 1 << 20, "slave": 1 << 19, "private": 1 << 18, "unbindable": 1 << 17,
    ]
    static let recursiveFlag: UInt64 = 0x4000  // MS_REC

    /// A propagation option ("rshared") as mount(2) flags, or nil if it is none.
    static func propagation(_ option: String) -> (flag: UInt64, recursive: Bool)? {
        if let flag = propagationFlags[option] { return (flag, false) }
        if option.hasPrefix("r"), let flag = propagationFlags[String(option.dropFirst())] { return (flag, true) }
        return nil
    }

    init(_ mount: OCIMount) throws(RuntimeError) {
        let options = mount.options ?? []
        target = mount.destination
        guard target.hasPrefix("/") else {
            throw RuntimeError(stage: "mount \(target)", detail: "destination must be an absolute path")
        }
        let isBind = mount.type == "bind" || options.contains("bind") || options.contains("rbind")
        kind = isBind ? .bind(recursive: options.contains("rbind")) : .filesystem(type: mount.type ?? "")
        source = isBind ? (mount.source ?? "") : (mount.type ?? "")
        if case .filesystem(let type) = kind, type.isEmpty {
            throw RuntimeError(stage: "mount \(target)", detail: "type is required")
        }
        var attributes: UInt64 = 0
        var filesystemOptions: [String] = []
        for option in options {
            if let attribute = Self.attributeOptions[option] {
                attributes |= attribute
            } else if let (flag, recursive) = Self.propagation(option) {
                propagation = flag
                propagationRecursive = recursive
            } else if Self.defaultOptions.contains(option) || option == "bind" || option == "rbind" {
                continue
            } else if isBind {
                // Filesystem data (mode=, size=) means nothing to a bind: mount(2) ignores it, so do we (runc's reading).
                guard option.contains("=") else {
                    throw RuntimeError(stage: "mount \(target)", detail: "option \"\(option)\" is not supported for bind mounts")
                }
            } else {
                filesystemOptions.append(option)
            }
        }
        self.attributes = attributes
        // The source names the mount in /proc/mounts and df, as mount(2)'s would.
        if !isBind, let name = mount.source, !name.isEmpty { filesystemOptions.insert("source=\(name)", at: 0) }
        self.filesystemOptions = filesystemOptions
    }

    func cStruct(in arena: CStringArena) -> te_mount {
        var m = te_mount()
        switch kind {
        case .bind(let recursive):
            m.kind = Int32(TE_MOUNT_BIND.rawValue)
            m.recursive = recursive ? 1 : 0
        case .filesystem:
            m.kind = Int32(TE_MOUNT_FS.rawValue)
            m.fs_options = arena.stringArray(filesystemOptions)
        }
        m.source = arena.string(source)
        m.target = arena.string(target)
        m.attr_set = attributes
        m.propagation = propagation
        m.propagation_recursive = propagationRecursive ? 1 : 0
        return m
    }
}
