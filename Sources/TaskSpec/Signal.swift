extension TaskSpec.Signal {
    /// A signal by name or number: `SIGTERM`, `TERM`, `term`, `15`, `SIGRTMIN+3`,
    /// `RTMAX-1`. Numbers are Linux x86_64's (SIGHUP=1 … SIGSYS=31,
    /// SIGRTMIN=34 … SIGRTMAX=64); aliases such as `SIGIOT` and `SIGPOLL` give
    /// the canonical name. Nil when unknown; 32 and 33 are refused because the C
    /// library keeps them for itself.
    public static func parse(_ s: String) -> TaskSpec.Signal? {
        let number: Int32?
        if !s.isEmpty, s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            number = s.utf8.count <= 3 ? Int32(s) : nil
        } else {
            var upper = s.uppercased()
            if upper.hasPrefix("SIG") { upper.removeFirst(3) }
            number = numberOfName(upper)
        }
        guard let number, let name = name(of: number) else { return nil }
        return TaskSpec.Signal(name: name, number: number)
    }

    /// The canonical name of a signal number: 9 → `SIGKILL`, 36 → `SIGRTMIN+2`, 62 → `SIGRTMAX-2`.
    public static func name(of number: Int32) -> String? {
        switch number {
        case 1...31: "SIG" + standardNames[Int(number) - 1]
        case realtimeMin: "SIGRTMIN"
        case realtimeMax: "SIGRTMAX"
        // Below the midpoint counted up from RTMIN, above it down from RTMAX, as `kill -l` prints.
        case (realtimeMin + 1)...(realtimeMin + 15): "SIGRTMIN+\(number - realtimeMin)"
        case (realtimeMin + 16)..<realtimeMax: "SIGRTMAX-\(realtimeMax - number)"
        default: nil
        }
    }

    private static let realtimeMin: Int32 = 34
    private static let realtimeMax: Int32 = 64

    /// SIGHUP (1) to SIGSYS (31), in number order, without the `SIG` prefix.
    private static let standardNames = [
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
        "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
        "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR",
        "SYS",
    ]

    /// Other names Linux accepts for the same numbers.
    private static let aliases: [String: Int32] = ["IOT": 6, "CLD": 17, "POLL": 29, "UNUSED": 31]

    /// The number for an upper-case name without `SIG`: `TERM`, `IOT`, `RTMIN+3`, `RTMAX-1`.
    private static func numberOfName(_ name: String) -> Int32? {
        if let index = standardNames.firstIndex(of: name) { return Int32(index + 1) }
        if let number = aliases[name] { return number }
        for (base, sign, anchor) in [("RTMIN", "+", realtimeMin), ("RTMAX", "-", realtimeMax)] where name.hasPrefix(base) {
            let offsetText = name.dropFirst(base.count)
            if offsetText.isEmpty { return anchor }
            guard offsetText.hasPrefix(sign) else { return nil }
            let digits = offsetText.dropFirst()
            guard !digits.isEmpty, digits.count <= 2,
                  digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let offset = Int32(digits) else { return nil }
            let number = sign == "+" ? anchor + offset : anchor - offset
            return (realtimeMin...realtimeMax).contains(number) ? number : nil
        }
        return nil
    }
}
