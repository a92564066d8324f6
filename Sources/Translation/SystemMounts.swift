import OCISpec

/// The mounts every task gets, as docker and runc's default spec set them up.
enum SystemMounts {
    static let all: [OCIMount] = [
        OCIMount(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
        OCIMount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        OCIMount(destination: "/dev/pts", type: "devpts", source: "devpts",
                 options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        OCIMount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        OCIMount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
        OCIMount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
        // The task's own cgroup, read-only (docker's default with a private
        // cgroup namespace): language runtimes size heaps and thread pools
        // from memory.max and cpu.max there.
        OCIMount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
    ]
}
