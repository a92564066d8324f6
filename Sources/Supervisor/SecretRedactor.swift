import Glibc

/// The one copy of a task's secret values the supervisor keeps after the
/// start, for one job: taking them out of health probe output before it is
/// stored (state.json, events) or sent, so `cat /run/secrets/x` as a probe
/// does not put a secret on disk. The copy lives in its own mapping,
/// excluded from core dumps (MADV_DONTDUMP), locked out of swap when the
/// node allows it, and zeroed when the supervisor lets it go.
final class SecretRedactor {
    static let replacement = Array("[secret redacted]".utf8)
    /// Shorter values would blank out ordinary output (a secret "1").
    static let minimumLength = 4

    private let region: UnsafeMutableRawBufferPointer?
    private let ranges: [Range<Int>]

    init(_ secrets: [[UInt8]]) {
        // Without a final newline: `cat` of a secret file keeps its line break, only the value goes.
        var values = secrets.map { $0.last == 0x0A ? Array($0.dropLast()) : $0 }.filter { $0.count >= Self.minimumLength }
        values.sort { $0.count > $1.count }   // longest first: a value inside another is not half-replaced
        let total = values.reduce(0) { $0 + $1.count }
        guard total > 0, let base = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              base != MAP_FAILED else {
            region = nil
            ranges = []
            return
        }
        _ = madvise(base, total, MADV_DONTDUMP)
        _ = mlock(base, total)
        let buffer = UnsafeMutableRawBufferPointer(start: base, count: total)
        var ranges: [Range<Int>] = []
        var offset = 0
        for value in values {
            buffer[offset..<offset + value.count].copyBytes(from: value)
            ranges.append(offset..<offset + value.count)
            offset += value.count
        }
        region = buffer
        self.ranges = ranges
    }

    deinit {
        guard let region, let base = region.baseAddress else { return }
        memset(base, 0, region.count)
        munmap(base, region.count)
    }

    func redact(_ text: String) -> String {
        guard let region, !ranges.isEmpty else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        for range in ranges {
            let value = region[range]
            var index = 0
            var result: [UInt8] = []
            while index < bytes.count {
                if index + value.count <= bytes.count && bytes[index..<index + value.count].elementsEqual(value) {
                    result += Self.replacement
                    index += value.count
                    changed = true
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            bytes = result
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }
}
