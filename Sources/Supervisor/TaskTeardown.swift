import Glibc
import Runtime

/// The one teardown of what a task holds on the node, for a failed start,
/// a normal exit, and `delete` after its supervisor died: the cgroup
/// emptied and removed, the network DEL'd and its namespace unpinned, and
/// (when the task is forgotten) its files.
public enum TaskTeardown {
    static func release(cgroup: TaskCgroup?, network: TaskNetwork?, stateDirectory: String) {
        cgroup?.destroy()
        network?.detach()
        unlink(stateDirectory + "/cni.json")
    }

    /// The same, from what is recorded on disk (the supervisor is gone).
    public static func releaseRecorded(_ state: TaskState, paths: TaskPaths) {
        let directory = paths.stateDirectory(state.id)
        release(cgroup: state.cgroup?.open(), network: TaskNetwork.recorded(in: directory), stateDirectory: directory)
    }

    /// A task whose state.json is missing or damaged: its supervisor is found
    /// by the lock it holds (the kernel's table, not a file) and killed, which
    /// takes the task with it (PDEATHSIG), then its cgroup (from the record
    /// written before it was made) and network are released.
    public static func releaseDamaged(_ id: String, paths: TaskPaths) {
        killSupervisor(of: id, paths: paths)
        let directory = paths.stateDirectory(id)
        let record = (try? HostFile.readString(paths.cgroupRecord(id)))?.split(separator: " ", maxSplits: 1)
        let cgroup = record.flatMap { parts -> TaskCgroup? in
            guard parts.count == 2, let version = CgroupVersion(rawValue: String(parts[0])),
                  parts[1].split(separator: "/").allSatisfy({ $0 != ".." }) else { return nil }
            return Cgroups.driver(for: version).open(String(parts[1]))
        }
        release(cgroup: cgroup, network: TaskNetwork.recorded(in: directory), stateDirectory: directory)
    }

    /// SIGKILL to the supervisor holding the task's lock, if any, and a wait
    /// for the lock to go (its task dies with it). A supervisor that is
    /// stopped or frozen cannot answer a control request; this still works.
    public static func killSupervisor(of id: String, paths: TaskPaths, timeout: Double = 10) {
        let lock = paths.lockFile(id)
        guard let pid = SupervisorLock.holder(path: lock) else { return }
        kill(pid, SIGKILL)
        let deadline = Timestamp.monotonic() + timeout
        while SupervisorLock.isHeld(path: lock) && Timestamp.monotonic() < deadline { usleep(10_000) }
    }

    /// The task's state and logs; nothing of it is left.
    public static func removeFiles(of id: String, paths: TaskPaths) {
        HostFile.removeTree(paths.stateDirectory(id))
        HostFile.removeTree(paths.logDirectory(id))
    }
}
