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

    /// The task's state and logs; nothing of it is left.
    public static func removeFiles(of id: String, paths: TaskPaths) {
        HostFile.removeTree(paths.stateDirectory(id))
        HostFile.removeTree(paths.logDirectory(id))
    }
}
