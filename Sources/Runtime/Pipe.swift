import CSpawn
import SystemPackage

/// A close-on-exec pipe.
public struct Pipe: Sendable {
    public let readEnd: FileDescriptor
    public let writeEnd: FileDescriptor

    public init() throws(Errno) {
        var fds: [Int32] = [-1, -1]
        let result = te_pipe2_cloexec(&fds)
        if result < 0 { throw Errno.fromNegative(result) }
        readEnd = FileDescriptor(rawValue: fds[0])
        writeEnd = FileDescriptor(rawValue: fds[1])
    }
}

/// The descriptors a spawned process gets as 0, 1 and 2.
public struct StandardIO: Sendable {
    public var input: FileDescriptor
    public var output: FileDescriptor
    public var error: FileDescriptor

    public init(input: FileDescriptor, output: FileDescriptor, error: FileDescriptor) {
        self.input = input
        self.output = output
        self.error = error
    }

    /// This process's own stdio.
    public static let inherited = StandardIO(input: .standardInput, output: .standardOutput, error: .standardError)
}
