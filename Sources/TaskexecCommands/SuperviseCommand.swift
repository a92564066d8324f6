import ArgumentParser
import Network
import Glibc
import Runtime
import Supervisor
import SystemPackage
import TaskSpec

/// The detached supervisor itself (hidden): reads the spec from stdin and
/// supervises the task until it exits.
struct SuperviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise", abstract: "Internal: the supervisor of a detached task.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option var baseDir: String
    @Option var readyFd: Int32
    @Option var events: [String] = []
    @Option var cgroupParent: String = "/"
    @Option var cniConfDir: String?
    @Option var cniBinDir: String = CNINetwork.defaultBinDirectory
    @Option var cniTimeout: Double = CNINetwork.defaultTimeout

    func run() throws {
        let ready = FileDescriptor(rawValue: readyFd)
        _ = fcntl(readyFd, F_SETFD, FD_CLOEXEC)
        // A long-lived supervisor holds nothing of its caller's but what it
        // was given: an inherited pipe end would keep the caller's reader
        // waiting for EOF for as long as the task runs.
        let destinations = events.compactMap(EventSink.Destination.init)
        DescriptorHygiene.closeAll(except: [readyFd] + destinations.compactMap { if case .fd(let n) = $0 { n } else { nil } })
        let bytes = (try? HostFile.readAll(.standardInput)) ?? []
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        dup2(null, 0)
        close(null)
        _ = chdir("/")
        let spec: SpecSource = SpecSource(bytes: bytes, baseDirectory: baseDir)
        let task: TaskSpec
        do {
            task = try SpecSource.decode(spec)
        } catch {
            _ = try? ready.writeAll(Array("error 2 \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        var options = TaskSupervisor.Options(paths: global.paths, events: destinations,
                                             foreground: false, ready: ready, cgroupParent: cgroupParent,
                                             cniConfigDirectory: cniConfDir, cniBinDirectory: cniBinDir)
        options.cniTimeout = cniTimeout
        let code = TaskSupervisor(spec: task, options: options).run()
        throw ExitCode(code)
    }
}
