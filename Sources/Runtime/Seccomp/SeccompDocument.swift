#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON of a seccomp profile as written, before any value is checked:
/// docker's format, a superset of OCI's `linux.seccomp`. Field names are
/// strict: an unknown one (`"arg"` for `"args"`) would silently widen the
/// filter, so it is an error naming the field.
struct SeccompDocument: Decodable {
    var defaultAction: String?
    var defaultErrnoRet: UInt32?
    var architectures: [String]?
    var archMap: [ArchMap]?
    var flags: [String]?
    var listenerPath: String?
    var listenerMetadata: String?
    var syscalls: [Syscall]?

    struct ArchMap: Decodable {
        var architecture: String?
        var subArchitectures: [String]?

        private enum CodingKeys: String, CodingKey, CaseIterable { case architecture, subArchitectures }

        init(architecture: String?, subArchitectures: [String]?) {
            self.architecture = architecture
            self.subArchitectures = subArchitectures
        }

        init(from decoder: any Decoder) throws {
            let c = try strictContainer(decoder, CodingKeys.self)
            architecture = try c.decodeIfPresent(String.self, forKey: .architecture)
            subArchitectures = try c.decodeIfPresent([String].self, forKey: .subArchitectures)
        }
    }

    struct Syscall: Decodable {
        var names: [String]?
        /// docker's older single-name form.
        var name: String?
        var action: String?
        var errnoRet: UInt32?
        var args: [Arg]?
        var includes: Filter?
        var excludes: Filter?

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case names, name, action, errnoRet, args, comment, includes, excludes
        }

        init(names: [String]?, action: String?, errnoRet: UInt32?, args: [Arg]?) {
            self.names = names
            self.action = action
            self.errnoRet = errnoRet
            self.args = args
        }

        init(from decoder: any Decoder) throws {
            let c = try strictContainer(decoder, CodingKeys.self)
            names = try c.decodeIfPresent([String].self, forKey: .names)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            action = try c.decodeIfPresent(String.self, forKey: .action)
            errnoRet = try c.unsigned(UInt32.self, forKey: .errnoRet)
            args = try c.decodeIfPresent([Arg].self, forKey: .args)
            _ = try c.decodeIfPresent(String.self, forKey: .comment)
            includes = try c.decodeIfPresent(Filter.self, forKey: .includes)
            excludes = try c.decodeIfPresent(Filter.self, forKey: .excludes)
        }
    }

    struct Arg: Decodable {
        var index: UInt?
        var value: UInt64?
        var valueTwo: UInt64?
        var op: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case index, value, valueTwo, op }

        init(index: UInt?, value: UInt64?, valueTwo: UInt64?, op: String?) {
            self.index = index
            self.value = value
            self.valueTwo = valueTwo
            self.op = op
        }

        init(from decoder: any Decoder) throws {
            let c = try strictContainer(decoder, CodingKeys.self)
            index = try c.unsigned(UInt.self, forKey: .index)
            value = try c.unsigned(UInt64.self, forKey: .value)
            valueTwo = try c.unsigned(UInt64.self, forKey: .valueTwo)
            op = try c.decodeIfPresent(String.self, forKey: .op)
        }
    }

    struct Filter: Decodable {
        var caps: [String]?
        var arches: [String]?
        var minKernel: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case caps, arches, minKernel }

        init(from decoder: any Decoder) throws {
            let c = try strictContainer(decoder, CodingKeys.self)
            caps = try c.decodeIfPresent([String].self, forKey: .caps)
            arches = try c.decodeIfPresent([String].self, forKey: .arches)
            minKernel = try c.decodeIfPresent(String.self, forKey: .minKernel)
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case defaultAction, defaultErrnoRet, architectures, archMap, flags, listenerPath, listenerMetadata, syscalls
    }

    init(defaultAction: String?, defaultErrnoRet: UInt32?, architectures: [String]?, flags: [String]?,
         listenerPath: String?, listenerMetadata: String?, syscalls: [Syscall]?) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.flags = flags
        self.listenerPath = listenerPath
        self.listenerMetadata = listenerMetadata
        self.syscalls = syscalls
    }

    init(from decoder: any Decoder) throws {
        let c = try strictContainer(decoder, CodingKeys.self)
        defaultAction = try c.decodeIfPresent(String.self, forKey: .defaultAction)
        defaultErrnoRet = try c.unsigned(UInt32.self, forKey: .defaultErrnoRet)
        architectures = try c.decodeIfPresent([String].self, forKey: .architectures)
        archMap = try c.decodeIfPresent([ArchMap].self, forKey: .archMap)
        flags = try c.decodeIfPresent([String].self, forKey: .flags)
        listenerPath = try c.decodeIfPresent(String.self, forKey: .listenerPath)
        listenerMetadata = try c.decodeIfPresent(String.self, forKey: .listenerMetadata)
        syscalls = try c.decodeIfPresent([Syscall].self, forKey: .syscalls)
    }

    /// Parses the JSON; a syntax error, a wrong type or an unknown field is
    /// an error at its JSON path.
    static func parse(_ bytes: [UInt8], source: String) throws(SeccompProfileError) -> SeccompDocument {
        do {
            return try JSONDecoder().decode(SeccompDocument.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw SeccompProfileError(source: source, path: "", message: "").filled(from: error)
        } catch {
            throw SeccompProfileError(source: source, path: "", message: "\(error)")
        }
    }
}

/// A keyed container that refuses keys `keys` does not list.
private func strictContainer<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, _ keys: Keys.Type) throws
    -> KeyedDecodingContainer<Keys> {
    let all = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(Keys.allCases.map(\.stringValue))
    if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
        throw DecodingError.dataCorruptedError(forKey: AnyKey(stringValue: unknown), in: all,
                                               debugDescription: "unknown field")
    }
    return try decoder.container(keyedBy: Keys.self)
}

extension KeyedDecodingContainer {
    /// An optional unsigned integer. JSONDecoder reports a negative or
    /// fractional number as "not valid JSON" with no path; this names the field.
    fileprivate func unsigned<T: FixedWidthInteger & UnsignedInteger & Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(T.self, forKey: key) { return value }
        if (try? decode(String.self, forKey: key)) != nil {
            throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath + [key], debugDescription: "string"))
        }
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be an integer from 0 to \(T.max)")
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension SeccompProfileError {
    /// The path and a short message from a DecodingError.
    fileprivate func filled(from error: DecodingError) -> SeccompProfileError {
        var result = self
        switch error {
        case .typeMismatch(let type, let context):
            result.path = Self.path(context.codingPath)
            result.message = "must be " + Self.kind(type)
        case .valueNotFound(let type, let context):
            result.path = Self.path(context.codingPath)
            result.message = "must be " + Self.kind(type) + ", not null"
        case .keyNotFound(let key, let context):
            result.path = Self.path(context.codingPath + [key])
            result.message = "required"
        case .dataCorrupted(let context):
            result.path = Self.path(context.codingPath)
            if context.codingPath.isEmpty {
                result.message = "not valid JSON" + (context.underlyingError.map { ": \($0)" } ?? "")
            } else if context.debugDescription == "unknown field" || context.debugDescription.hasPrefix("must be") {
                result.message = context.debugDescription
            } else {
                result.message = "must be a number in range (\(context.debugDescription))"
            }
        @unknown default:
            result.message = "\(error)"
        }
        return result
    }

    /// `syscalls[3].args[0].op`
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is UInt.Type, is UInt32.Type, is UInt64.Type: "a non-negative integer"
        case is [Any].Type, is [String].Type: "an array"
        default:
            String(describing: type).hasPrefix("Array") ? "an array"
                : String(describing: type).hasPrefix("Dictionary") ? "an object" : "a \(type)"
        }
    }
}
