import Runtime
import TaskSpec

/// The spec's `seccomp` as a profile: taskexec's default when it says
/// "default" or nothing (secure by default), nil for "unconfined", or a
/// docker/OCI JSON profile from a path (a malformed one is a spec error).
public enum SeccompChoice {
    public static func profile(for spec: TaskSpec) throws(SpecError) -> SeccompProfile? {
        switch spec.seccomp {
        case nil, .default?: return SeccompProfile.default
        case .unconfined?: return nil
        case .profile(let path)?:
            do {
                return try SeccompProfile.load(path: path)
            } catch {
                throw SpecError(path: "seccomp", message: "\(error)")
            }
        }
    }
}

extension TaskSpec {
    /// How `state` names a confined task's profile: "default", or its path.
    var seccompProfileName: String {
        if case .profile(let path)? = seccomp { return path }
        return "default"
    }
}
