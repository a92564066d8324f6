import Foundation
import Testing

/// A private containerd for one test: its own config, root, state, sockets
/// and CNI directory under a scratch directory, never the system instance;
/// the native snapshotter (a copy per container: no overlay mounts to leak);
/// one image made from the busybox fixture, imported into a namespace of its
/// own, so the cgroups containerd asks for (`/NAMESPACE/ID`) are the test's.
/// The CRI plugin has two runtime handlers, `taskexec` and `runc`.
final class Containerd {
    static let daemon = "/usr/bin/containerd"
    static let ctrBinary = "/usr/bin/ctr"
    static let canRun = Harness.canRun && FileManager.default.isExecutableFile(atPath: daemon)
        && FileManager.default.isExecutableFile(atPath: ctrBinary)
    static let skipReason: Comment = "needs root, `make fixtures` and containerd (apt-get install containerd)"
    static let image = "taskexec.test/busybox:1"

    let tag = String(UUID().uuidString.prefix(8)).lowercased()
    var scratch: String { "/tmp/taskexec-ctrd-" + tag }
    var namespace: String { "taskexec-test-" + tag }
    var socket: String { scratch + "/containerd.sock" }
    var runtimeRoot: String { scratch + "/runtime-root" }
    private var daemonProcess: Process?

    init() throws {
        try FileManager.default.createDirectory(atPath: scratch + "/cni", withIntermediateDirectories: true)
        try writeConfig()
        try start()
        let archive = scratch + "/image.tar"
        let built = Podman.execute("/usr/bin/env", ["python3", Harness.packageRoot + "/Tests/Clients/oci_image.py",
                                                    Harness.busybox, archive, Containerd.image,
                                                    "--cmd", "/bin/sleep", "--cmd", "1000000"], timeout: 60)
        try #require(built.code == 0, "oci_image.py: \(built.stderr)")
        for namespace in [namespace, "k8s.io"] {
            let imported = ctr(["-n", namespace, "images", "import", "--snapshotter", "native", archive])
            try #require(imported.code == 0, "ctr images import: \(imported.stderr)")
        }
    }

    /// `ctr ARGS` against this instance, in its namespace unless ARGS name one.
    @discardableResult
    func ctr(_ arguments: [String], timeout: TimeInterval = 60) -> Harness.Result {
        let namespaced = arguments.first == "-n" ? arguments : ["-n", namespace] + arguments
        return Podman.execute(Containerd.ctrBinary, ["--address", socket] + namespaced, timeout: timeout)
    }

    /// `ctr run` of the test image with `runtime` as the shim's runc binary.
    func run(_ runtime: RuntimeUnderTest, _ flags: [String], id: String, _ command: [String],
             timeout: TimeInterval = 60) -> Harness.Result {
        ctr(["run", "--snapshotter", "native", "--runc-binary", runtime.path, "--runc-root", runtimeRoot]
            + flags + [Containerd.image, id] + command, timeout: timeout)
    }

    /// The cgroup containerd gives container `id` (cgroupfs: /NAMESPACE/ID).
    func cgroupPath(_ id: String) -> String { "\(namespace)/\(id)" }

    /// Starts the daemon and waits for its socket.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Containerd.daemon)
        process.arguments = ["--config", scratch + "/config.toml"]
        FileManager.default.createFile(atPath: scratch + "/containerd.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/containerd.log"))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        daemonProcess = process
        let ready = Harness.eventually(timeout: 30) { ctr(["version"], timeout: 10).code == 0 }
        try #require(ready, "containerd did not start: \(daemonLog)")
    }

    /// Stops the daemon (SIGTERM, as systemd does); the shims and their tasks live on.
    func stop() {
        guard let process = daemonProcess else { return }
        process.terminate()
        // Foundation's waitUntilExit may miss the exit: ask the kernel.
        _ = Podman.exitCode(of: process, timeout: 30)
        daemonProcess = nil
    }

    var daemonLog: String {
        let text = (try? String(contentsOfFile: scratch + "/containerd.log", encoding: .utf8)) ?? ""
        return String(text.suffix(4000))
    }

    /// Kills and deletes every task and container of both namespaces, stops
    /// the daemon, and removes what containerd left: checks that no cgroup or
    /// mount of ours is left behind (that would be the runtime's leak).
    func cleanUp() {
        for namespace in [namespace, "k8s.io"] {
            for task in lines(ctr(["-n", namespace, "task", "ls", "-q"])) {
                ctr(["-n", namespace, "task", "kill", "-s", "SIGKILL", task])
                _ = Harness.eventually(timeout: 10) { ctr(["-n", namespace, "task", "delete", task]).code == 0 }
            }
            for container in lines(ctr(["-n", namespace, "containers", "ls", "-q"])) {
                ctr(["-n", namespace, "containers", "rm", container])
            }
        }
        stop()
        let mounts = HostSnapshot.allMountPoints().filter { $0.hasPrefix(scratch + "/") }
        #expect(mounts.isEmpty, "left mounted: \(mounts)")
        for point in mounts.reversed() { umount2(point, Int32(MNT_DETACH)) }
        for (parent, children) in CgroupFiles.children(of: namespace) {
            #expect(children.isEmpty, "cgroups left in \(parent): \(children)")
            for child in children { rmdir(parent + "/" + child) }
            rmdir(parent)
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func lines(_ result: Harness.Result) -> [String] {
        result.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    private func writeConfig() throws {
        func runtime(_ name: String, _ binary: String) -> String {
            """
                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.\(name)]
                  runtime_type = "io.containerd.runc.v2"
                  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.\(name).options]
                    BinaryName = "\(binary)"
                    Root = "\(scratch)/cri-\(name)-root"
                    SystemdCgroup = false

            """
        }
        let config = """
            version = 2
            root = "\(scratch)/root"
            state = "\(scratch)/state"
            disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
                                "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
            [grpc]
              address = "\(socket)"
            [ttrpc]
              address = "\(socket).ttrpc"
            [debug]
              address = "\(scratch)/debug.sock"
            [plugins."io.containerd.internal.v1.opt"]
              path = "\(scratch)/opt"
            [plugins."io.containerd.grpc.v1.cri"]
              sandbox_image = "\(Containerd.image)"
              stream_server_port = "0"
              # Root here lacks CAP_SYS_RESOURCE: the pause container's -998 would fail with any runtime.
              restrict_oom_score_adj = true
              [plugins."io.containerd.grpc.v1.cri".containerd]
                snapshotter = "native"
                default_runtime_name = "taskexec"
            \(runtime("taskexec", RuntimeUnderTest.taskexec.path))\(runtime("runc", RuntimeUnderTest.runc.path))
              [plugins."io.containerd.grpc.v1.cri".cni]
                bin_dir = "/usr/lib/cni"
                conf_dir = "\(scratch)/cni"

            """
        try config.write(toFile: scratch + "/config.toml", atomically: true, encoding: .utf8)
    }
}
