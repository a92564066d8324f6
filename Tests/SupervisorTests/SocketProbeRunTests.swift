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
        // The lowest free number is the one abort just freed: the next open gets it.
        let reuser = open("/dev/null", O_RDONLY | O_CLOEXEC)
        #expect(reuser == pair[0])
        defer { close(reuser) }
        probe = nil
        #expect(fcntl(reuser, F_GETFD) != -1, "the descriptor that reused the number is still open")
    }
}
