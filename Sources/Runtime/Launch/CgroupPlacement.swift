/// Where a container's cgroup goes: `linux.cgroupsPath` relative to each
/// hierarchy's root (runc's cgroupfs reading), `taskexec/ID` when unset.
public enum CgroupPlacement {
    public static func relativePath(_ cgroupsPath: String?, id: String) throws(RuntimeError) -> String {
        guard let given = cgroupsPath, !given.isEmpty else { return "taskexec/\(id)" }
        if given.contains(":") {
            throw RuntimeError(stage: "config", detail: "linux.cgroupsPath \"\(given)\" is a systemd slice path; taskexec manages cgroupfs paths only (no --systemd-cgroup)")
        }
        let components = given.split(separator: "/")
        guard !components.isEmpty, !components.contains(".."), !components.contains(".") else {
            throw RuntimeError(stage: "config", detail: "linux.cgroupsPath \"\(given)\" is not a valid cgroup path")
        }
        return components.joined(separator: "/")
    }
}
