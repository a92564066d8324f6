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

    /// The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap).
    public static let lastCapability: Int32 = {
        if let text = try? HostFile.readString("/proc/sys/kernel/cap_last_cap"),
           let value = Int32(text.trimmedWhitespace) {
            return value
        }
        return Int32(CAP_LAST_CAP)
    }()
}
