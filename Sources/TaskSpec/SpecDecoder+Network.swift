/// `network` and `ports`.
extension SpecDecoder {
    static let portFields = ["published", "target", "protocol", "host_ip"]

    static func decodeNetwork(_ field: SpecField) throws(SpecError) -> TaskSpec.NetworkMode {
        guard let mode = TaskSpec.NetworkMode(rawValue: try field.string()) else {
            throw field.path.error("must be \"none\", \"host\" or \"bridge\"")
        }
        return mode
    }

    static func decodePorts(_ field: SpecField, network: TaskSpec.NetworkMode) throws(SpecError) -> [TaskSpec.Port] {
        var ports: [TaskSpec.Port] = []
        var seen: Set<PortKey> = []
        for element in try field.array() {
            let (port, address) = try decodePort(element)
            guard seen.insert(PortKey(published: port.published, proto: port.proto, address: address)).inserted else {
                throw element.path.error("duplicate published port \(port.published)/\(port.proto.rawValue) on \(port.hostIP)")
            }
            ports.append(port)
        }
        if !ports.isEmpty, network != .bridge {
            throw field.path.error("requires network \"bridge\"")
        }
        return ports
    }

    /// A port and its host address as bytes, so `::` and `0::0` count as the same address.
    static func decodePort(_ element: SpecField) throws(SpecError) -> (TaskSpec.Port, [UInt8]) {
        let fields = try element.object(fields: portFields)
        var port = TaskSpec.Port(
            published: UInt16(try fields.required("published").int64(in: 1...65535)),
            target: UInt16(try fields.required("target").int64(in: 1...65535)))
        if let field = fields["protocol"] {
            guard let proto = TaskSpec.Port.Proto(rawValue: try field.string()) else {
                throw field.path.error("must be \"tcp\" or \"udp\"")
            }
            port.proto = proto
        }
        if let field = fields["host_ip"] {
            port.hostIP = try field.string()
        }
        guard let address = IPAddress.parse(port.hostIP) else {
            throw element.path.field("host_ip").error("must be an IPv4 or IPv6 address")
        }
        return (port, address)
    }

    private struct PortKey: Hashable {
        var published: UInt16
        var proto: TaskSpec.Port.Proto
        var address: [UInt8]
    }
}
