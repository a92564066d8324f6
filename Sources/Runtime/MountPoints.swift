import Glibc

/// The host's mount table, for the few decisions that depend on it.
enum MountPoints {
    /// The mount point `path` lies on (the deepest mount point above it, by
    /// whole path components), from /proc/self/mountinfo.
    static func containing(_ path: String) -> String {
        let resolved = realpath(path, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? path
        let text = (try? HostFile.readString("/proc/self/mountinfo")) ?? ""
        var best = "/"
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { continue }
            let point = unescaped(String(fields[4]))
            let covers = point == "/" || resolved == point || resolved.hasPrefix(point + "/")
            if covers && point.count > best.count { best = point }
        }
        return best
    }

    /// mountinfo writes space, tab, newline and backslash as \ooo.
    private static func unescaped(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = [], input = Array(field.utf8), index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "\\"), index + 3 < input.count,
               let value = UInt8(String(decoding: input[(index + 1)...(index + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
