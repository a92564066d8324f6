import Glibc

/// C memory for one spawn plan: strings, string arrays and structs that the
/// child reads after the clone. Everything is freed together when the arena
/// goes away, after the child has exec'd or failed.
final class CStringArena {
    private var allocations: [UnsafeMutableRawPointer] = []
    private var secrets: [(pointer: UnsafeMutableRawPointer, count: Int)] = []

    deinit {
        // Secret bytes are wiped before the memory goes back to malloc.
        for secret in secrets { memset(secret.pointer, 0, secret.count) }
        for pointer in allocations { free(pointer) }
    }

    /// A copy of secret bytes, zeroed when the arena goes away.
    func secretBytes(_ bytes: [UInt8]) -> UnsafePointer<UInt8> {
        let raw = calloc(max(bytes.count, 1), 1)!
        allocations.append(raw)
        secrets.append((raw, bytes.count))
        bytes.withUnsafeBytes { raw.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return UnsafePointer(raw.assumingMemoryBound(to: UInt8.self))
    }

    func string(_ value: String) -> UnsafePointer<CChar> {
        let copy = strdup(value)!
        allocations.append(copy)
        return UnsafePointer(copy)
    }

    func optionalString(_ value: String?) -> UnsafePointer<CChar>? {
        value.map(string)
    }

    /// A NULL-terminated array of C strings.
    func stringArray(_ values: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
        let array = array(of: UnsafePointer<CChar>?.self, count: values.count + 1)
        for (index, value) in values.enumerated() { array[index] = string(value) }
        array[values.count] = nil
        return UnsafePointer(array)
    }

    func array<T>(_ values: [T]) -> UnsafePointer<T> {
        let array = array(of: T.self, count: max(values.count, 1))
        for (index, value) in values.enumerated() { (array + index).initialize(to: value) }
        return UnsafePointer(array)
    }

    private func array<T>(of type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = calloc(count, MemoryLayout<T>.stride)!
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}
