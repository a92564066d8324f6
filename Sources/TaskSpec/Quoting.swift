/// Quotes a value the user wrote for an error message: escaped so the message
/// stays one line, cut short so a huge value cannot flood it. Only ever used
/// for values that are not secret (signals, sizes, durations).
func quoted(_ text: String) -> String {
    let limit = 64
    var shown = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit {
            shown += "…"
            break
        }
        switch scalar {
        case "\"": shown += "\\\""
        case "\\": shown += "\\\\"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16)
            shown += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: shown.unicodeScalars.append(scalar)
        }
        count += 1
    }
    return "\"" + shown + "\""
}
