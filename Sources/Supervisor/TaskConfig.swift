import OCISpec
import Runtime
import SystemPackage
import TaskSpec
import Translation

/// The OCI config `run` builds for a task: the spec's user resolved in the
/// image, its seccomp profile loaded, then the pure translation. Shared by
/// the supervisor and `taskexec config` (which only prints it).
public enum TaskConfig {
    public static func build(_ spec: TaskSpec, paths: TaskPaths, cgroupParent: String) throws(StartFailure) -> OCIConfig {
        let user: ResolvedUser
        do {
            let root = try FileDescriptor.open(FilePath(spec.rootfs), .readOnly, options: [.directory, .closeOnExec])
            defer { try? root.close() }
            user = try UserDatabase.resolve(spec.user, root: root)
        } catch let error as RuntimeError {
            throw StartFailure(error)
        } catch {
            throw StartFailure("open rootfs \(spec.rootfs): \((error as? Errno)?.reason ?? "\(error)")")
        }
        var input = TranslationInput(user: user.ociUser, home: user.home, volumesDirectory: paths.volumesDirectory,
                                     cgroupNamespace: HostFile.exists("/proc/self/ns/cgroup"), cgroupParent: cgroupParent)
        input.networkFilesDirectory = paths.stateDirectory(spec.id)
        do {
            input.seccomp = try SeccompChoice.profile(for: spec)
            (input.devices, input.deviceRules) = try HostDevices.resolve(spec.devices)
        } catch {
            throw StartFailure(error.description, exitCode: 2)
        }
        return SpecTranslation.config(for: spec, input)
    }
}
