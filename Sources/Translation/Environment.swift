import Runtime

/// The process environment: docker's defaults (PATH, HOSTNAME, HOME) under
/// the spec's own variables, which win.
enum Environment {
    static let defaultPath = DefaultPath.value

    static func merged(_ env: [String], hostname: String, home: String) -> [String] {
        merged(["PATH=\(defaultPath)", "HOSTNAME=\(hostname)", "HOME=\(home)"], overrides: env)
    }

    /// `base` with each entry of `overrides` replacing the one with its key, in place, or appended.
    static func merged(_ base: [String], overrides: [String]) -> [String] {
        var result: [String] = []
        var index: [String: Int] = [:]
        // A later entry replaces an earlier one with the same key, in place.
        for entry in base + overrides {
            let name = key(entry)
            if let at = index[name] {
                result[at] = entry
            } else {
                index[name] = result.count
                result.append(entry)
            }
        }
        return result
    }

    private static func key(_ entry: String) -> String {
        String(entry.prefix(while: { $0 != "=" }))
    }
}
