/// The task's process: id, command, environment, working directory, user, host name.
extension SpecDecoder {
    static func decodeID(_ field: SpecField) throws(SpecError) -> String {
        let id = try field.string()
        guard NameSyntax.isObjectName(id, maxLength: 128) else {
            throw field.path.error("must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit")
        }
        return id
    }

    static func decodeCommand(_ field: SpecField) throws(SpecError) -> [String] {
        let elements = try field.array()
        guard let program = elements.first else { throw field.path.error("must not be empty") }
        var command = [try program.nonEmptyString()]
        for element in elements.dropFirst() {
            command.append(try element.string())
        }
        return command
    }

    /// `KEY=VALUE` entries; a bare `KEY` is refused (there is no host
    /// environment to copy it from, as `docker run -e KEY` would).
    static func decodeEnv(_ field: SpecField) throws(SpecError) -> [String] {
        var env: [String] = []
        for element in try field.array() {
            let entry = try element.string()
            guard let equals = entry.firstIndex(of: "=") else { throw element.path.error("must be KEY=VALUE") }
            if equals == entry.startIndex { throw element.path.error("variable name must not be empty") }
            env.append(entry)
        }
        return env
    }

    /// `uid`, `uid:gid`, `name` or `name:group`; names are resolved in the rootfs later.
    static func decodeUser(_ field: SpecField) throws(SpecError) -> String {
        let user = try field.string()
        let parts = user.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { throw field.path.error(userShape) }
        for part in parts {
            if NameSyntax.isDigits(part) {
                // 2^32-1 is (uid_t)-1, "no change" to the kernel.
                guard part.count <= 10, let id = UInt64(part), id <= 4_294_967_294 else {
                    throw field.path.error("ids must be at most 4294967294")
                }
            } else if !NameSyntax.isAccountName(String(part)) {
                throw field.path.error(userShape)
            }
        }
        return user
    }

    private static let userShape = "must be \"uid\", \"uid:gid\", \"name\" or \"name:group\""

    static func decodeHostname(_ field: SpecField) throws(SpecError) -> String {
        let hostname = try field.string()
        guard NameSyntax.isHostname(hostname) else {
            throw field.path.error("must be dot-separated labels of 1 to 63 letters, digits or '-', not starting or ending with '-'")
        }
        // sethostname(2) refuses more than 64 bytes (__NEW_UTS_LEN), so a longer
        // name could never start: refuse it here instead.
        guard hostname.utf8.count <= 64 else { throw field.path.error("must be at most 64 characters (the kernel's limit)") }
        return hostname
    }
}
