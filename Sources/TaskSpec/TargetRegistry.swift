/// Paths inside the container that mounts, secrets and configs have claimed:
/// two of them on one target would silently hide one another.
struct TargetRegistry {
    private var claimedBy: [String: JSONPath] = [:]

    /// Claims a normalised absolute target for the field at `path`; the later of two claims is the error.
    mutating func claim(_ target: String, by path: JSONPath, isMount: Bool) throws(SpecError) {
        if let earlier = claimedBy[target] {
            // Mounts come first in the document, so a mount's clash is always with another mount.
            throw path.error(isMount ? "duplicate mount target \(target)" : "duplicate target \(target) (also \(earlier))")
        }
        claimedBy[target] = path
    }
}
