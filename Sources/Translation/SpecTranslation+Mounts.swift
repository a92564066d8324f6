import OCISpec
import TaskSpec

extension SpecTranslation {
    /// The spec's mounts as OCI mounts, parents before children (as docker
    /// sorts them) so a mount at /data/sub is not hidden by one at /data.
    static func userMounts(_ mounts: [TaskSpec.Mount], _ input: TranslationInput) -> [OCIMount] {
        let ordered = mounts.enumerated().sorted { lhs, rhs in
            let (l, r) = (depth(lhs.element.target), depth(rhs.element.target))
            return l != r ? l < r : lhs.offset < rhs.offset
        }
        return ordered.map { ociMount($0.element, input) }
    }

    static func ociMount(_ mount: TaskSpec.Mount, _ input: TranslationInput) -> OCIMount {
        switch mount.kind {
        case .bind:
            return bind(source: mount.source ?? "", target: mount.target, readonly: mount.readonly)
        case .volume:
            return bind(source: volumePath(mount.source ?? "", input), target: mount.target, readonly: mount.readonly)
        case .tmpfs:
            var options = ["nosuid", "nodev", "noexec"]
            if mount.readonly { options.append("ro") }
            if let size = mount.size { options.append("size=\(size)") }
            if let mode = mount.mode { options.append("mode=" + String(mode, radix: 8)) }
            return OCIMount(destination: mount.target, type: "tmpfs", source: "tmpfs", options: options)
        }
    }

    /// Where a named volume's data lives on the node (docker's layout).
    public static func volumePath(_ name: String, _ input: TranslationInput) -> String {
        TranslationInput.volumeData(name, in: input.volumesDirectory)
    }

    private static func bind(source: String, target: String, readonly: Bool) -> OCIMount {
        OCIMount(destination: target, type: "bind", source: source,
                 options: readonly ? ["rbind", "rprivate", "ro"] : ["rbind", "rprivate"])
    }

    private static func depth(_ path: String) -> Int {
        path.split(separator: "/").count
    }
}
