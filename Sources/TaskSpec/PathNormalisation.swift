/// Lexical path handling: pure string work, the file system is never asked.
enum PathNormalisation {
    static func isAbsolute(_ path: String) -> Bool {
        path.utf8.first == UInt8(ascii: "/")
    }

    /// Collapses `//`, drops `.`, resolves `..` lexically and removes any
    /// trailing `/`. An absolute path cannot climb above `/`; a relative one
    /// keeps the leading `..` it cannot resolve.
    ///
    /// Works on bytes, not Characters: a combining mark after a `/` must not
    /// fuse with it into one grapheme and hide a separator (or a `..`).
    static func normalise(_ path: String) -> String {
        let absolute = isAbsolute(path)
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var parts: [ArraySlice<UInt8>] = []
        for part in Array(path.utf8).split(separator: slash, omittingEmptySubsequences: true) {
            if part.elementsEqual([dot]) { continue }
            if part.elementsEqual([dot, dot]) {
                if let last = parts.last, !last.elementsEqual([dot, dot]) {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = String(decoding: Array(parts.joined(separator: [slash])), as: UTF8.self)
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path` made absolute against `base` (an absolute directory), then normalised.
    static func resolve(_ path: String, against base: String) -> String {
        normalise(isAbsolute(path) ? path : base + "/" + path)
    }

    /// Whether `path` is `directory` itself or lies below it (both normalised, absolute).
    static func isInside(_ path: String, _ directory: String) -> Bool {
        let path = Array(path.utf8), directory = Array(directory.utf8)
        return directory == [UInt8(ascii: "/")] || path == directory || path.starts(with: directory + [UInt8(ascii: "/")])
    }
}
