import Runtime

/// A CNI network configuration list (a `.conflist`): the network's name and
/// version, and the plugins called in order, each fed the previous result.
public struct CNIConfigList: Sendable {
    public var name: String
    public var cniVersion: String
    public var plugins: [JSON]

    public init(_ json: JSON) throws(NetworkError) {
        guard let name = json["name"]?.string, let version = json["cniVersion"]?.string,
              let plugins = json["plugins"]?.array, !plugins.isEmpty,
              plugins.allSatisfy({ $0["type"]?.string != nil }) else {
            throw NetworkError("conflist needs name, cniVersion and plugins with a type each")
        }
        self.name = name
        self.cniVersion = version
        self.plugins = plugins
    }

    /// taskexec's own network: a `taskexec0` bridge with IP masquerade and
    /// hairpin, host-local addresses, published ports with SNAT for hairpin
    /// and localhost, and the firewall plugin (design.md §5, as measured).
    public static func defaultList(subnet: String = "10.89.0.0/24") -> CNIConfigList {
        let json: JSON = .object([
            "cniVersion": .string("1.0.0"),
            "name": .string("taskexec"),
            "plugins": .array([
                .object([
                    "type": .string("bridge"), "bridge": .string("taskexec0"), "isGateway": .bool(true),
                    "ipMasq": .bool(true), "hairpinMode": .bool(true),
                    "ipam": .object([
                        "type": .string("host-local"), "routes": .array([.object(["dst": .string("0.0.0.0/0")])]),
                        "ranges": .array([.array([.object(["subnet": .string(subnet)])])]),
                    ]),
                ]),
                .object(["type": .string("portmap"), "capabilities": .object(["portMappings": .bool(true)]), "snat": .bool(true)]),
                .object(["type": .string("firewall")]),
            ]),
        ])
        return try! CNIConfigList(json)
    }

    /// The first `*.conflist` in `directory` (sorted by name), as containerd and podman do.
    public static func load(directory: String) throws(NetworkError) -> CNIConfigList {
        guard let file = HostFile.listDirectory(directory).first(where: { $0.hasSuffix(".conflist") }) else {
            throw NetworkError("no .conflist in \(directory)")
        }
        let bytes: [UInt8]
        do {
            bytes = try HostFile.readBytes(directory + "/" + file)
        } catch {
            throw NetworkError("read \(directory)/\(file): \(error.reason)")
        }
        guard let json = try? JSON.parse(bytes) else { throw NetworkError("\(directory)/\(file): invalid JSON") }
        return try CNIConfigList(json)
    }
}

public struct NetworkError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
