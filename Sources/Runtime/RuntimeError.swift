import SystemPackage

/// A failed step of the runtime, with what it was working on and why:
/// `exec "nosuch": no such file or directory`, `mount /data: permission denied`.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public var stage: String
    public var detail: String
    public var errno: Errno?

    public init(stage: String, detail: String = "", errno: Errno? = nil) {
        self.stage = stage
        self.detail = detail
        self.errno = errno
    }

    public var description: String {
        var text = stage
        if !detail.isEmpty {
            text += stage.isEmpty ? detail : stage == "exec" ? " \"\(detail)\"" : " \(detail)"
        }
        if let errno { text += ": \(errno.reason)" }
        return text
    }

    /// docker's convention: 127 command not found, 126 not executable, 125
    /// anything else; a config the runtime refuses is bad input, 2.
    public var exitCode: Int32 {
        if stage == "config" { return 2 }
        guard stage == "exec", let errno else { return 125 }
        switch errno {
        case .noSuchFileOrDirectory, .notDirectory: return 127
        case .permissionDenied, .execFormatError, .isDirectory: return 126
        default: return 125
        }
    }
}

extension Errno {
    /// strerror's text, lower-cased as the Go runtimes print it.
    public var reason: String {
        let text = description
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// An Errno from a C helper's negative return value.
    static func fromNegative(_ value: Int32) -> Errno { Errno(rawValue: -value) }
}
