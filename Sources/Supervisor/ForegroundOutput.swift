import Glibc
import SystemPackage

/// Our own stdout or stderr in a foreground `run`: the task's output is
/// copied there as it comes, but a reader that stops reading (`run spec |
/// sleep 100000`) must never stall the supervisor's loop (the log, health
/// checks, stop and kill would stall with it). Writes that do not fit now
/// are dropped from this copy; the log keeps everything.
///
/// A pipe or terminal is reopened through /proc/self/fd as a description of
/// our own with O_NONBLOCK (setting it on the inherited one would change it
/// for the caller too); a socket is written with MSG_DONTWAIT; a regular
/// file never blocks and is written as is.
final class ForegroundOutput {
    private enum Kind { case nonBlocking(FileDescriptor), socket(Int32), plain(Int32) }
    private let kind: Kind

    init(_ fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { kind = .plain(fd); return }
        switch info.st_mode & S_IFMT {
        case S_IFSOCK:
            kind = .socket(fd)
        case S_IFIFO, S_IFCHR:
            let own = open("/proc/self/fd/\(fd)", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            kind = own >= 0 ? .nonBlocking(FileDescriptor(rawValue: own)) : .plain(fd)
        default:
            kind = .plain(fd)
        }
    }

    deinit {
        if case .nonBlocking(let fd) = kind { try? fd.close() }
    }

    func write(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while !rest.isEmpty {
            let count = rest.withUnsafeBytes { raw -> Int in
                switch kind {
                case .nonBlocking(let fd): return Glibc.write(fd.rawValue, raw.baseAddress, raw.count)
                case .socket(let fd): return Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
                case .plain(let fd): return Glibc.write(fd, raw.baseAddress, raw.count)
                }
            }
            if count > 0 { rest = rest.dropFirst(count); continue }
            if count < 0 && errno == EINTR { continue }
            return   // the reader did not take it in time: dropped from this copy
        }
    }
}
