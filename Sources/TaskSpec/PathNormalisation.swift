/// Lexical path handling: pure string work, the file system is never asked.
enum PathNormalisation {
    static func isAbsolute(_ path: String) -> Bool {
        path.utf8.first == UInt8(ascii: "/")
    }

    /// Collapses `//`, drops `.`, resolves `..` lexically and removes any
    /// trailing `/`. An absolute path cannot climb above `/`; a relative one
    /// keeps the leading `..` it cannot resolve.
    static func normalise(_ path: String) -> String {
        let absolute = isAbsolute(path)
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path` made absolute against `base` (an absolute directory), then normalised.
    static func resolve(_ path: String, against base: String) -> String {
        normalise(isAbsolute(path) ? path : base + "/" + path)
    }

    /// Whether `path` is `directory` itself or lies below it (both normalised, absolute).
    static func isInside(_ path: String, _ directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }
}
