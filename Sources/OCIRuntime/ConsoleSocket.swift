import Runtime
import SystemPackage

/// The client's console socket (`--console-socket`): the init sends the
/// pty master over it (SCM_RIGHTS) once it has made the pty.
enum ConsoleSocket {
    static func connect(_ path: String) throws(ContainerError) -> FileDescriptor {
        guard let socket = UnixSocket.connect(path: path) else {
            throw ContainerError("--console-socket: cannot connect to \(path)", exitCode: 1)
        }
        return socket
    }
}
