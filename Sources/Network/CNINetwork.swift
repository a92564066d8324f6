import FoundationEssentials
import Runtime

/// A published port as portmap's `runtimeConfig.portMappings` takes it.
public struct PortMapping: Codable, Sendable, Equatable {
    public var hostPort: UInt16
    public var containerPort: UInt16
    public var `protocol`: String
    public var hostIP: String

    public init(hostPort: UInt16, containerPort: UInt16, protocol: String, hostIP: String) {
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.protocol = `protocol`
        self.hostIP = hostIP
    }

    var json: JSON {
        .object(["hostPort": .number(Double(hostPort)), "containerPort": .number(Double(containerPort)),
                 "protocol": .string(`protocol`), "hostIP": .string(hostIP)])
    }
}

/// What ADD set up, kept (in the state directory) so DEL can undo exactly
/// that on any exit path, even from `taskexec delete` after the supervisor died.
public struct CNIAttachment: Codable, Sendable {
    public var containerID: String
    public var conflist: JSON
    public var binDirectory: String
    public var ports: [PortMapping]
    /// The chain's final result (prevResult for DEL); nil while ADD runs
    /// (the attachment is recorded before ADD, so DEL can follow any ADD).
    public var result: JSON?
    /// Seconds each plugin call may take.
    public var timeout: Double?

    /// The task's IPv4 addresses, without prefix length.
    public var addresses: [String] {
        (result?["ips"]?.array ?? []).compactMap { $0["address"]?.string }.map { String($0.prefix { $0 != "/" }) }
    }
}

/// Attaches a task's network namespace to a CNI network and detaches it.
public struct CNINetwork: Sendable {
    public static let interface = "eth0"
    /// Debian's containernetworking-plugins put the plugins here (`--cni-bin-dir`).
    public static let defaultBinDirectory = "/usr/lib/cni"
    /// What a plugin call may take by default (`run --cni-timeout`).
    public static let defaultTimeout = 60.0
    let list: CNIConfigList
    let binDirectory: String
    let timeout: Double

    public init(list: CNIConfigList, binDirectory: String, timeout: Double = CNINetwork.defaultTimeout) {
        self.list = list
        self.binDirectory = binDirectory
        self.timeout = timeout
    }

    /// ADD through loopback, then every plugin of the list in order, each
    /// given the previous one's result. On failure what was added is deleted.
    /// `record` gets the attachment before the first ADD, so that a
    /// supervisor killed during ADD leaves what `delete` needs for DEL.
    public func add(containerID: String, netns: String, ports: [PortMapping],
                    record: (CNIAttachment) -> Void = { _ in }) throws(NetworkError) -> CNIAttachment {
        var attachment = CNIAttachment(containerID: containerID, conflist: encodedList, binDirectory: binDirectory, ports: ports,
                                       timeout: timeout)
        record(attachment)
        do {
            _ = try CNIPlugin.invoke(loopback, call("ADD", containerID, netns, "lo"))
            var previous: JSON?
            for plugin in list.plugins {
                previous = try CNIPlugin.invoke(config(plugin, previous: previous, ports: ports),
                                                call("ADD", containerID, netns, Self.interface)) ?? previous
            }
            attachment.result = previous
            return attachment
        } catch {
            Self.delete(attachment, netns: netns)
            throw error
        }
    }

    /// DEL in reverse order; every plugin is called even when one fails (the
    /// rest must still go), the first failure is returned.
    @discardableResult
    public static func delete(_ attachment: CNIAttachment, netns: String) -> NetworkError? {
        guard let list = try? CNIConfigList(attachment.conflist) else { return NetworkError("stored conflist is invalid") }
        let network = CNINetwork(list: list, binDirectory: attachment.binDirectory, timeout: attachment.timeout ?? defaultTimeout)
        var failure: NetworkError?
        for plugin in list.plugins.reversed() {
            do {
                _ = try CNIPlugin.invoke(network.config(plugin, previous: attachment.result, ports: attachment.ports),
                                         network.call("DEL", attachment.containerID, netns, interface))
            } catch {
                failure = failure ?? error
            }
        }
        _ = try? CNIPlugin.invoke(network.loopback, network.call("DEL", attachment.containerID, netns, "lo"))
        return failure
    }

    private var encodedList: JSON {
        .object(["name": .string(list.name), "cniVersion": .string(list.cniVersion), "plugins": .array(list.plugins)])
    }

    private var loopback: JSON {
        .object(["cniVersion": .string(list.cniVersion), "name": .string(list.name + "-lo"), "type": .string("loopback")])
    }

    /// A plugin's config as the spec says to pass it: with the list's name and
    /// version, prevResult, and runtimeConfig for the capabilities it declares.
    func config(_ plugin: JSON, previous: JSON?, ports: [PortMapping]) -> JSON {
        var config = plugin.setting("name", .string(list.name)).setting("cniVersion", .string(list.cniVersion))
        if let previous { config = config.setting("prevResult", previous) }
        if plugin["capabilities"]?["portMappings"] == .bool(true) {
            config = config.setting("runtimeConfig", .object(["portMappings": .array(ports.map(\.json))]))
        }
        return config
    }

    func call(_ command: String, _ containerID: String, _ netns: String, _ ifname: String) -> CNIPlugin.Call {
        CNIPlugin.Call(command: command, containerID: containerID, netns: netns, ifname: ifname, binDirectory: binDirectory,
                       timeout: timeout)
    }
}

extension CNIAttachment {
    /// As stored in the state directory for a later DEL.
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    public static func load(_ path: String) -> CNIAttachment? {
        guard let bytes = try? HostFile.readBytes(path) else { return nil }
        return try? JSONDecoder().decode(CNIAttachment.self, from: Data(bytes))
    }
}
