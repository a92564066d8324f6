import CSpawn
import Glibc
import OCISpec
import SystemPackage

/// A user of the container, as its own /etc/passwd and /etc/group say.
public struct ResolvedUser: Equatable, Sendable {
    public var uid: UInt32
    public var gid: UInt32
    public var additionalGids: [UInt32]
    public var home: String

    public init(uid: UInt32, gid: UInt32, additionalGids: [UInt32] = [], home: String = "/") {
        self.uid = uid
        self.gid = gid
        self.additionalGids = additionalGids
        self.home = home
    }

    /// The OCI `process.user` (umask 022, as docker's default).
    public var ociUser: OCIUser {
        OCIUser(uid: uid, gid: gid, umask: 0o022, additionalGids: additionalGids)
    }
}

/// Resolves `user` / `uid[:gid]` / `name[:group]` the way docker and runc do
/// (a numeric uid not in passwd gets gid 0; supplementary groups are the
/// groups listing the user by name, and only when no group is given),
/// reading the image's passwd and group files inside its root (openat2
/// RESOLVE_IN_ROOT), so a symlinked /etc/passwd cannot read the host's.
public enum UserDatabase {
    public static func resolve(_ user: String?, root: FileDescriptor) throws(RuntimeError) -> ResolvedUser {
        try resolve(user, passwd: try readInRoot(root, "/etc/passwd"), group: try readInRoot(root, "/etc/group"))
    }

    /// The pure part: the files' contents in, the user out.
    public static func resolve(_ user: String?, passwd: String, group: String) throws(RuntimeError) -> ResolvedUser {
        let spec = user ?? ""
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userPart = parts.first ?? ""
        let groupPart = parts.count > 1 ? parts[1] : nil
        let users = entries(passwd)
        let groups = entries(group)

        let entry: [String]?
        var resolved: ResolvedUser
        if userPart.isEmpty {
            entry = users.first { $0[2] == "0" }
            resolved = ResolvedUser(uid: 0, gid: 0, home: "/root")
        } else if let uid = UInt32(userPart) {
            entry = users.first { $0[2] == userPart }
            resolved = ResolvedUser(uid: uid, gid: 0, home: uid == 0 ? "/root" : "/")
        } else {
            entry = users.first { $0[0] == userPart }
            guard entry != nil else {
                throw RuntimeError(stage: "", detail: "unable to find user \(userPart): no matching entries in passwd file")
            }
            resolved = ResolvedUser(uid: 0, gid: 0)
        }
        if let entry, entry.count >= 6, let uid = UInt32(entry[2]), let gid = UInt32(entry[3]) {
            resolved = ResolvedUser(uid: uid, gid: gid, home: entry[5].isEmpty ? "/" : entry[5])
            let name = entry[0]
            resolved.additionalGids = groups.compactMap { group in
                guard group.count >= 4, let gid = UInt32(group[2]) else { return nil }
                return group[3].split(separator: ",").contains(Substring(name)) ? gid : nil
            }
        }
        if let groupPart {
            if let gid = UInt32(groupPart) {
                resolved.gid = gid
            } else if let match = groups.first(where: { $0[0] == groupPart }), match.count >= 3, let gid = UInt32(match[2]) {
                resolved.gid = gid
            } else {
                throw RuntimeError(stage: "", detail: "unable to find group \(groupPart): no matching entries in group file")
            }
            // runc: supplementary groups only in the implicit form.
            resolved.additionalGids = []
        }
        return resolved
    }

    private static func entries(_ file: String) -> [[String]] {
        file.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            return fields.count >= 3 ? fields : nil
        }
    }

    /// The image's files are hostile input read on the host, outside any
    /// memory cgroup: a regular file only (a FIFO would hang us, a device
    /// or a sparse 50 GB file would grow us), at most `maximumSize`.
    static let maximumSize = 4 << 20

    private static func readInRoot(_ root: FileDescriptor, _ path: String) throws(RuntimeError) -> String {
        let fd = te_open_read_in_root(root.rawValue, path)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw RuntimeError(stage: "user", detail: "the image's \(path) is not a regular file")
        }
        guard info.st_size <= maximumSize else {
            throw RuntimeError(stage: "user", detail: "the image's \(path) is larger than \(maximumSize >> 20) MiB")
        }
        var bytes = [UInt8](repeating: 0, count: maximumSize + 1)
        var total = 0
        while total <= maximumSize {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, maximumSize + 1 - total) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        // It may have grown since fstat (a running task can rewrite it): never past the bound.
        guard total <= maximumSize else {
            throw RuntimeError(stage: "user", detail: "the image's \(path) is larger than \(maximumSize >> 20) MiB")
        }
        return String(decoding: bytes.prefix(total), as: UTF8.self)
    }
}
