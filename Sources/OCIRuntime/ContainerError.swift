import Runtime

/// Why an OCI verb failed, and its exit code: 2 for bad input (a config or
/// flag taskexec refuses), 1 for a container in the wrong state or missing,
/// else the runtime's code (127/126 for a program not found/not executable).
public struct ContainerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }

    static func badInput(_ message: String) -> ContainerError { ContainerError(message, exitCode: 2) }

    static func runtime(_ error: RuntimeError) -> ContainerError {
        ContainerError(error.description, exitCode: error.exitCode)
    }
}
