import SystemPackage

/// Unbuffered writes to our own stderr, for messages to the operator.
public enum StandardError {
    public static func write(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }
}
