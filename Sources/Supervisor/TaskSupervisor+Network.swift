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

    /// Reserves every published port, or names the one in use.
    static func reservePorts(_ spec: TaskSpec) throws(StartFailure) -> PortReservation {
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
