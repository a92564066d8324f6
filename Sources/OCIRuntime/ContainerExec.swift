import FoundationEssentials
import Glibc
import OCISpec
import Runtime
import SystemPackage

/// `exec`: a process from a `--process` file, or the config's process with
/// runc's flag overrides, started inside a running container.
public struct ExecRequest: Sendable {
    public var processFile: String?
    public var args: [String] = []
    public var env: [String] = []
    public var cwd: String?
    /// `uid[:gid]`, numeric as runc takes it.
    public var user: String?
    public var additionalGids: [UInt32] = []
    public var addedCapabilities: [String] = []
    public var noNewPrivileges = false
    public var tty = false
    public var consoleSocket: String?
    public var detach = false
    public var pidFile: String?
    public var preservedFDs = 0
    public var ignorePaused = false

    public init() {}
}

extension Container {
    /// Starts the process; detached, returns its pid at once, else waits
    /// (forwarding `forwarded` signals) and returns its exit status.
    public func exec(_ request: ExecRequest, forwarding signals: FileDescriptor?) throws(ContainerError) -> ExitStatus? {
        let current = status
        guard current == .running || (current == .paused && request.ignorePaused) || current == .created else {
            throw ContainerError("cannot exec in a \(current.rawValue) container")
        }
        let target = try openInit()
        let process = HomeEnvironment.completed(try execProcess(request), root: "/proc/\(target.initProcess.pid)/root")
        if process.terminal == true && request.consoleSocket == nil {
            throw .badInput("--tty needs --console-socket (taskexec does not relay a terminal itself)")
        }
        let console = try request.consoleSocket.map { (path) throws(ContainerError) in try ConsoleSocket.connect(path) }
        defer { try? console?.close() }
        let options = ProcessOptions(diesWithParent: !request.detach, consoleSocket: console, preservedFDs: request.preservedFDs)
        let child: ProcessHandle
        do {
            let seccomp = try SeccompFilter.program(config.linux?.seccomp, for: process)
            child = try ExecSpawner.spawn(process, into: target, stdio: .inherited, cgroup: cgroup, seccomp: seccomp, options: options)
        } catch {
            throw .runtime(error)
        }
        if let pidFile = request.pidFile {
            do {
                try HostFile.writeAtomically(pidFile, Array("\(child.pid)".utf8), permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                throw ContainerError("--pid-file \(pidFile): \(error.reason)", exitCode: 125)
            }
        }
        if request.detach { return nil }
        return child.waitForwarding(signals)
    }

    private func execProcess(_ request: ExecRequest) throws(ContainerError) -> OCIProcess {
        if let file = request.processFile {
            let bytes: [UInt8]
            do {
                bytes = try HostFile.readBytes(file)
            } catch {
                throw .badInput("--process \(file): \(error.reason)")
            }
            do {
                return try JSONDecoder().decode(OCIProcess.self, from: Data(bytes))
            } catch let error as DecodingError {
                throw .badInput("--process \(file): \(Bundle.describe(error))")
            } catch {
                throw .badInput("--process \(file): \(error)")
            }
        }
        guard !request.args.isEmpty, var process = config.process else {
            throw .badInput("exec: give a command, or --process FILE")
        }
        process.args = request.args
        process.env = (process.env ?? []) + request.env
        process.terminal = request.tty
        process.consoleSize = nil
        if let cwd = request.cwd { process.cwd = cwd }
        if let user = request.user {
            let parts = user.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let uid = UInt32(parts[0]), parts.count == 1 || UInt32(parts[1]) != nil else {
                throw .badInput("--user \"\(user)\": expected uid[:gid] (numbers)")
            }
            process.user = OCIUser(uid: uid, gid: parts.count == 2 ? UInt32(parts[1])! : 0, umask: process.user.umask)
        }
        if !request.additionalGids.isEmpty { process.user.additionalGids = request.additionalGids }
        if !request.addedCapabilities.isEmpty {
            var capabilities = process.capabilities ?? OCICapabilities()
            for name in request.addedCapabilities {
                let cap = name.uppercased().hasPrefix("CAP_") ? name.uppercased() : "CAP_" + name.uppercased()
                for keyPath in [\OCICapabilities.bounding, \.effective, \.permitted] where capabilities[keyPath: keyPath]?.contains(cap) != true {
                    capabilities[keyPath: keyPath] = (capabilities[keyPath: keyPath] ?? []) + [cap]
                }
            }
            process.capabilities = capabilities
        }
        if request.noNewPrivileges { process.noNewPrivileges = true }
        return process
    }
}
