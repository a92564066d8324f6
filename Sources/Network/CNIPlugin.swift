import Runtime

/// One call of a CNI plugin binary, as the CNI spec defines it: the verb and
/// the container in environment variables, the network config on stdin, a
/// result (or an error object) on stdout.
struct CNIPlugin {
    struct Call {
        var command: String          // ADD, DEL, CHECK
        var containerID: String
        var netns: String            // may be empty for DEL once the namespace is gone
        var ifname: String
        var binDirectory: String
        /// Seconds a plugin may take before it is killed.
        var timeout: Double
    }

    static func invoke(_ config: JSON, _ call: Call) throws(NetworkError) -> JSON? {
        let type = config["type"]?.string ?? ""
        let path = call.binDirectory + "/" + type
        let environment = [
            "CNI_COMMAND=\(call.command)", "CNI_CONTAINERID=\(call.containerID)", "CNI_NETNS=\(call.netns)",
            "CNI_IFNAME=\(call.ifname)", "CNI_PATH=\(call.binDirectory)",
            "PATH=" + DefaultPath.value,
        ]
        let output: HostCommand.Output
        do {
            output = try HostCommand.run(path, environment: environment, stdin: config.bytes, timeout: call.timeout)
        } catch .timedOut {
            throw NetworkError("CNI plugin \(type) \(call.command): no answer within \(Int(call.timeout)) s (killed)")
        } catch {
            throw NetworkError("CNI plugin \(type): \(path): \(error.reason)")
        }
        guard output.status.exitCode == 0 else {
            let json = try? JSON.parse(output.stdout)
            let message = [json?["msg"]?.string, json?["details"]?.string].compactMap { $0 }.joined(separator: ": ")
            let stderr = String(decoding: output.stderr, as: UTF8.self).trimmedWhitespace
            throw NetworkError("CNI plugin \(type) \(call.command): \(message.isEmpty ? stderr : message)")
        }
        return output.stdout.isEmpty ? nil : try? JSON.parse(output.stdout)
    }
}
