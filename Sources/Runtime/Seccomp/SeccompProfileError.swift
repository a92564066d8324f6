/// A profile that cannot be used, naming the profile and the JSON field:
/// `seccomp profile /p.json: syscalls[3].action: unknown action "SCMP_ACT_FOO"`.
public struct SeccompProfileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `seccomp profile /p.json`; empty when `path` already says where (`linux.seccomp...`).
    public var source: String
    /// The field's JSON path (`syscalls[3].args[0].op`); empty for the document as a whole.
    public var path: String
    public var message: String

    public init(source: String, path: String, message: String) {
        self.source = source
        self.path = path
        self.message = message
    }

    public var description: String {
        [source, path, message].filter { !$0.isEmpty }.joined(separator: ": ")
    }
}
