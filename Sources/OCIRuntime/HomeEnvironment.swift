import Glibc
import OCISpec
import Runtime
import SystemPackage

/// runc's rule: a process whose env has no HOME gets the home directory of
/// its uid in the container's /etc/passwd (`/root`, `/home/app`), or `/`.
enum HomeEnvironment {
    /// `root`: the container's root as the process will see it (the bundle's
    /// rootfs before create, /proc/PID/root of the init for exec).
    static func completed(_ process: OCIProcess, root: String) -> OCIProcess {
        var process = process
        let env = process.env ?? []
        guard !env.contains(where: { $0.hasPrefix("HOME=") }) else { return process }
        var home = "/"
        if let directory = try? FileDescriptor.open(FilePath(root), .readOnly, options: [.directory, .closeOnExec]) {
            defer { try? directory.close() }
            if let user = try? UserDatabase.resolve(String(process.user.uid), root: directory) { home = user.home }
        }
        process.env = env + ["HOME=" + home]
        return process
    }
}
