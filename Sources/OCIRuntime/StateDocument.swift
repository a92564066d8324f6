import FoundationEssentials
import OCISpec

/// The output of `state`: the OCI state (runtime.md) plus runc's extra
/// fields (`rootfs`, `created`, `owner`) that clients such as containerd read.
struct StateDocument: Encodable {
    var state: OCIState
    var rootfs: String
    var created: String
    var owner = ""

    func encode(to encoder: Encoder) throws {
        try state.encode(to: encoder)
        var container = encoder.container(keyedBy: ExtraKeys.self)
        try container.encode(rootfs, forKey: .rootfs)
        try container.encode(created, forKey: .created)
        try container.encode(owner, forKey: .owner)
    }

    enum ExtraKeys: String, CodingKey { case rootfs, created, owner }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
