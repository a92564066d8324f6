import Foundation
import Testing

/// The agent's side of events: what a unix socket, an inherited fd and a
/// vanished destination receive.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct EventSinkTests {
    let h = Harness()

    private func types(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }
    }

    @Test func unixSocketListenerReceivesEveryEvent() throws {
        defer { h.cleanUp() }
        let listener = try UnixListener(path: h.scratch + "/agent.sock")
        let result = h.run("unixsink", ["sh", "-c", "exit 4"], flags: ["--events", "unix:\(listener.path)"])
        #expect(result.code == 4)
        let received = listener.received(timeout: 10)
        #expect(types(received) == ["created", "started", "exited"])
        #expect(received.contains(#""exit_code":4"#))
    }

    @Test func inheritedDescriptorReceivesEvents() throws {
        defer { h.cleanUp() }
        let out = h.scratch + "/fd5.jsonl"
        let spec = h.writeSpec(h.spec("fdsink", ["true"]))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "exec 5>\"$3\"; exec \"$0\" run --root \"$1\" --data-root \"$2\" --events fd:5 \"$4\"",
                           Harness.binary, h.root, h.dataRoot, out, spec]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(types(try String(contentsOfFile: out, encoding: .utf8)) == ["created", "started", "exited"])
    }

    @Test func aDestinationThatIsGoneNeitherBlocksNorChangesTheExit() throws {
        defer { h.cleanUp() }
        let codeFile = h.scratch + "/code"
        let spec = h.writeSpec(h.spec("gone", ["sh", "-c", "exit 6"]))
        // fd 5 is a pipe whose reader exits at once: every event write gets EPIPE.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "(\"$0\" run --root \"$1\" --data-root \"$2\" --events fd:5 \"$3\" 5>&1 >/dev/null; echo $? > \"$4\") | true",
                           Harness.binary, h.root, h.dataRoot, spec, codeFile]
        try shell.run()
        shell.waitUntilExit()
        #expect(try String(contentsOfFile: codeFile, encoding: .utf8) == "6\n")
        // The task's own event log is complete all the same.
        #expect(h.events("gone").map { $0["type"] as? String } == ["created", "started", "exited"])
    }
}

/// A stream socket the way an agent would listen for events.
final class UnixListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    /// With `closeImmediately`, the listener hangs up on the first connection (an agent that went away).
    init(path: String, closeImmediately: Bool = false) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        DispatchQueue.global().async { [self] in
            let client = accept(fd, nil, nil)
            if closeImmediately {
                close(client)
                done.signal()
                return
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while client >= 0 {
                let count = read(client, &buffer, buffer.count)
                if count <= 0 { break }
                data.append(contentsOf: buffer[0..<count])
            }
            close(client)
            done.signal()
        }
    }

    deinit { close(fd) }

    /// What the one connection sent until it closed.
    func received(timeout: TimeInterval) -> String {
        _ = done.wait(timeout: .now() + timeout)
        return String(decoding: data, as: UTF8.self)
    }
}
