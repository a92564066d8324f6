import Glibc
import Network
import Runtime
import SystemPackage
import TaskSpec

/// Bridge networking of one task: ports reserved, CNI ADD while the init
/// waits, the generated files, and DEL on every way out.
final class TaskNetwork {
    private let attachment: CNIAttachment?
    private let pinned: PinnedNamespace?
    private let reservation: PortReservation

    private init(attachment: CNIAttachment?, pinned: PinnedNamespace?, reservation: PortReservation) {
        self.attachment = attachment
        self.pinned = pinned
        self.reservation = reservation
    }

    static func attach(_ spec: TaskSpec, pid: pid_t, reservation: PortReservation, options: TaskSupervisor.Options) throws(StartFailure) -> (network: TaskNetwork, attachment: CNIAttachment) {
        let list: CNIConfigList
        do {
            list = try options.cniConfigDirectory.map { (directory) throws(NetworkError) in try CNIConfigList.load(directory: directory) }
                ?? CNIConfigList.defaultList()
        } catch {
            throw StartFailure("network: \(error)")
        }
        do {
            try LocalnetGuard.ensure()
        } catch {
            throw StartFailure("network: \(error)")
        }
        let pinned: PinnedNamespace
        do {
            pinned = try PinnedNamespace.pin(pid: pid, at: options.paths.stateDirectory(spec.id) + "/netns")
        } catch {
            throw StartFailure("network: pin namespace: \(error.reason)")
        }
        let ports = spec.ports.map {
            PortMapping(hostPort: $0.published, containerPort: $0.target, protocol: $0.proto.rawValue, hostIP: $0.hostIP)
        }
        let network = CNINetwork(list: list, binDirectory: options.cniBinDirectory, timeout: options.cniTimeout)
        let record = options.paths.stateDirectory(spec.id) + "/cni.json"
        do {
            let attachment = try network.add(containerID: spec.id, netns: pinned.path, ports: ports) { pending in
                try? HostFile.writeAtomically(record, pending.json, permissions: [.ownerReadWrite])
            }
            return (TaskNetwork(attachment: attachment, pinned: pinned, reservation: reservation), attachment)
        } catch {
            pinned.unpin()
            throw StartFailure("network: \(error)")
        }
    }

    /// What a supervisor that died left in the task's state directory, or
    /// nil when it had no network of its own.
    static func recorded(in stateDirectory: String) -> TaskNetwork? {
        let attachment = CNIAttachment.load(stateDirectory + "/cni.json")
        let pinned = PinnedNamespace.existing(at: stateDirectory + "/netns")
        if attachment == nil && pinned == nil { return nil }
        return TaskNetwork(attachment: attachment, pinned: pinned, reservation: PortReservation())
    }

    /// DEL (the pinned namespace still holds the interface it tears down),
    /// then the namespace and the ports are let go.
    func detach() {
        if let attachment, let failure = CNINetwork.delete(attachment, netns: pinned?.path ?? "") {
            StandardError.write("taskexec: network: \(failure)\n")
        }
        pinned?.unpin()
        reservation.release()
    }

    /// Reserves every published port, or names the one in use. A port whose
    /// DNAT rules a task left behind (its supervisor died, it was not
    /// deleted) would send the new task's connections to the dead one: it is
    /// refused until that task is deleted.
    static func reservePorts(_ spec: TaskSpec, paths: TaskPaths) throws(StartFailure) -> PortReservation {
        let store = StateStore(paths: paths)
        for other in store.ids() where other != spec.id && !store.isSupervisorAlive(other) {
            guard let left = CNIAttachment.load(paths.stateDirectory(other) + "/cni.json") else { continue }
            for (index, port) in spec.ports.enumerated() where left.ports.contains(where: {
                $0.hostPort == port.published && $0.protocol == port.proto.rawValue
                    && ($0.hostIP == port.hostIP || $0.hostIP == "0.0.0.0" || port.hostIP == "0.0.0.0")
            }) {
                throw StartFailure("ports[\(index)].published: \(port.published)/\(port.proto.rawValue) is still held by stopped task \(other) "
                                   + "(its supervisor died): `taskexec delete \(other)` frees it", exitCode: 2)
            }
        }
        let reservation = PortReservation()
        for (index, port) in spec.ports.enumerated() {
            do {
                try reservation.reserve(port: port.published, proto: port.proto.rawValue, hostIP: port.hostIP)
            } catch {
                reservation.release()
                throw StartFailure("ports[\(index)].published: \(port.published)/\(port.proto.rawValue) on \(port.hostIP): \(error.reason)")
            }
        }
        return reservation
    }
}
