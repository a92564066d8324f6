import OCISpec

/// The OCI runtime spec's `linux.seccomp` in and out. OCI's model is
/// docker's without `includes`/`excludes`/`archMap`: docker resolves those
/// for one container before it hands the profile to runc, as
/// `ResolvedSeccompProfile.oci` does.
extension SeccompProfile {
    /// Checks an OCI `linux.seccomp`; errors name the field under `path`:
    /// `linux.seccomp.syscalls[3].action: unknown action "SCMP_ACT_FOO"`.
    public init(oci: OCISeccomp, path: String = "linux.seccomp") throws(SeccompProfileError) {
        let syscalls = oci.syscalls?.map { syscall in
            SeccompDocument.Syscall(
                names: syscall.names, action: syscall.action, errnoRet: syscall.errnoRet,
                args: syscall.args?.map { SeccompDocument.Arg(index: $0.index, value: $0.value, valueTwo: $0.valueTwo, op: $0.op) })
        }
        let document = SeccompDocument(defaultAction: oci.defaultAction, defaultErrnoRet: oci.defaultErrnoRet,
                                       architectures: oci.architectures, flags: oci.flags,
                                       listenerPath: oci.listenerPath, listenerMetadata: oci.listenerMetadata,
                                       syscalls: syscalls)
        try self.init(checking: document, source: "", at: path)
    }
}

extension ResolvedSeccompProfile {
    /// This filter as an OCI `linux.seccomp`, for a config.json.
    public var oci: OCISeccomp {
        OCISeccomp(
            defaultAction: defaultAction.name,
            defaultErrnoRet: defaultAction.returnValue.map(UInt32.init),
            architectures: architectures.isEmpty ? nil : architectures,
            flags: flags.isEmpty ? nil : flags,
            syscalls: rules.map { rule in
                OCISyscall(names: rule.names, action: rule.action.name, errnoRet: rule.action.returnValue.map(UInt32.init),
                           args: rule.conditions.isEmpty ? nil : rule.conditions.map {
                               OCISeccompArg(index: UInt($0.index), value: $0.value, valueTwo: $0.valueTwo, op: $0.op.rawValue)
                           })
            })
    }
}
