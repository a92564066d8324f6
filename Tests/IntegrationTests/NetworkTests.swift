import Foundation
import Testing

/// network "bridge" through the CNI plugins: published ports from the host
/// and from another "host" (a network namespace on a veth), task to task,
/// and nothing left behind. Serialized: it counts the bridge's interfaces.
@Suite(.serialized, .enabled(if: Harness.canRun && FileManager.default.fileExists(atPath: "/usr/lib/cni/bridge"),
                              "needs root, `make fixtures` and containernetworking-plugins"))
struct NetworkTests {
    let h = Harness()

    private func detach(_ id: String, _ command: [String], _ extra: [String: Any]) -> Harness.Result {
        h.taskexec(["run", "--detach", "--cgroup-parent", h.cgroupParent, h.writeSpec(h.spec(id, command, extra))])
    }

    private func web(_ id: String, port: Int) -> Harness.Result {
        detach(id, ["httpd", "-f", "-p", "80", "-h", "/var/www"],
               ["network": "bridge", "ports": [["published": port, "target": 80]]])
    }

    /// `busybox wget` from the host's network (or inside `netns`), the body
    /// or nil. chroot'ed into the fixture: Debian's static busybox crashes
    /// in name-service lookups against the host's /etc/nsswitch.conf.
    private func fetch(_ url: String, netns: String? = nil) -> String? {
        let process = Process()
        let wget = ["/usr/sbin/chroot", Harness.busybox, "/bin/busybox", "wget", "-qO-", url]
        process.executableURL = URL(fileURLWithPath: netns == nil ? wget[0] : "/usr/bin/ip")
        process.arguments = netns == nil ? Array(wget.dropFirst()) : ["netns", "exec", netns!] + wget
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    private static let page = "<html><body>hello from taskexec</body></html>\n"

    @Test func publishedPortIsReachableFromTheHostAndFromAnotherHost() throws {
        defer { h.cleanUp() }
        #expect(web("pub", port: 18080).code == 0)
        #expect(Harness.eventually { fetch("http://127.0.0.1:18080/") == Self.page })
        let hostAddress = try #require(Shell.output("ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1"))
        #expect(fetch("http://\(hostAddress):18080/") == Self.page)

        // Another machine: a network namespace on a veth, reaching the host's address on that link.
        let other = OtherHost()
        defer { other.remove() }
        #expect(other.create(), "could not set up the test host")
        #expect(fetch("http://\(other.hostSide):18080/", netns: other.name) == Self.page)

        let started = try #require(h.events("pub").first { $0["type"] as? String == "started" })
        let ip = try #require(started["ip"] as? String)
        #expect(ip.hasPrefix("10.89.0."))
        let ports = started["ports"] as? [[String: Any]]
        #expect(ports?.first?["published"] as? Int == 18080)
        #expect(ports?.first?["target"] as? Int == 80)
        #expect((h.state("pub")?["network"] as? [String: Any])?["ip"] as? String == ip)
    }

    @Test func theTaskGetsItsOwnHostsHostnameAndResolvConf() throws {
        defer { h.cleanUp() }
        #expect(web("files", port: 18081).code == 0)
        let inside = h.taskexec(["exec", "files", "--", "sh", "-c", "cat /etc/hostname; grep files /etc/hosts; grep -c '^nameserver 127' /etc/resolv.conf; grep ' /etc/hosts ' /proc/self/mountinfo | cut -d' ' -f6"])
        let ip = try #require((h.state("files")?["network"] as? [String: Any])?["ip"] as? String)
        #expect(inside.stdout == "files\n\(ip)\tfiles\n0\nro,relatime\n", "\(inside.stdout)")
        // The image's own files are untouched.
        #expect(try String(contentsOfFile: Harness.busybox + "/etc/passwd", encoding: .utf8).hasPrefix("root:"))
    }

    @Test func udpPublish() throws {
        defer { h.cleanUp() }
        // te-probe (rootfs-fixtures/probe.c) echoes datagrams: the answer proves both directions.
        #expect(detach("udp", ["te-probe", "udp-echo", "5353"],
                       ["network": "bridge", "ports": [["published": 15353, "target": 5353, "protocol": "udp"]]]).code == 0)
        let socket = try UDPSender()
        var answer: String?
        #expect(Harness.eventually {
            answer = socket.exchange("datagram\n", port: 15353)
            return answer != nil
        })
        #expect(answer == "datagram\n")
        // The echo is back before the supervisor has necessarily logged the line.
        #expect(Harness.eventually { h.taskexec(["logs", "udp"]).stdout.contains("datagram") })
    }

    @Test func twoTasksOnTheBridgeReachEachOtherByIP() throws {
        defer { h.cleanUp() }
        #expect(detach("server", ["httpd", "-f", "-p", "80", "-h", "/var/www"], ["network": "bridge"]).code == 0)
        let ip = try #require((h.state("server")?["network"] as? [String: Any])?["ip"] as? String)
        let client = h.run("client", ["wget", "-qO-", "http://\(ip)/"], ["network": "bridge"])
        #expect(client.stdout == Self.page, "\(client.stderr)")
    }

    @Test func aPortInUseIsRefusedAndNothingIsLeft() throws {
        defer { h.cleanUp() }
        let before = NetworkCensus()
        let holder = try TCPListener(port: 18082)
        defer { holder.close() }
        let result = web("busy", port: 18082)
        #expect(result.code == 2)
        #expect(result.stderr.contains("ports[0].published: 18082/tcp on 0.0.0.0: address already in use"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.root + "/busy"))
        #expect(NetworkCensus() == before)
        // A task that holds a port keeps it from another task, too.
        holder.close()
        #expect(web("first", port: 18082).code == 0)
        #expect(web("second", port: 18082).code == 2)
    }

    @Test func thirtyBridgeTasksLeaveNoRuleVethOrAddressBehind() throws {
        defer { h.cleanUp() }
        let before = NetworkCensus()
        let spec = h.writeSpec(h.spec("cycle", ["true"], ["network": "bridge", "ports": [["published": 18083, "target": 80]]]))
        // 29 rounds; fewer under the VM's software emulation (TASKEXEC_TEST_CYCLES), where one takes seconds.
        let rounds = min(29, Int(ProcessInfo.processInfo.environment["TASKEXEC_TEST_CYCLES"] ?? "") ?? 29)
        for round in 0..<rounds {
            let run = h.taskexec(["run", spec])
            #expect(run.code == 0, "round \(round): \(run.stderr)")
            #expect(h.taskexec(["delete", "cycle"]).code == 0)
        }
        // The thirtieth: its supervisor is killed, then `delete` cleans up.
        #expect(web("killed", port: 18084).code == 0)
        let supervisor = try #require(h.state("killed")?["supervisor_pid"] as? Int)
        kill(Int32(supervisor), SIGKILL)
        #expect(Harness.eventually { h.state("killed")?["status"] as? String == "stopped" })
        #expect(h.taskexec(["delete", "killed"]).code == 0)

        let after = NetworkCensus()
        #expect(after.rules(mentioning: ["cycle", "killed"]) == [])
        #expect(after.bridgePorts == before.bridgePorts)
        #expect(after.reservations(of: ["cycle", "killed"]) == [])
        #expect(HostSnapshot.mountPoints().filter { $0.hasPrefix(h.root) } == [])
    }
}

/// Shell one-liners for test set-up.
enum Shell {
    @discardableResult
    static func run(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func output(_ command: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// A second "machine": a network namespace joined to the host by a veth.
struct OtherHost {
    let tag = String(Int.random(in: 100...250))
    var name: String { "te-other-\(tag)" }
    var hostSide: String { "10.250.\(tag).1" }

    func create() -> Bool {
        Shell.run("""
            ip netns add \(name) && ip link add te-h\(tag) type veth peer name te-o\(tag) && \
            ip link set te-o\(tag) netns \(name) && ip addr add \(hostSide)/30 dev te-h\(tag) && ip link set te-h\(tag) up && \
            ip -n \(name) addr add 10.250.\(tag).2/30 dev te-o\(tag) && ip -n \(name) link set te-o\(tag) up && ip -n \(name) link set lo up
            """) == 0
    }

    func remove() {
        Shell.run("ip link del te-h\(tag); ip netns del \(name)")
    }
}

/// What of the network the tests look at: iptables rules, the bridge's
/// ports, host-local's reservations.
struct NetworkCensus: Equatable {
    let rules: [String]
    let bridgePorts: Int
    let reservationFiles: [String: String]

    init() {
        // podman's (netavark's) rules come and go with PodmanTests running alongside.
        rules = (Shell.output("iptables-save") ?? "").split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.uppercased().contains("NETAVARK") }
        bridgePorts = Int(Shell.output("ip -o link show master taskexec0 2>/dev/null | wc -l") ?? "0") ?? 0
        let directory = "/var/lib/cni/networks/taskexec"
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.first?.isNumber == true {
            files[name] = (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
        }
        reservationFiles = files
    }

    func rules(mentioning ids: [String]) -> [String] {
        rules.filter { rule in ids.contains { rule.contains("id: \\\"\($0)\\\"") } }
    }

    func reservations(of ids: [String]) -> [String] {
        reservationFiles.filter { entry in ids.contains { entry.value.hasPrefix($0) } }.map(\.key)
    }
}

final class TCPListener {
    private var fd: Int32
    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
    }
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

final class UDPSender {
    private let fd: Int32
    init() throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
    deinit { close(fd) }

    /// Sends to 127.0.0.1:port and returns the reply, or nil after 200 ms.
    func exchange(_ text: String, port: UInt16) -> String? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bytes = Array(text.utf8)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}
