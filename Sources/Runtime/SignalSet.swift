import CSpawn
import SystemPackage

/// A set of signals read from a signalfd instead of handlers: the event loop
/// polls it like any other fd.
public struct SignalSet: Sendable {
    let mask: UInt64

    public init(_ signals: [Int32]) {
        mask = signals.reduce(0) { $0 | (1 << UInt64($1 - 1)) }
    }

    /// Blocks the signals for this thread and returns a signalfd for them.
    public func blockAndOpenSignalFD() throws(Errno) -> FileDescriptor {
        let blocked = te_sigmask(0, mask)
        if blocked < 0 { throw Errno.fromNegative(blocked) }
        let fd = te_signalfd(mask)
        if fd < 0 { throw Errno.fromNegative(fd) }
        return FileDescriptor(rawValue: fd)
    }

    /// The next pending signal's number, or nil.
    public static func read(_ fd: FileDescriptor) -> Int32? {
        let signal = te_signalfd_read(fd.rawValue)
        return signal > 0 ? signal : nil
    }
}
