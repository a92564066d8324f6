import Glibc
import OCISpec
import Runtime
import SystemPackage
import Translation

/// A CMD or CMD-SHELL probe: a real process inside the task's namespaces,
/// with its user, workdir and environment, stdout and stderr into one pipe.
final class ExecProbeRun: ProbeRun {
    private let process: ProcessHandle
    private let output: FileDescriptor
    private var printed = ProbeOutput()
    private var outputOpen = true

    /// Starts the probe; a probe that cannot start is an outcome at once.
    static func start(_ args: [String], base: OCIProcess, target: ContainerTarget, cgroup: TaskCgroup?, seccomp: SeccompProgram?) -> ProbeStart {
        let pipe: Pipe
        let devNull: FileDescriptor
        do {
            pipe = try Pipe()
            devNull = try asErrno { try FileDescriptor.open("/dev/null", .readOnly, options: [.closeOnExec]) }
        } catch {
            return .finished(ProbeOutcome(exitCode: -1, output: "probe: \(error.reason)"))
        }
        defer {
            try? devNull.close()
            try? pipe.writeEnd.close()
        }
        do {
            let process = try ExecSpawner.spawn(SpecTranslation.execProcess(base: base, args: args), into: target,
                                                stdio: StandardIO(input: devNull, output: pipe.writeEnd, error: pipe.writeEnd),
                                                cgroup: cgroup, seccomp: seccomp)
            _ = fcntl(pipe.readEnd.rawValue, F_SETFL, fcntl(pipe.readEnd.rawValue, F_GETFL) | O_NONBLOCK)
            return .running(ExecProbeRun(process: process, output: pipe.readEnd))
        } catch {
            try? pipe.readEnd.close()
            return .finished(ProbeOutcome(exitCode: error.exitCode, output: error.description))
        }
    }

    private init(process: ProcessHandle, output: FileDescriptor) {
        self.process = process
        self.output = output
    }

    deinit { try? output.close() }

    var watched: [(fd: Int32, events: Int16)] {
        var list = [(fd: process.pidfd.rawValue, events: Int16(POLLIN))]
        if outputOpen { list.append((output.rawValue, Int16(POLLIN))) }
        return list
    }

    func advance(fd: Int32, revents: Int16) -> ProbeOutcome? {
        if fd == output.rawValue {
            readAvailable()
            return nil
        }
        guard let status = try? process.wait(block: false) else { return nil }
        readAvailable()
        return ProbeOutcome(exitCode: status.shellCode, output: printed.text)
    }

    func abort() -> String {
        // The probe leads its own session: its whole process group goes.
        kill(-process.pid, SIGKILL)
        try? process.signal(SIGKILL)
        _ = try? process.wait()
        readAvailable()
        return printed.text
    }

    private func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while outputOpen {
            let count = read(output.rawValue, &buffer, buffer.count)
            if count > 0 {
                printed.append(buffer[0..<count])
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                outputOpen = false
            } else if errno == EAGAIN {
                return
            }
        }
    }
}
