import ArgumentParser
import Glibc
import OCIRuntime
import Runtime

/// `taskexec`: the command line (design.md §2). Thin: each verb is a file
/// that calls into the layers below.
public struct Taskexec: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "taskexec",
        abstract: "Run a task spec as an isolated, supervised Linux process.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ListCommand.self, StateCommand.self, EventsCommand.self, LogsCommand.self,
            ExecCommand.self, HealthCommand.self, ConfigCommand.self, UpdateCommand.self, StatsCommand.self, KillCommand.self, StopCommand.self, DeleteCommand.self, VolumeCommand.self,
            // The OCI runtime verbs (state, kill, delete, exec and update above serve both).
            CreateCommand.self, StartCommand.self, PsCommand.self, PauseCommand.self, ResumeCommand.self, FeaturesCommand.self,
            SuperviseCommand.self,
        ])

    public init() {}

    /// Parses and runs, with runc's and docker's exit codes: 2 for usage
    /// errors, 125 for taskexec's own failures, else what the verb returns.
    public static func runMain() -> Never {
        do {
            let leading = try LeadingOptions(Array(CommandLine.arguments.dropFirst()))
            try leading.refuseUnsupported()
            var command = try parseAsRoot(leading.arguments)
            try command.run()
            Glibc.exit(0)
        } catch let error as CommandFailure {
            if !error.message.isEmpty {
                StandardError.write("taskexec: \(error.message)\n")
                RuntimeLog.error(error.message)
            }
            Glibc.exit(error.exitCode)
        } catch let exitCode as ExitCode {
            Glibc.exit(exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)   // --help, --version
            }
            StandardError.write(fullMessage(for: error) + "\n")
            RuntimeLog.error(message(for: error))
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A verb's failure: what to print and the exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = 125) {
        self.message = message
        self.exitCode = exitCode
    }

    init(_ error: ContainerError) {
        self.init(error.description, exitCode: error.exitCode)
    }

    /// Bad input from the caller: exit 2.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message, exitCode: 2) }
}
