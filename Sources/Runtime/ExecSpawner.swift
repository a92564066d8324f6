import CSpawn
import Glibc
import OCISpec
import SystemPackage

/// A running container, as seen by a process that wants to enter it: the
/// pidfd of its init (opened once, reused for every exec and probe) and the
/// namespaces to join.
public final class ContainerTarget: @unchecked Sendable {
    public let initProcess: ProcessHandle
    let setnsFlags: UInt64

    public init(initProcess: ProcessHandle, namespaces: [OCINamespaceType]) {
        self.initProcess = initProcess
        // The pid namespace is entered by te_spawn_exec for the clone itself;
        // a user namespace (always the container's own) is entered with the rest.
        self.setnsFlags = namespaces.filter { $0 != .pid }
            .reduce(0) { $0 | Namespaces.flag($1) }
    }

    /// Opens a running process that is not our child (for `taskexec exec`).
    public static func open(pid: pid_t, namespaces: [OCINamespaceType]) throws(RuntimeError) -> ContainerTarget {
        let fd = te_pidfd_open(pid)
        if fd < 0 { throw RuntimeError(stage: "open task process", detail: "\(pid)", errno: Errno.fromNegative(fd)) }
        return ContainerTarget(initProcess: ProcessHandle(pid: pid, pidfd: FileDescriptor(rawValue: fd)), namespaces: namespaces)
    }
}

/// Starts processes inside a running container: `exec`, and health probes.
/// No re-exec of taskexec: one clone3 that setns()es with the init's pidfd.
public enum ExecSpawner {
    public static func spawn(_ process: OCIProcess, into target: ContainerTarget, stdio: StandardIO,
                             cgroup: TaskCgroup? = nil, seccomp: SeccompProgram? = nil,
                             options: ProcessOptions = ProcessOptions()) throws(RuntimeError) -> ProcessHandle {
        let arena = CStringArena()
        let failures: Pipe, alive: Pipe
        do {
            failures = try Pipe()
            alive = try Pipe()
        } catch {
            throw RuntimeError(stage: "pipe", errno: error)
        }
        defer {
            try? failures.readEnd.close()
            try? alive.readEnd.close()
            try? alive.writeEnd.close()
        }
        var plan = te_exec_plan()
        plan.target_pidfd = target.initProcess.pidfd.rawValue
        plan.setns_flags = target.setnsFlags
        plan.cgroup_fd = cgroup?.cloneTarget?.rawValue ?? -1
        let procs = cgroup?.procsFiles.map(\.rawValue) ?? []
        plan.cgroup_procs_fds = arena.array(procs)
        plan.n_cgroup_procs_fds = Int32(procs.count)
        plan.error_fd = failures.writeEnd.rawValue
        do {
            plan.process = try ProcessPlan(process: process, seccomp: seccomp, options: options)
                .cStruct(in: arena, stdio: stdio, parentAliveFD: alive.readEnd.rawValue)
        } catch {
            try? failures.writeEnd.close()
            throw error
        }
        var pidfd: Int32 = -1
        let pid = withUnsafePointer(to: &plan) { te_spawn_exec($0, &pidfd) }
        try? failures.writeEnd.close()
        guard pid > 0 else { throw RuntimeError(stage: "enter task", errno: Errno.fromNegative(pid)) }
        let handle = ProcessHandle(pid: pid, pidfd: FileDescriptor(rawValue: pidfd))
        if let failure = ChildFailure.read(from: failures.readEnd) {
            _ = try? handle.wait()
            throw failure
        }
        return handle
    }
}
