import CLibcap
import Glibc

/// Capability names to kernel bit masks, through libcap (in the parent only;
/// the child applies the masks with raw capset/prctl).
public enum Capabilities {
    /// "CAP_CHOWN" or "chown" → its number; nil if libcap does not know it.
    public static func number(of name: String) -> Int32? {
        var value: cap_value_t = 0
        let canonical = name.uppercased().hasPrefix("CAP_") ? name.lowercased() : "cap_" + name.lowercased()
        return cap_from_name(canonical, &value) == 0 ? Int32(value) : nil
    }

    /// A mask of the named capabilities. Unknown names throw.
    public static func mask(of names: [String]) throws(RuntimeError) -> UInt64 {
        var mask: UInt64 = 0
        for name in names {
            guard let number = number(of: name), number < 64 else {
                throw RuntimeError(stage: "capabilities", detail: "unknown capability \"\(name)\"")
            }
            mask |= 1 << UInt64(number)
        }
        return mask
    }

    /// Every capability this process can hand on (its own bounding set), as
    /// `CAP_NAME`: what `cap_add: [ALL]` means on this host. A capability the
    /// supervisor lacks could only make capset(2) fail.
    public static func allNames() -> [String] {
        let bounding = ownBoundingSet()
        return (0...lastCapability).compactMap { number in
            guard bounding & (1 << UInt64(number)) != 0 else { return nil }
            guard let name = cap_to_name(cap_value_t(number)) else { return nil }
            defer { cap_free(name) }
            let text = String(cString: name)
            return text.hasPrefix("cap_") ? text.uppercased() : nil
        }
    }

    private static func ownBoundingSet() -> UInt64 {
        let status = (try? HostFile.readString("/proc/self/status")) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapBnd:") }),
              let value = UInt64(line.dropFirst(7).trimmingPrefix(while: { $0 == "\t" || $0 == " " }), radix: 16) else { return ~0 }
        return value
    }

    /// `chown` / `CAP_CHOWN` / `cap_chown` as `CAP_CHOWN`; nil if unknown.
    public static func canonicalName(_ name: String) -> String? {
        guard number(of: name) != nil else { return nil }
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? upper : "CAP_" + upper
    }

    /// The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap).
    public static let lastCapability: Int32 = {
        if let text = try? HostFile.readString("/proc/sys/kernel/cap_last_cap"),
           let value = Int32(text.trimmedWhitespace) {
            return value
        }
        return Int32(CAP_LAST_CAP)
    }()
}
