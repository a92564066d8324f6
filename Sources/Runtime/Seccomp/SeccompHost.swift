import CSeccomp
import Glibc

/// What a profile's `includes`/`excludes` and `archMap` are matched
/// against: the host's architecture and kernel. `current` is this machine;
/// tests make others.
public struct SeccompHost: Sendable, Hashable {
    /// docker's name for the native architecture: `amd64`, `arm64`, `x86`, ...
    public var architecture: String
    /// The profile name of the native architecture: `SCMP_ARCH_X86_64`.
    public var seccompArchitecture: String
    public var kernel: SeccompKernelVersion

    public init(architecture: String, seccompArchitecture: String, kernel: SeccompKernelVersion) {
        self.architecture = architecture
        self.seccompArchitecture = seccompArchitecture
        self.kernel = kernel
    }

    public static let current: SeccompHost = {
        let native = seccomp_arch_native()
        let known = SeccompArchitecture.names.first { SeccompArchitecture.token(ofLibseccompName: $0.libseccomp) == native }
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return SeccompHost(architecture: known?.docker ?? "unknown",
                           seccompArchitecture: "SCMP_ARCH_" + (known?.libseccomp.uppercased() ?? "NATIVE"),
                           kernel: SeccompKernelVersion(release: release) ?? SeccompKernelVersion(0, 0))
    }()
}

/// Architecture names: the profile's (`SCMP_ARCH_X86_64`), libseccomp's
/// (`x86_64`) and docker's (`amd64`, used by `includes.arches`).
enum SeccompArchitecture {
    static let names: [(libseccomp: String, docker: String)] = [
        ("x86_64", "amd64"), ("x86", "x86"), ("x32", "x32"),
        ("aarch64", "arm64"), ("arm", "arm"),
        ("ppc64le", "ppc64le"), ("ppc64", "ppc64"), ("ppc", "ppc"),
        ("s390x", "s390x"), ("s390", "s390"), ("riscv64", "riscv64"),
        ("mips", "mips"), ("mipsel", "mipsel"), ("mips64", "mips64"), ("mipsel64", "mipsel64"),
        ("mips64n32", "mips64n32"), ("mipsel64n32", "mipsel64n32"), ("loongarch64", "loong64"),
    ]

    /// libseccomp's token (an AUDIT_ARCH_* value) for a profile name
    /// (`SCMP_ARCH_X86`), or nil if libseccomp does not know it.
    static func token(ofProfileName name: String) -> UInt32? {
        guard name.hasPrefix("SCMP_ARCH_"), name.count > 10 else { return nil }
        return token(ofLibseccompName: String(name.dropFirst(10)).lowercased())
    }

    static func token(ofLibseccompName name: String) -> UInt32? {
        let token = seccomp_arch_resolve_name(name)
        return token == 0 ? nil : token
    }
}
