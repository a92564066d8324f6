import CSpawn

/// Files the runtime creates in a ramfs from memory (secrets, configs):
/// the bytes go from this process's memory to the task's mount namespace
/// and never touch a disk. Not part of the OCI config on purpose: the
/// config is written to disk by OCI clients, secrets must not be.
public struct InMemoryFiles: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        /// Relative to its ramfs.
        public var path: String
        public var bytes: [UInt8]
        public var uid: UInt32
        public var gid: UInt32
        public var mode: UInt32
        /// For files outside `directory`: the absolute target of their read-only bind.
        public var bindTarget: String?

        public init(path: String, bytes: [UInt8], uid: UInt32, gid: UInt32, mode: UInt32, bindTarget: String? = nil) {
            self.path = path
            self.bytes = bytes
            self.uid = uid
            self.gid = gid
            self.mode = mode
            self.bindTarget = bindTarget
        }
    }

    /// Where the ramfs of `inDirectory` is mounted (`/run/secrets`), nil for none.
    public var directory: String?
    public var inDirectory: [File]
    /// Each bound read-only at its own `bindTarget`.
    public var bound: [File]

    public init(directory: String? = nil, inDirectory: [File] = [], bound: [File] = []) {
        self.directory = directory
        self.inDirectory = inDirectory
        self.bound = bound
    }

    func cFiles(_ files: [File], in arena: CStringArena) -> [te_file] {
        files.map { file in
            te_file(path: arena.string(file.path), data: arena.secretBytes(file.bytes), len: UInt64(file.bytes.count),
                    uid: file.uid, gid: file.gid, mode: file.mode, bind_target: arena.optionalString(file.bindTarget))
        }
    }
}
