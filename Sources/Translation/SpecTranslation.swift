import OCISpec
import TaskSpec

/// Translates a task spec into the OCI runtime config the runtime consumes.
/// Pure: no file system, no kernel; everything node-specific comes in
/// through `TranslationInput`.
public enum SpecTranslation {
    public static func config(for spec: TaskSpec, _ input: TranslationInput) -> OCIConfig {
        let hostname = spec.hostname ?? defaultHostname(for: spec.id)
        var config = OCIConfig()
        config.root = OCIRoot(path: spec.rootfs, readonly: spec.readonlyRootfs)
        config.hostname = hostname
        config.process = process(for: spec, hostname: hostname, input)
        config.mounts = SystemMounts.all + networkFileMounts(spec, input) + userMounts(spec.mounts, input)
        config.linux = OCILinux(namespaces: namespaces(for: spec, input),
                                cgroupsPath: "/" + cgroupPath(for: spec.id, parent: input.cgroupParent),
                                resources: resources(spec.resources, devices: input.deviceRules),
                                rootfsPropagation: "rprivate",
                                seccomp: input.seccomp.map { profile in
                                    profile.resolved(capabilities: Set(config.process?.capabilities?.bounding ?? [])).oci
                                },
                                maskedPaths: HiddenPaths.masked, readonlyPaths: HiddenPaths.readonly)
        if !input.devices.isEmpty { config.linux?.devices = input.devices }
        return config
    }

    static func process(for spec: TaskSpec, hostname: String, _ input: TranslationInput) -> OCIProcess {
        var process = OCIProcess(user: input.user, cwd: spec.workdir ?? "/")
        process.args = spec.command
        process.env = Environment.merged(spec.env, hostname: hostname, home: input.home)
        process.capabilities = DefaultCapabilities.sets(forUID: input.user.uid, add: spec.capAdd, drop: spec.capDrop)
        process.noNewPrivileges = spec.noNewPrivileges ? true : nil
        return process
    }

    static func namespaces(for spec: TaskSpec, _ input: TranslationInput) -> [OCINamespace] {
        var types: [OCINamespaceType] = [.pid, .ipc, .uts, .mount]
        if spec.network != .host { types.append(.network) }
        if input.cgroupNamespace { types.append(.cgroup) }
        return types.map { OCINamespace(type: $0) }
    }

    /// A bridge task's generated /etc/hosts, /etc/hostname and
    /// /etc/resolv.conf, bound read-only over the image's (left untouched).
    static func networkFileMounts(_ spec: TaskSpec, _ input: TranslationInput) -> [OCIMount] {
        guard spec.network == .bridge, let directory = input.networkFilesDirectory else { return [] }
        return ["hosts", "hostname", "resolv.conf"].map { name in
            OCIMount(destination: "/etc/" + name, type: "bind", source: directory + "/" + name, options: ["bind", "rprivate", "ro"])
        }
    }

    /// The task's id as a hostname: underscores are not allowed there.
    static func defaultHostname(for id: String) -> String {
        String(String(id.map { $0 == "_" ? "-" : $0 }).prefix(63))
    }
}
