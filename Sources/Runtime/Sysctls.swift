import CSpawn
import OCISpec

/// `linux.sysctl`: only keys that belong to a namespace the container has
/// of its own, as runc allows; a host-wide key would change the host.
enum Sysctls {
    private static let ipcKeys: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
        "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
    ]
    private static let utsKeys: Set<String> = ["kernel.domainname", "kernel.hostname"]

    static func validated(_ sysctls: [String: String], namespaces: [OCINamespace]) throws(RuntimeError) -> [(path: String, value: String)] {
        let types = Set(namespaces.map(\.type))
        return try sysctls.keys.sorted().map { (key) throws(RuntimeError) in
            let needed: OCINamespaceType? =
                ipcKeys.contains(key) || key.hasPrefix("fs.mqueue.") ? .ipc
                : key.hasPrefix("net.") ? .network
                : utsKeys.contains(key) ? .uts : nil
            guard let needed else {
                throw RuntimeError(stage: "config", detail: "linux.sysctl: \"\(key)\" is not namespaced: it would change the host")
            }
            guard types.contains(needed) else {
                throw RuntimeError(stage: "config", detail: "linux.sysctl: \"\(key)\" needs the container's own \(needed.rawValue) namespace")
            }
            guard !key.contains("/"), !key.contains(".."), !key.hasSuffix(".") else {
                throw RuntimeError(stage: "config", detail: "linux.sysctl: invalid key \"\(key)\"")
            }
            return (String(key.map { $0 == "." ? "/" : $0 }), sysctls[key]!)
        }
    }
}
