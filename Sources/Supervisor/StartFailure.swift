import Runtime

/// Why a task did not start, and the exit code `run` reports for it
/// (docker's: 125 ours, 126 not executable, 127 not found).
public struct StartFailure: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 125) {
        self.message = message
        self.exitCode = exitCode
    }

    init(_ error: RuntimeError) {
        self.init(error.description, exitCode: error.exitCode)
    }

    public var description: String { message }
}
