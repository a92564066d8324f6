import Glibc
import Synchronization

/// Compiled filters kept between processes: every `taskexec run`, `exec`
/// and `health` is a new process, so the in-memory cache alone would let
/// libseccomp compile the same default profile each time (about 30 ms, most
/// of a start; crun's lesson). A file is named by a hash of the resolved
/// profile's canonical text (`cacheKey`) and holds that text, so it is only
/// used when the profile is exactly the same; root-only, in the state root.
enum SeccompDiskCache {
    static let directory = Mutex<String?>(nil)

    static func load(_ key: [UInt8]) -> SeccompProgram? {
        guard let path = path(for: key), let bytes = try? HostFile.readBytes(path), bytes.count > 8 else { return nil }
        let keyLength = bytes.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        guard keyLength == key.count, bytes.count >= 8 + keyLength,
              bytes[8..<(8 + keyLength)].elementsEqual(key) else { return nil }
        return SeccompProgram(storedBytes: Array(bytes[(8 + keyLength)...]))
    }

    static func store(_ program: SeccompProgram, key: [UInt8]) {
        guard let path = path(for: key), let directory = directory.withLock({ $0 }) else { return }
        guard (try? HostFile.makeDirectories(directory, mode: 0o700)) != nil else { return }
        let length = (0..<8).map { UInt8(truncatingIfNeeded: key.count >> (8 * $0)) }
        try? HostFile.writeAtomically(path, length + key + program.bytes)
    }

    private static func path(for key: [UInt8]) -> String? {
        guard let directory = directory.withLock({ $0 }) else { return nil }
        // FNV-1a, 64 bits: a file name, not a check (the stored key is).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return directory + "/" + String(hash, radix: 16) + ".bpf"
    }
}
