extension ResolvedSeccompProfile {
    /// Every value of the filter as text, one line per rule: equal keys mean
    /// equal filters. The disk cache's key, built by hand because encoding
    /// the profile as JSON was 14 % of a `run`'s CPU.
    var cacheKey: [UInt8] {
        var text = "taskexec-seccomp-1\n" + Self.describe(defaultAction) + "\n"
        text += architectures.joined(separator: ",") + "\n" + flags.joined(separator: ",") + "\n"
        for rule in rules {
            text += Self.describe(rule.action) + " " + rule.names.joined(separator: ",")
            for condition in rule.conditions {
                text += " \(condition.index):\(condition.op.rawValue):\(condition.value):\(condition.valueTwo)"
            }
            text += "\n"
        }
        return Array(text.utf8)
    }

    private static func describe(_ action: SeccompAction) -> String {
        action.name + (action.returnValue.map { "=\($0)" } ?? "")
    }
}
