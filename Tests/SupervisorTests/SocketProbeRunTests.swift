import Glibc
import Runtime
import SystemPackage
import Testing
@testable import Supervisor

/// A probe's socket has one owner: aborting it and then dropping the probe
/// closes it once, never the descriptor that reused its number meanwhile
/// (issue 19: an event sink's socket was the one closed).
@Suite struct SocketProbeRunTests {
    @Test func abortThenDropClosesTheSocketOnce() throws {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0)
        defer { close(pair[1]) }
        var probe: SocketProbeRun? = SocketProbeRun(kind: .tcp, socket: OwnedDescriptor(FileDescriptor(rawValue: pair[0])), peer: "test")
        _ = probe?.abort()
        #expect(probe?.watched.isEmpty == true, "an aborted probe watches nothing")
        // Open until a descriptor gets the number abort freed (other tests'
        // threads open files too, so it may not be the very next one).
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        while opened.count < 4096 {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { break }
            opened.append(fd)
            if fd == pair[0] { break }
        }
        // Another thread holding the number (rare) leaves nothing to check here.
        guard opened.last == pair[0] else { return }
        probe = nil
        #expect(fcntl(pair[0], F_GETFD) != -1, "the descriptor that reused the number is still open")
    }
}
