/// Standard base64 (RFC 4648 §4, padded), as Go's encoding/json reads `[]byte`
/// fields: line breaks are skipped, anything else outside the alphabet is an error.
/// Hand-written to keep this target free of Foundation.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var sextets: [UInt8] = []
        sextets.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            if byte == 0x0A || byte == 0x0D { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte) else { return nil }
            sextets.append(value)
        }
        // Padding must be exactly what completes the last group of four.
        switch (sextets.count % 4, padding) {
        case (0, 0), (2, 2), (3, 1): break
        default: return nil
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(sextets.count * 3 / 4)
        var position = 0
        while position < sextets.count {
            let group = sextets[position..<min(position + 4, sextets.count)]
            var bits: UInt32 = 0
            for value in group { bits = bits << 6 | UInt32(value) }
            bits <<= UInt32(6 * (4 - group.count))
            for index in 0..<(group.count - 1) {
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(16 - 8 * index)))
            }
            position += 4
        }
        return bytes
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
