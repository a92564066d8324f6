import OCISpec

/// The compiled filter for an OCI `linux.seccomp` and a process: compiled
/// in the parent by libseccomp, once per profile and capability set (the
/// cache), and only installed by the child.
public enum SeccompFilter {
    public static func program(_ seccomp: OCISeccomp?, for process: OCIProcess) throws(RuntimeError) -> SeccompProgram? {
        guard let seccomp else { return nil }
        let profile: SeccompProfile
        do {
            profile = try SeccompProfile(oci: seccomp)
        } catch {
            throw RuntimeError(stage: "seccomp", detail: "\(error)")
        }
        return try SeccompCompiler.compile(profile, capabilities: Set(process.capabilities?.bounding ?? []))
    }
}
