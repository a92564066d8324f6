import Glibc

/// C memory for one spawn plan: strings, string arrays and structs that the
/// child reads after the clone. Everything is freed together when the arena
/// goes away, after the child has exec'd or failed.
final class CStringArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for pointer in allocations { free(pointer) }
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
