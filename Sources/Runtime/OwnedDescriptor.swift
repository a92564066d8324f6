import Glibc
import SystemPackage

/// A descriptor with exactly one owner, closed exactly once: when the owner
/// closes it, or when the owner goes away. Non-copyable, so no second copy
/// can close the same number after it has been reused (the bug where a
/// probe's abort and deinit both closed it, and the second close hit an
/// event sink that had since been given that number).
public struct OwnedDescriptor: ~Copyable {
    public let rawValue: Int32

    public init(_ descriptor: FileDescriptor) { rawValue = descriptor.rawValue }

    /// Borrowed for calls that take a FileDescriptor; never close that one.
    public var borrowed: FileDescriptor { FileDescriptor(rawValue: rawValue) }

    public consuming func close() {
        Glibc.close(rawValue)
        discard self
    }

    deinit { Glibc.close(rawValue) }
}
