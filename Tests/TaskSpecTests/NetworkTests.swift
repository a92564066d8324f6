import Testing
@testable import TaskSpec

/// `network` and `ports`.
@Suite struct NetworkTests {
    func bridgePorts(_ list: String) -> String { spec(#""network": "bridge", "ports": [\#(list)]"#) }

    @Test(arguments: [("none", TaskSpec.NetworkMode.none), ("host", .host), ("bridge", .bridge)])
    func networkModes(name: String, mode: TaskSpec.NetworkMode) throws {
        #expect(try decode(spec(#""network": "\#(name)""#)).network == mode)
    }

    @Test(arguments: ["", "Bridge", "overlay", "container:x"])
    func unknownNetworkModes(name: String) {
        #expect(decodeError(spec(#""network": "\#(name)""#)) == #"network: must be "none", "host" or "bridge""#)
    }

    @Test func ports() throws {
        let decoded = try decode(bridgePorts(#"""
        {"published": 8080, "target": 80},
        {"published": 8080, "target": 80, "protocol": "udp"},
        {"published": 8080, "target": 80, "host_ip": "127.0.0.1"},
        {"published": 1, "target": 65535, "protocol": "tcp", "host_ip": "::1"}
        """#)).ports
        #expect(decoded == [
            TaskSpec.Port(published: 8080, target: 80),
            TaskSpec.Port(published: 8080, target: 80, proto: .udp),
            TaskSpec.Port(published: 8080, target: 80, hostIP: "127.0.0.1"),
            TaskSpec.Port(published: 1, target: 65535, proto: .tcp, hostIP: "::1"),
        ])
    }

    @Test(arguments: [
        (#"{"target": 80}"#, "ports[0].published: required"),
        (#"{"published": 80}"#, "ports[0].target: required"),
        (#"{"published": 0, "target": 80}"#, "ports[0].published: must be between 1 and 65535"),
        (#"{"published": 65536, "target": 80}"#, "ports[0].published: must be between 1 and 65535"),
        (#"{"published": 80, "target": -1}"#, "ports[0].target: must be between 1 and 65535"),
        (#"{"published": 80, "target": 80, "protocol": "sctp"}"#, #"ports[0].protocol: must be "tcp" or "udp""#),
        (#"{"published": 80, "target": 80, "protocol": "TCP"}"#, #"ports[0].protocol: must be "tcp" or "udp""#),
        (#"{"published": 80, "target": 80, "host_ip": "localhost"}"#, "ports[0].host_ip: must be an IPv4 or IPv6 address"),
        (#"{"published": 80, "target": 80, "host_ip": "1.2.3.256"}"#, "ports[0].host_ip: must be an IPv4 or IPv6 address"),
        (#"{"published": 80, "target": 80, "host_ip": ""}"#, "ports[0].host_ip: must be an IPv4 or IPv6 address"),
        (#"{"published": 80, "target": 80, "host_ip": "[::1]"}"#, "ports[0].host_ip: must be an IPv4 or IPv6 address"),
        ("80", "ports[0]: expected an object, found a number"),
    ])
    func invalidPorts(port: String, expected: String) {
        #expect(decodeError(bridgePorts(port)) == expected)
    }

    @Test func duplicatePublishedPorts() {
        #expect(decodeError(bridgePorts(#"{"published": 80, "target": 80}, {"published": 80, "target": 81, "protocol": "tcp"}"#))
            == "ports[1]: duplicate published port 80/tcp on 0.0.0.0")
        #expect(decodeError(bridgePorts(#"{"published": 53, "target": 53, "protocol": "udp", "host_ip": "::"}, {"published": 53, "target": 54, "protocol": "udp", "host_ip": "0::0"}"#))
            == "ports[1]: duplicate published port 53/udp on 0::0")
    }

    @Test func portsNeedTheBridgeNetwork() throws {
        #expect(decodeError(spec(#""ports": [{"published": 80, "target": 80}]"#)) == #"ports: requires network "bridge""#)
        #expect(decodeError(spec(#""network": "host", "ports": [{"published": 80, "target": 80}]"#)) == #"ports: requires network "bridge""#)
        #expect(try decode(spec(#""network": "host", "ports": []"#)).ports == [])
    }
}

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("0.0.0.0", [0, 0, 0, 0]),
        ("192.168.1.255", [192, 168, 1, 255]),
    ] as [(String, [UInt8])])
    func ipv4(text: String, bytes: [UInt8]) {
        #expect(IPAddress.parse(text) == bytes)
    }

    @Test func ipv6() {
        #expect(IPAddress.parse("::") == Array(repeating: 0, count: 16))
        #expect(IPAddress.parse("::1") == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress.parse("fe80::1:2") == [0xFE, 0x80] + Array(repeating: 0, count: 10) + [0, 1, 0, 2])
        #expect(IPAddress.parse("1:2:3:4:5:6:7:8") == [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8])
        #expect(IPAddress.parse("2001:DB8::") == [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 12))
        #expect(IPAddress.parse("::ffff:10.0.0.1") == Array(repeating: 0, count: 10) + [0xFF, 0xFF, 10, 0, 0, 1])
        #expect(IPAddress.parse("::10.0.0.1") == Array(repeating: 0, count: 12) + [10, 0, 0, 1])
        #expect(IPAddress.parse("1:2:3:4:5:6:10.0.0.1") == [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 10, 0, 0, 1])
        #expect(IPAddress.parse("1::2:3:4:5:6:7") != nil)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "1.2.3.+4", "256.0.0.0", " 1.2.3.4",
                      ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2:3:4:5:6:7:8",
                      "12345::", "g::", "+1::", "::1%eth0", ":1.2.3.4", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "[::1]"])
    func invalid(text: String) {
        #expect(IPAddress.parse(text) == nil)
    }
}
