/// Readers for the value shapes several fields share: paths, sizes, modes, durations.
extension SpecField {
    /// An absolute path, normalised (`//`, `.` and `..` resolved lexically).
    func absolutePath() throws(SpecError) -> String {
        let text = try string()
        guard PathNormalisation.isAbsolute(text) else { throw path.error("must be an absolute path") }
        return PathNormalisation.normalise(text)
    }

    /// A path that may be relative to the spec's directory, returned absolute and normalised.
    func pathRelative(to baseDirectory: String) throws(SpecError) -> String {
        PathNormalisation.resolve(try nonEmptyString(), against: baseDirectory)
    }

    /// A size in bytes: a docker size string (`"64m"`) or a JSON integer of bytes.
    func size() throws(SpecError) -> Int64 {
        switch value {
        case .string:
            let text = try string()
            guard let bytes = Units.parseSize(text) else { throw path.error("invalid size \(quoted(text))") }
            return bytes
        case .number:
            let bytes = try int64()
            guard bytes >= 0 else { throw path.error("must not be negative") }
            return bytes
        default:
            throw typeMismatch("a size (a string like \"64m\" or an integer)")
        }
    }

    /// A file mode written in octal as a string (`"0755"`, `"1777"`). A JSON
    /// number is refused: `755` would silently mean decimal 755 (0o1363).
    func octalMode() throws(SpecError) -> UInt32 {
        guard case .string = value else { throw typeMismatch("an octal string like \"0755\"") }
        let text = try string()
        var mode: UInt32 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7"), mode <= 0o7777 else {
                throw path.error("must be an octal mode like \"0755\", at most 7777")
            }
            mode = mode * 8 + UInt32(byte - UInt8(ascii: "0"))
        }
        guard !text.isEmpty, mode <= 0o7777 else { throw path.error("must be an octal mode like \"0755\", at most 7777") }
        return mode
    }

    /// A Go-style duration string (`"1m30s"`); may be negative, callers decide.
    func duration() throws(SpecError) -> Duration {
        guard case .string = value else { throw typeMismatch("a duration string like \"30s\"") }
        let text = try string()
        guard let duration = Units.parseDuration(text) else { throw path.error("invalid duration \(quoted(text))") }
        return duration
    }

    /// A duration that must not be negative.
    func nonNegativeDuration() throws(SpecError) -> Duration {
        let duration = try duration()
        if duration < .zero { throw path.error("must not be negative") }
        return duration
    }
}
