extension Units {
    /// A duration as Go's `time.ParseDuration` reads it: a sign, then one or
    /// more decimal numbers each with a unit (`ns`, `us`, `µs`, `μs`, `ms`,
    /// `s`, `m`, `h`): `1m30s`, `500ms`, `1.5h`, `-2s`; a bare `0` is zero.
    /// Nil when invalid or beyond Go's range (±292 years). Negative values
    /// parse; validation decides whether they are allowed.
    public static func parseDuration(_ s: String) -> Duration? {
        var rest = Substring(s).utf8[...]
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            rest.removeFirst()
        }
        if rest.elementsEqual("0".utf8) { return .zero }
        if rest.isEmpty { return nil }

        // Go's algorithm, to the nanosecond: integer parts exactly, fractions through a Double.
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while !rest.isEmpty {
            var whole: UInt64 = 0
            guard let wholeDigits = consumeDigits(&rest, { digit in
                guard whole <= limit / 10 else { return false }
                whole = whole * 10 + UInt64(digit)
                return whole <= limit
            }) else { return nil }

            var fraction: UInt64 = 0
            var scale: Double = 1
            var fractionDigits = 0
            if rest.first == UInt8(ascii: ".") {
                rest.removeFirst()
                var saturated = false
                fractionDigits = consumeDigits(&rest, { digit in
                    // Past 63 bits the fraction just stops gaining precision, as in Go.
                    if saturated || fraction > (limit - 1) / 10 { saturated = true; return true }
                    let next = fraction * 10 + UInt64(digit)
                    if next > limit { saturated = true; return true }
                    fraction = next
                    scale *= 10
                    return true
                })!
            }
            guard wholeDigits > 0 || fractionDigits > 0 else { return nil }

            let unitStart = rest
            while let byte = rest.first, byte != UInt8(ascii: "."), !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                rest.removeFirst()
            }
            guard let unit = durationUnits[String(decoding: unitStart[..<rest.startIndex], as: UTF8.self)] else {
                return nil
            }

            guard whole <= limit / unit else { return nil }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { return nil }
            }
            // Both are at most 2^63: their sum can overflow UInt64 itself.
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow, sum <= limit else { return nil }
            total = sum
        }
        if negative { return .nanoseconds(total == limit ? Int64.min : -Int64(total)) }
        guard total < limit else { return nil }
        return .nanoseconds(Int64(total))
    }

    /// Nanoseconds per unit, spelt as Go accepts them (micro as `us`, U+00B5 or U+03BC).
    private static let durationUnits: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000,
        "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// A duration as Go's `Duration.String` prints it: `0s`, `100ns`, `1.5µs`,
    /// `500ms`, `30s`, `1m30s`, `1h0m0s`, `-2.5s`. Precision below a
    /// nanosecond is dropped.
    public static func formatDuration(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        // Both components carry the sign; work on magnitudes.
        let negative = seconds < 0 || attoseconds < 0
        let wholeSeconds = seconds.magnitude
        let nanoseconds = attoseconds.magnitude / 1_000_000_000

        var text: String
        if wholeSeconds == 0 {
            if nanoseconds == 0 { return "0s" }
            if nanoseconds < 1_000 {
                text = "\(nanoseconds)ns"
            } else if nanoseconds < 1_000_000 {
                text = decimal(nanoseconds, fractionDigits: 3) + "\u{00B5}s"
            } else {
                text = decimal(nanoseconds, fractionDigits: 6) + "ms"
            }
        } else {
            let secondsText = decimal(wholeSeconds % 60 * 1_000_000_000 + nanoseconds, fractionDigits: 9) + "s"
            let minutes = wholeSeconds / 60
            if minutes == 0 {
                text = secondsText
            } else if minutes < 60 {
                text = "\(minutes)m" + secondsText
            } else {
                text = "\(minutes / 60)h\(minutes % 60)m" + secondsText
            }
        }
        return negative ? "-" + text : text
    }

    /// `value / 10^fractionDigits` in decimal, without trailing zeros (or point).
    private static func decimal(_ value: UInt64, fractionDigits: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        let whole = value / divisor
        var fraction = value % divisor
        guard fraction != 0 else { return "\(whole)" }
        var digits = fractionDigits
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
