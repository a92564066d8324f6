/// A probe's output, kept to 4096 bytes as docker does, `...` marking a cut.
struct ProbeOutput {
    static let limit = 4096
    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false

    mutating func append<C: Collection>(_ chunk: C) where C.Element == UInt8 {
        let room = Self.limit - bytes.count
        if chunk.count > room { truncated = true }
        bytes.append(contentsOf: chunk.prefix(max(room, 0)))
    }

    var text: String {
        String(decoding: bytes, as: UTF8.self) + (truncated ? "..." : "")
    }
}
