import FoundationEssentials
import OCISpec
import Runtime

/// `features` (runtime-spec features.md): what this runtime applies, so a
/// client can choose before it writes a config.
public struct RuntimeFeatures: Encodable {
    struct Linux: Encodable {
        var namespaces = ["cgroup", "ipc", "mount", "network", "pid", "user", "uts"]
        var capabilities = Capabilities.allNames()
        var cgroup = ["v1": true, "v2": true, "systemd": false, "systemdUser": false, "rdma": false]
        var seccomp = Seccomp()
        var apparmor = ["enabled": false]
        var selinux = ["enabled": false]
        var intelRdt = ["enabled": false]
    }

    struct Seccomp: Encodable {
        var enabled = true
        var actions = ["SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                       "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRAP", "SCMP_ACT_TRACE"]
        var operators = ["SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
                         "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"]
        var archs = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]
    }

    var ociVersionMin = "1.0.0"
    var ociVersionMax = OCIConfig.specVersion
    var hooks = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]
    var mountOptions = ["ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "noatime", "atime",
                        "strictatime", "relatime", "nodiratime", "diratime", "bind", "rbind", "private", "rprivate"]
    var linux = Linux()

    public static func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(RuntimeFeatures())).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
