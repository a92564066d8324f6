/// The units spec fields are written in: docker's sizes and Go's durations,
/// so that values copied from a compose file or `docker run` mean the same here.
public enum Units {
    /// A size in bytes, as docker's `RAMInBytes` reads it: `512`, `512b`,
    /// `512k`/`512kb`/`512kib`, `256m`, `1g`, `2t`, `1p`, case-insensitive,
    /// binary multiples, one optional space before the unit, a decimal
    /// fraction allowed (`1.5g`, truncated to whole bytes). Nil when invalid,
    /// negative or beyond `Int64`.
    public static func parseSize(_ s: String) -> Int64? {
        var rest = Substring(s).utf8[...]

        var whole: Int64 = 0
        guard let wholeDigits = consumeDigits(&rest, { digit in
            let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
            whole = sum
            return !(overflow1 || overflow2)
        }), wholeDigits > 0 else { return nil }

        // The fraction as fraction/scale; digits past 18 cannot change the whole bytes.
        var fraction: UInt64 = 0
        var scale: UInt64 = 1
        if rest.first == UInt8(ascii: ".") {
            rest.removeFirst()
            guard let fractionDigits = consumeDigits(&rest, { digit in
                if scale < 1_000_000_000_000_000_000 {
                    fraction = fraction * 10 + UInt64(digit)
                    scale *= 10
                }
                return true
            }), fractionDigits > 0 else { return nil }
        }

        if rest.first == UInt8(ascii: " ") {
            rest.removeFirst()
            if rest.isEmpty { return nil }
        }
        var multiplier: Int64 = 1
        if let letter = rest.first.map(lowercased), let power = sizeUnitPowers[letter] {
            multiplier = Int64(1) << (10 * power)
            rest.removeFirst()
            if rest.first.map(lowercased) == UInt8(ascii: "i") { rest.removeFirst() }
        }
        if rest.first.map(lowercased) == UInt8(ascii: "b") { rest.removeFirst() }
        guard rest.isEmpty else { return nil }

        let (wholeBytes, overflow) = whole.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        // fraction < scale, so fraction × multiplier / scale < multiplier: no overflow in the quotient.
        let fractionBytes = scale.dividingFullWidth(fraction.multipliedFullWidth(by: UInt64(multiplier))).quotient
        let (total, overflow2) = wholeBytes.addingReportingOverflow(Int64(fractionBytes))
        return overflow2 ? nil : total
    }

    private static let sizeUnitPowers: [UInt8: Int] = [
        UInt8(ascii: "k"): 1, UInt8(ascii: "m"): 2, UInt8(ascii: "g"): 3,
        UInt8(ascii: "t"): 4, UInt8(ascii: "p"): 5,
    ]

    /// Consumes leading ASCII digits, handing each to `accept`; nil if `accept` refuses one.
    static func consumeDigits(_ rest: inout Substring.UTF8View.SubSequence, _ accept: (UInt8) -> Bool) -> Int? {
        var count = 0
        while let byte = rest.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            guard accept(byte - UInt8(ascii: "0")) else { return nil }
            rest.removeFirst()
            count += 1
        }
        return count
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
