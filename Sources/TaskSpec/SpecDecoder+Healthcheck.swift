/// `healthcheck`, with docker's defaults and bounds (design.md §4).
extension SpecDecoder {
    static let healthcheckFields = ["test", "interval", "timeout", "retries", "start_period", "start_interval", "on_unhealthy"]

    static func decodeHealthcheck(_ field: SpecField) throws(SpecError) -> TaskSpec.Healthcheck {
        let fields = try field.object(fields: healthcheckFields)
        var healthcheck = TaskSpec.Healthcheck(test: try decodeHealthTest(fields.required("test")))
        // The defaults are those TaskSpec.Healthcheck starts with; 0 keeps them.
        healthcheck.interval = try healthDuration(fields["interval"], default: healthcheck.interval)
        healthcheck.timeout = try healthDuration(fields["timeout"], default: healthcheck.timeout)
        if let field = fields["retries"] {
            let retries = try field.int64()
            guard retries >= 0 else { throw field.path.error("must not be negative") }
            guard retries <= Int32.max else { throw field.path.error("must be at most \(Int32.max)") }
            healthcheck.retries = retries == 0 ? 3 : Int(retries)
        }
        healthcheck.startPeriod = try healthDuration(fields["start_period"], default: healthcheck.startPeriod)
        healthcheck.startInterval = try healthDuration(fields["start_interval"], default: healthcheck.startInterval)
        if let field = fields["on_unhealthy"] {
            guard let action = TaskSpec.Healthcheck.OnUnhealthy(rawValue: try field.string()) else {
                throw field.path.error("must be \"none\", \"stop\" or \"kill\"")
            }
            healthcheck.onUnhealthy = action
        }
        return healthcheck
    }

    /// 0 means the default; anything else must be at least 1ms, as docker requires.
    static func healthDuration(_ field: SpecField?, default defaultValue: Duration) throws(SpecError) -> Duration {
        guard let field else { return defaultValue }
        let duration = try field.nonNegativeDuration()
        if duration == .zero { return defaultValue }
        guard duration >= .milliseconds(1) else { throw field.path.error("must be at least 1ms") }
        return duration
    }

    /// `["NONE"]`, `["CMD", argv...]`, `["CMD-SHELL", script]`, `["HTTP", url]`,
    /// `["TCP", port]`; a plain string is a shell script, as in compose.
    static func decodeHealthTest(_ field: SpecField) throws(SpecError) -> TaskSpec.Healthcheck.Test {
        if case .string = field.value {
            return .cmdShell(try field.nonEmptyString())
        }
        guard case .array = field.value else { throw field.typeMismatch("an array or a string") }
        let elements = try field.array()
        guard let first = elements.first else { throw field.path.error("must not be empty") }
        let arguments = elements.dropFirst()
        switch try first.string() {
        case "NONE":
            guard arguments.isEmpty else { throw field.path.error("\"NONE\" takes no arguments") }
            return .none
        case "CMD":
            guard let program = arguments.first else { throw field.path.error("\"CMD\" needs a command after it") }
            var argv = [try program.nonEmptyString()]
            for argument in arguments.dropFirst() { argv.append(try argument.string()) }
            return .cmd(argv)
        case "CMD-SHELL":
            guard arguments.count == 1, let script = arguments.first else {
                throw field.path.error("\"CMD-SHELL\" takes exactly one script")
            }
            return .cmdShell(try script.nonEmptyString())
        case "HTTP":
            guard arguments.count == 1, let url = arguments.first else { throw field.path.error("\"HTTP\" takes exactly one URL") }
            return .http(try decodeProbeURL(url))
        case "TCP":
            guard arguments.count == 1, let port = arguments.first else { throw field.path.error("\"TCP\" takes exactly one port") }
            return .tcp(try decodeProbePort(port))
        default:
            throw first.path.error("must be \"NONE\", \"CMD\", \"CMD-SHELL\", \"HTTP\" or \"TCP\"")
        }
    }

    /// `http://ADDRESS[:port][/path]` (ProbeURL): the probe is made from
    /// inside the task's network namespace, so the host is usually 127.0.0.1.
    static func decodeProbeURL(_ field: SpecField) throws(SpecError) -> ProbeURL {
        let url = try field.string()
        do {
            return try ProbeURL.parse(url)
        } catch {
            switch error {
            case .shape:
                throw field.path.error("must be an http:// URL with a host, like \"http://127.0.0.1:80/healthz\"")
            case .port:
                throw field.path.error("URL port must be between 1 and 65535")
            case .name(let host):
                throw field.path.error("the host must be an IP address or localhost, not \(quoted(host)): the probe connects from inside the task's network namespace, without the node's resolver")
            }
        }
    }

    /// A port as a string (`"80"`) or an integer.
    static func decodeProbePort(_ field: SpecField) throws(SpecError) -> UInt16 {
        let message = "must be a port between 1 and 65535"
        switch field.value {
        case .number:
            guard let port = try? field.int64(), (1...65535).contains(port) else { throw field.path.error(message) }
            return UInt16(port)
        case .string:
            let text = try field.string()
            guard NameSyntax.isDigits(text), text.count <= 5, let port = Int(text), (1...65535).contains(port) else {
                throw field.path.error(message)
            }
            return UInt16(port)
        default:
            throw field.typeMismatch("a port (a string or an integer)")
        }
    }
}
