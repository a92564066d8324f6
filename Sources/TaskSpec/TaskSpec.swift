/// A task spec (design.md §1), after decoding and validation.
///
/// Every field of the contract is modelled here, including those whose feature
/// lands later: `SpecDecoder` validates them fully and `unsupportedFields()` lists
/// the ones not built yet, so nothing is ever silently ignored.
public struct TaskSpec: Sendable, Equatable {
    public var id: String
    /// As written in the spec; `SpecDecoder` makes it absolute against the spec's directory.
    public var rootfs: String
    public var readonlyRootfs: Bool = false
    public var command: [String]
    public var env: [String] = []
    public var workdir: String?
    public var user: String?
    public var hostname: String?
    public var mounts: [Mount] = []
    public var secrets: [FileItem] = []
    public var configs: [FileItem] = []
    public var network: NetworkMode = .none
    public var ports: [Port] = []
    public var resources: Resources?
    public var healthcheck: Healthcheck?
    public var stopSignal: Signal = Signal(name: "SIGTERM", number: 15)
    public var stopGracePeriod: Duration = .seconds(10)
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    /// `nil` when the spec does not say.
    public var seccomp: Seccomp?
    public var noNewPrivileges: Bool = false
    /// Host devices made available (docker `--device`, compose `devices`).
    public var devices: [Device] = []

    public init(id: String, rootfs: String, command: [String]) {
        self.id = id
        self.rootfs = rootfs
        self.command = command
    }
}

extension TaskSpec {
    /// A host device node made in the task (docker `--device`): the node is
    /// created at `target` with the host node's type and numbers, and only
    /// that device is added to the task's device rules.
    public struct Device: Sendable, Equatable {
        /// The host's node, absolute.
        public var path: String
        /// Where it appears in the task, absolute; defaults to `path`.
        public var target: String
        /// What the task may do with it: some of `r`, `w`, `m`; default `rwm`.
        public var permissions: String = "rwm"

        public init(path: String, target: String? = nil, permissions: String = "rwm") {
            self.path = path
            self.target = target ?? path
            self.permissions = permissions
        }
    }

    public struct Mount: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable { case bind, volume, tmpfs }
        public var kind: Kind
        /// A host path for `bind`, a volume name for `volume`, nil for `tmpfs`.
        public var source: String?
        /// Absolute, normalised (no `.`/`..`/`//`), resolved inside the rootfs at mount time.
        public var target: String
        public var readonly: Bool = false
        /// tmpfs only.
        public var size: Int64?
        /// tmpfs only, e.g. 0o1777.
        public var mode: UInt32?

        public init(kind: Kind, source: String?, target: String, readonly: Bool = false, size: Int64? = nil, mode: UInt32? = nil) {
            self.kind = kind; self.source = source; self.target = target
            self.readonly = readonly; self.size = size; self.mode = mode
        }
    }

    /// A secret or a config: a file placed for the task from inline data or a node file.
    public struct FileItem: Sendable, Equatable {
        /// Swarm's limit for one secret or config.
        public static let maximumSize = 500 * 1024

        public enum Source: Sendable, Equatable {
            /// Decoded bytes of the base64 `data` field.
            case data([UInt8])
            case file(String)
        }
        public var name: String
        public var target: String
        public var source: Source
        public var uid: UInt32 = 0
        public var gid: UInt32 = 0
        public var mode: UInt32 = 0o444

        public init(name: String, target: String, source: Source, uid: UInt32 = 0, gid: UInt32 = 0, mode: UInt32 = 0o444) {
            self.name = name; self.target = target; self.source = source
            self.uid = uid; self.gid = gid; self.mode = mode
        }
    }

    public enum NetworkMode: String, Sendable, Equatable { case none, host, bridge }

    public struct Port: Sendable, Equatable {
        public enum Proto: String, Sendable, Equatable { case tcp, udp }
        public var published: UInt16
        public var target: UInt16
        public var proto: Proto = .tcp
        public var hostIP: String = "0.0.0.0"

        public init(published: UInt16, target: UInt16, proto: Proto = .tcp, hostIP: String = "0.0.0.0") {
            self.published = published; self.target = target; self.proto = proto; self.hostIP = hostIP
        }
    }

    public struct Resources: Sendable, Equatable {
        public var cpus: Double?
        public var memory: Int64?
        /// docker's meaning: memory + swap in total; -1 is unlimited.
        public var memorySwap: Int64?
        /// -1 or 0 is unlimited, as in docker.
        public var pidsLimit: Int64?
        /// Relative CPU weight (2–262144; docker's 1024 is the default).
        public var cpuShares: UInt64?
        /// CPUs and memory nodes the task may use ("0-3,6").
        public var cpusetCpus: String?
        public var cpusetMems: String?
        /// A soft limit the kernel reclaims towards under memory pressure.
        public var memoryReservation: Int64?
        /// Relative block I/O weight (10–1000).
        public var blkioWeight: UInt16?

        public init(cpus: Double? = nil, memory: Int64? = nil, memorySwap: Int64? = nil, pidsLimit: Int64? = nil) {
            self.cpus = cpus; self.memory = memory; self.memorySwap = memorySwap; self.pidsLimit = pidsLimit
        }
    }

    public struct Healthcheck: Sendable, Equatable {
        public enum Test: Sendable, Equatable {
            case none
            case cmd([String])
            case cmdShell(String)
            case http(ProbeURL)
            case tcp(UInt16)
        }
        public enum OnUnhealthy: String, Sendable, Equatable { case none, stop, kill }
        public var test: Test
        /// Defaults already applied (design.md §4: 0 means the default).
        public var interval: Duration = .seconds(30)
        public var timeout: Duration = .seconds(30)
        public var retries: Int = 3
        public var startPeriod: Duration = .zero
        public var startInterval: Duration = .seconds(5)
        public var onUnhealthy: OnUnhealthy = .none

        public init(test: Test) { self.test = test }
    }

    public enum Seccomp: Sendable, Equatable {
        case `default`
        case unconfined
        case profile(path: String)
    }

    /// A signal, by its canonical name (`SIGTERM`) and number.
    public struct Signal: Sendable, Equatable {
        public var name: String
        public var number: Int32
        public init(name: String, number: Int32) { self.name = name; self.number = number }
    }
}
