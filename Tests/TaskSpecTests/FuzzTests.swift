import Testing
@testable import TaskSpec

/// Fuzzing of the decoder and validator: over 10,000 generated and mutated
/// specs. Each must decode to a spec that keeps the decoder's promises, or
/// fail with an error naming a field; never crash, never answer differently
/// twice. Seeded: a failure prints what to replay.
@Suite struct FuzzTests {
    /// SplitMix64: small, fast, reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static let seeds = [
        #"{"id":"a","rootfs":"/r","command":["sh"]}"#,
        #"{"id":"web.1","rootfs":"rootfs","readonly_rootfs":false,"command":["httpd","-f"],"env":["A=1"],"workdir":"/","user":"1000:1000","hostname":"web-1","mounts":[{"type":"bind","source":"/srv","target":"/www","readonly":true},{"type":"volume","source":"data","target":"/data"},{"type":"tmpfs","target":"/tmp","size":"64m","mode":"1777"}],"secrets":[{"name":"db","target":"db","data":"c2VjcmV0Cg==","uid":0,"gid":0,"mode":"0400"}],"configs":[{"name":"c","target":"/etc/c","data":"eA=="}],"network":"bridge","ports":[{"published":8080,"target":80,"protocol":"tcp","host_ip":"0.0.0.0"}],"resources":{"cpus":1.5,"memory":"256m","memory_swap":"256m","pids_limit":200},"healthcheck":{"test":["CMD-SHELL","true"],"interval":"30s","timeout":"30s","retries":3,"start_period":"0s","start_interval":"5s"},"stop_signal":"SIGTERM","stop_grace_period":"10s","cap_add":[],"cap_drop":[],"seccomp":"default","no_new_privileges":false}"#,
    ]

    static let fieldNames = [
        "id", "rootfs", "readonly_rootfs", "command", "env", "workdir", "user", "hostname", "mounts", "secrets", "configs",
        "network", "ports", "resources", "healthcheck", "stop_signal", "stop_grace_period", "cap_add", "cap_drop", "seccomp",
        "no_new_privileges", "type", "source", "target", "readonly", "size", "mode", "name", "file", "data", "uid", "gid",
        "published", "protocol", "host_ip", "cpus", "memory", "memory_swap", "pids_limit", "test", "interval", "timeout",
        "retries", "start_period", "start_interval", "on_unhealthy",
    ]

    static let values = [
        #""""#, #""/""#, #""/a/../..""#, #""rel""#, #""a\u0000b""#, "0", "-1", "1.5", "1e400", "99999999999999999999",
        "true", "null", "[]", "{}", #"["x"]"#, #""12q""#, #""5 s""#, #""1m30s""#, #""2562047h47m16.854775807s""#,
        #""9223372036854775807ns""#, #""-0.5h""#, #""256m""#, #""1.5g""#, #""0755""#, #""99999""#, #""SIGRTMAX-99""#,
        #""http://[::1]:0/""#, #""🙂""#, #""/a/\u0301b""#, #""..""#, #""c2VjcmV0""#, #""!!""#,
        String(repeating: "[", count: 80) + String(repeating: "]", count: 80),
    ]

    /// A random JSON value, biased towards the spec's own shapes.
    static func value(_ r: inout Random, depth: Int) -> String {
        if depth > 3 || r.chance(55) { return r.pick(values) }
        if r.chance(50) {
            return "[" + (0..<r.below(4)).map { _ in value(&r, depth: depth + 1) }.joined(separator: ",") + "]"
        }
        return object(&r, depth: depth + 1)
    }

    static func object(_ r: inout Random, depth: Int) -> String {
        let members = (0..<r.below(6)).map { _ -> String in
            let key = r.chance(90) ? r.pick(fieldNames) : r.pick(["", "a.b", "x[0]", "Id", "\\n"])
            return "\"\(key)\":" + value(&r, depth: depth)
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A generated spec: the required fields usually right, the rest random.
    static func generated(_ r: inout Random) -> [UInt8] {
        var members = [#""id":"t1""#, #""rootfs":"/r""#, #""command":["sh"]"#].filter { _ in r.chance(85) }
        for _ in 0..<r.below(5) { members.append("\"\(r.pick(fieldNames))\":" + value(&r, depth: 0)) }
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }

    static func mutated(_ r: inout Random) -> [UInt8] {
        var bytes = Array(r.pick(seeds).utf8)
        for _ in 0..<(1 + r.below(4)) {
            let at = r.below(bytes.count)
            switch r.below(6) {
            case 0: bytes[at] ^= UInt8(1 << r.below(8))
            case 1: bytes.insert(r.pick(Array(#"{}[]",:"\0-.9e"#.utf8)), at: at)
            case 2: bytes.remove(at: at)
            case 3: bytes = Array(bytes.prefix(at))
            case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + r.below(20))], at: at)
            default: bytes.insert(contentsOf: Array(r.pick(values).utf8), at: at)
            }
            if bytes.isEmpty { break }
        }
        return bytes
    }

    static func garbage(_ r: inout Random) -> [UInt8] {
        if r.chance(50) { return (0..<r.below(200)).map { _ in UInt8(truncatingIfNeeded: r.next()) } }
        return Array((0..<r.below(40)).map { _ in r.pick(["{", "}", "[", "]", ",", ":", "\"", "1", "true", "null", " ", "\"id\""]) }.joined().utf8)
    }

    /// `name`, `"quoted"`, then `.name` or `[n]` parts.
    static func isWellFormedPath(_ path: String) -> Bool {
        var rest = Substring(path)
        func name() -> Bool {
            if rest.first == "\"" {
                rest.removeFirst()
                var escaped = false
                while let c = rest.first {
                    rest.removeFirst()
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { return true }
                }
                return false
            }
            let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            rest.removeFirst(word.count)
            return !word.isEmpty
        }
        guard name() else { return false }
        while let c = rest.first {
            rest.removeFirst()
            if c == "." {
                guard name() else { return false }
            } else if c == "[" {
                let digits = rest.prefix { $0.isNumber }
                rest.removeFirst(digits.count)
                guard !digits.isEmpty, rest.first == "]" else { return false }
                rest.removeFirst()
            } else {
                return false
            }
        }
        return true
    }

    /// The checks every input must pass; nil when fine, else what broke.
    static func check(_ bytes: [UInt8]) -> String? {
        let first = Result { () throws(SpecError) in try SpecDecoder.decode(bytes, baseDirectory: "/base") }
        let second = Result { () throws(SpecError) in try SpecDecoder.decode(bytes, baseDirectory: "/base") }
        switch (first, second) {
        case (.failure(let error), .failure(let again)):
            if error != again { return "not deterministic" }
            if error.message.isEmpty || error.description.contains("\n") { return "bad message: \(error.description)" }
            if !error.path.isEmpty && !isWellFormedPath(error.path) { return "bad path: \(error.path)" }
            if error.path.isEmpty && !(error.message.hasPrefix("invalid JSON") || error.message.contains("object")) {
                return "document-level error without a path: \(error.description)"
            }
        case (.success(let spec), .success(let again)):
            if spec != again { return "not deterministic" }
            return invariantBroken(spec)
        default:
            return "not deterministic"
        }
        return nil
    }

    static func invariantBroken(_ spec: TaskSpec) -> String? {
        if spec.command.isEmpty || spec.command[0].isEmpty { return "empty command" }
        if !spec.rootfs.hasPrefix("/") { return "relative rootfs" }
        let targets = spec.mounts.map(\.target) + spec.secrets.map(\.target) + spec.configs.map(\.target)
        if Set(targets).count != targets.count { return "duplicate targets \(targets)" }
        for target in targets where target == "/" || !target.hasPrefix("/") || target.contains("//")
            || target.contains("/./") || target.contains("/../") || target.hasSuffix("/") || target.hasSuffix("/..") {
            return "target not normalised: \(target)"
        }
        if spec.mounts.contains(where: { $0.kind == .tmpfs && $0.source != nil }) { return "tmpfs with a source" }
        if !spec.ports.isEmpty && spec.network != .bridge { return "ports without bridge" }
        if let check = spec.healthcheck, check.retries < 1 { return "retries < 1" }
        if spec.stopGracePeriod < .zero { return "negative grace period" }
        let strings = [spec.id, spec.rootfs] + spec.command + spec.env + targets
        if strings.contains(where: { $0.utf8.contains(0) }) { return "NUL in a string" }
        return nil
    }

    @Test(arguments: [
        ("mutated", UInt64(1)), ("mutated", 2), ("generated", 3), ("generated", 4), ("garbage", 5),
    ])
    func neverCrashesAndAlwaysNamesTheField(kind: String, seed: UInt64) {
        var r = Random(state: seed)
        for round in 0..<2_200 {
            let input: [UInt8]
            switch kind {
            case "mutated": input = Self.mutated(&r)
            case "generated": input = Self.generated(&r)
            default: input = Self.garbage(&r)
            }
            if let problem = Self.check(input) {
                Issue.record("seed \(seed) round \(round): \(problem)\ninput: \(String(decoding: input, as: UTF8.self))")
                return
            }
        }
    }

    /// Durations and sizes at the edges of their range: nil or a value, never a trap.
    @Test func unitParsersNeverTrap() {
        var r = Random(state: 42)
        let units = ["ns", "us", "µs", "ms", "s", "m", "h", "", "x", "k", "m", "g", "t", "b", "kb"]
        for _ in 0..<2_000 {
            var text = r.chance(20) ? "-" : ""
            for _ in 0..<(1 + r.below(3)) {
                text += String(r.next() >> UInt64(r.below(64)))
                if r.chance(40) { text += "." + String(r.next() % 1_000_000_000) }
                text += r.pick(units)
            }
            _ = Units.parseDuration(text)
            _ = Units.parseSize(text)
        }
        // The sum of two parts at Go's limit (2^63 ns each) must not overflow.
        #expect(Units.parseDuration("2562047h47m16.854775808s2562047h47m16.854775808s") == nil)
    }

    @Test func oddKeysGetUnambiguousPaths() throws {
        #expect(Self.check(Array(#"{"id":"a","rootfs":"/r","command":["sh"],"":1}"#.utf8)) == nil)
        #expect(throws: SpecError(path: "\"a.b\"", message: "unknown field")) {
            try SpecDecoder.decode(Array(#"{"id":"a","rootfs":"/r","command":["sh"],"a.b":1}"#.utf8), baseDirectory: "/")
        }
    }

    @Test func combiningMarksDoNotHideSeparators() throws {
        let spec = try SpecDecoder.decode(Array(#"{"id":"a","rootfs":"/r","command":["sh"],"mounts":[{"type":"tmpfs","target":"/a/\u0301b/.."}]}"#.utf8),
                                          baseDirectory: "/")
        #expect(spec.mounts.first?.target == "/a")
    }
}
