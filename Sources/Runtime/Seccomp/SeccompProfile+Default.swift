/// taskexec's built-in profile (`"seccomp": "default"`): an allowlist with
/// the effect of docker's default profile, written out here by topic.
/// Anything not listed fails with EPERM. Among what that blocks: the
/// keyring (`keyctl`, `add_key`, `request_key`), `kexec_*`, `swapon`/`swapoff`,
/// `pivot_root`, `userfaultfd`, `io_uring_*`, `vm86*`, `uselib`, `ustat`,
/// `sysfs`, `_sysctl`, `nfsservctl`, the old module calls; and, unless the
/// task holds the capability that the kernel would check anyway, mounting,
/// namespaces, module loading, the clock, reboot, raw I/O, NUMA policy,
/// `syslog`, `acct`, `bpf` and `perf_event_open` (the cap-gated groups below).
///
/// Choices (where docker's behaviour depends on its version or the kernel,
/// or where this profile differs from it):
/// - `ptrace`, `process_vm_readv`/`writev` are allowed on kernels from 4.8
///   (docker's rule: from 4.8 seccomp is checked again after a tracer
///   changes a syscall, so a tracee cannot escape through it).
/// - `io_uring_*` are blocked, as docker does since 25.0.
/// - `socket` is refused for AF_ALG and AF_VSOCK, as docker does since
///   29.4.2, but with the whole argument register checked (see
///   `socketFamilies`); `socketcall`, x86's multiplexer, stays allowed as
///   in docker: seccomp cannot see its arguments.
/// - `clone3` fails with ENOSYS without CAP_SYS_ADMIN, so that glibc falls
///   back to `clone`, whose flags seccomp can see.
/// - `clock_adjtime` joins `settimeofday` and friends under CAP_SYS_TIME;
///   `adjtimex` stays allowed as in docker (reading the clock's state; the
///   kernel wants CAP_SYS_TIME to change it).
/// - `move_pages`/`migrate_pages` join docker's CAP_SYS_NICE group.
extension SeccompProfile {
    public static let `default` = SeccompProfile(
        defaultAction: .permissionDenied,
        archMap: [
            ArchMapEntry(architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]),
            ArchMapEntry(architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"]),
        ],
        rules: DefaultSeccompRules.all)
}

/// The rules of `SeccompProfile.default`, by topic. Names that exist only
/// on one of the architectures (`chown32` on x86, `epoll_wait_old` on
/// x86_64) are harmless elsewhere: libseccomp adds each where it exists.
enum DefaultSeccompRules {
    static let all: [SeccompRule] = allowed.map { SeccompRule(names: $0, action: .allow) }
        + conditional + architectureSpecific + capabilityGated

    /// Unconditionally allowed, one rule per topic.
    static let allowed: [[String]] = [fileIO, fileSystem, descriptorEvents, memory, processes, scheduling,
                                      signals, credentials, time, network, ipc, system]

    static let fileIO = [
        "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
        "open", "openat", "openat2", "creat", "close", "close_range", "lseek", "_llseek",
        "dup", "dup2", "dup3", "fcntl", "fcntl64", "ioctl", "flock",
        "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "fadvise64", "fadvise64_64", "readahead",
        "fallocate", "truncate", "truncate64", "ftruncate", "ftruncate64",
        "sendfile", "sendfile64", "splice", "tee", "vmsplice", "copy_file_range", "pipe", "pipe2",
        "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents", "io_pgetevents_time64",
    ]

    static let fileSystem = [
        "stat", "stat64", "lstat", "lstat64", "fstat", "fstat64", "newfstatat", "fstatat64", "statx",
        "statfs", "statfs64", "fstatfs", "fstatfs64", "access", "faccessat", "faccessat2",
        "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir", "mknod", "mknodat",
        "rename", "renameat", "renameat2", "link", "linkat", "unlink", "unlinkat",
        "symlink", "symlinkat", "readlink", "readlinkat",
        "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "chown32", "fchown", "fchown32",
        "fchownat", "lchown", "lchown32", "umask",
        "utime", "utimes", "utimensat", "utimensat_time64", "futimesat", "getdents", "getdents64",
        "getxattr", "lgetxattr", "fgetxattr", "setxattr", "lsetxattr", "fsetxattr",
        "listxattr", "llistxattr", "flistxattr", "removexattr", "lremovexattr", "fremovexattr",
        "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fanotify_mark",
    ]

    static let descriptorEvents = [
        "select", "_newselect", "pselect6", "pselect6_time64", "poll", "ppoll", "ppoll_time64",
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_wait", "epoll_wait_old",
        "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "signalfd", "signalfd4",
        "timerfd_create", "timerfd_settime", "timerfd_settime64", "timerfd_gettime", "timerfd_gettime64",
    ]

    static let memory = [
        "brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync", "remap_file_pages",
        "mlock", "mlock2", "mlockall", "munlock", "munlockall", "memfd_create", "memfd_secret",
        "pkey_alloc", "pkey_free", "pkey_mprotect", "map_shadow_stack", "cachestat", "membarrier",
    ]

    static let processes = [
        "fork", "vfork", "execve", "execveat", "exit", "exit_group", "wait4", "waitid", "waitpid",
        "getpid", "getppid", "gettid", "getpgid", "setpgid", "getpgrp", "getsid", "setsid",
        "set_tid_address", "set_robust_list", "get_robust_list", "rseq", "restart_syscall",
        "futex", "futex_time64", "futex_waitv", "futex_wait", "futex_wake", "futex_requeue",
        "prctl", "capget", "capset", "seccomp", "get_thread_area", "set_thread_area",
        "pidfd_open", "pidfd_send_signal", "process_mrelease",
        "getrlimit", "setrlimit", "ugetrlimit", "prlimit64", "getrusage", "times",
        "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
    ]

    static let scheduling = [
        "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getattr", "sched_setattr",
        "sched_getparam", "sched_setparam", "sched_getscheduler", "sched_setscheduler",
        "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval", "sched_rr_get_interval_time64",
        "getpriority", "setpriority", "ioprio_get", "ioprio_set", "getcpu",
    ]

    static let signals = [
        "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending",
        "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
        "sigaltstack", "sigreturn", "sigprocmask", "pause", "alarm", "getitimer", "setitimer",
    ]

    static let credentials = [
        "getuid", "getuid32", "geteuid", "geteuid32", "getgid", "getgid32", "getegid", "getegid32",
        "getresuid", "getresuid32", "getresgid", "getresgid32", "getgroups", "getgroups32",
        "setuid", "setuid32", "setgid", "setgid32", "setreuid", "setreuid32", "setregid", "setregid32",
        "setresuid", "setresuid32", "setresgid", "setresgid32", "setfsuid", "setfsuid32", "setfsgid", "setfsgid32",
        "setgroups", "setgroups32",
    ]

    static let time = [
        "time", "gettimeofday", "clock_gettime", "clock_gettime64", "clock_getres", "clock_getres_time64",
        "clock_nanosleep", "clock_nanosleep_time64", "nanosleep", "adjtimex",
        "timer_create", "timer_delete", "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64",
        "timer_getoverrun",
    ]

    /// `socket` itself is conditional (`socketFamilies`); `socketcall` is
    /// x86's multiplexer, whose arguments seccomp cannot see.
    static let network = [
        "socketpair", "socketcall", "bind", "connect", "listen", "accept", "accept4",
        "getsockname", "getpeername", "getsockopt", "setsockopt",
        "send", "sendto", "sendmsg", "sendmmsg", "recv", "recvfrom", "recvmsg", "recvmmsg", "recvmmsg_time64",
        "shutdown",
    ]

    static let ipc = [
        "ipc", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop", "semtimedop_time64", "semctl",
        "shmget", "shmat", "shmdt", "shmctl",
        "mq_open", "mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive", "mq_timedreceive_time64",
        "mq_notify", "mq_getsetattr",
    ]

    static let system = ["uname", "sysinfo", "getrandom"]

    /// The namespace flags of clone(2): CLONE_NEWNS | CLONE_NEWCGROUP |
    /// CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET.
    /// (CLONE_NEWTIME shares its bit with the exit signal in clone(2) and
    /// only exists for clone3 and unshare.)
    static let cloneNamespaceFlags: UInt64 = 0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000
        | 0x1000_0000 | 0x2000_0000 | 0x4000_0000

    /// personality(2) values docker allows: PER_LINUX, PER_LINUX32,
    /// UNAME26, UNAME26|PER_LINUX32, and 0xffffffff (query).
    static let personalities: [UInt64] = [0x0, 0x8, 0x2_0000, 0x2_0008, 0xFFFF_FFFF]

    /// socket(2)'s families, as alternatives on argument 0: every one below
    /// 64 (AF_MAX is 46 in Linux 6.x) except AF_ALG (38, CVE-2026-31431) and
    /// AF_VSOCK (40, the host's VMs), as docker blocks. The comparisons
    /// cover the whole 64-bit register: the kernel reads only its low 32
    /// bits, so a rule like "family > 40" would let 0x1_0000_0026 through
    /// as AF_ALG.
    static let socketFamilies = [
        SeccompCondition(index: 0, op: .lessThan, value: 38),                       // 0 ... 37
        SeccompCondition(index: 0, op: .equal, value: 39),
        SeccompCondition(index: 0, op: .equal, value: 41),
        SeccompCondition(index: 0, op: .maskedEqual, value: ~UInt64(0x1), valueTwo: 42),  // 42, 43
        SeccompCondition(index: 0, op: .maskedEqual, value: ~UInt64(0x3), valueTwo: 44),  // 44 ... 47
        SeccompCondition(index: 0, op: .maskedEqual, value: ~UInt64(0xF), valueTwo: 48),  // 48 ... 63
    ]

    static let withoutSysAdmin = SeccompRuleFilter(capabilities: ["CAP_SYS_ADMIN"])

    /// Allowed with some arguments, or answered differently.
    static let conditional: [SeccompRule] = [
        // No new namespaces: (flags & CLONE_NEW*) == 0.
        SeccompRule(names: ["clone"], action: .allow,
                    conditions: [SeccompCondition(index: 0, op: .maskedEqual, value: cloneNamespaceFlags, valueTwo: 0)],
                    excludes: withoutSysAdmin),
        // clone3's flags are in memory seccomp cannot read: ENOSYS sends glibc back to clone.
        SeccompRule(names: ["clone3"], action: .notImplemented, excludes: withoutSysAdmin),
        SeccompRule(names: ["socket"], action: .allow, conditions: socketFamilies),
        SeccompRule(names: ["ptrace", "process_vm_readv", "process_vm_writev"], action: .allow,
                    includes: SeccompRuleFilter(minKernel: SeccompKernelVersion(4, 8))),
    ] + personalities.map {
        SeccompRule(names: ["personality"], action: .allow, conditions: [SeccompCondition(index: 0, op: .equal, value: $0)])
    }

    static let architectureSpecific: [SeccompRule] = [
        SeccompRule(names: ["arch_prctl", "modify_ldt"], action: .allow,
                    includes: SeccompRuleFilter(architectures: ["amd64", "x32", "x86"])),
        SeccompRule(names: ["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint",
                            "cacheflush", "set_tls"], action: .allow,
                    includes: SeccompRuleFilter(architectures: ["arm", "arm64"])),
    ]

    /// Allowed only when the task has the capability (in its bounding set).
    static let capabilityGroups: [(capability: String, names: [String])] = [
        ("CAP_SYS_ADMIN", ["bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
                           "lookup_dcookie", "mount", "mount_setattr", "move_mount", "name_to_handle_at", "open_tree",
                           "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns",
                           "umount", "umount2", "unshare"]),
        ("CAP_SYS_BOOT", ["reboot"]),
        ("CAP_SYS_CHROOT", ["chroot"]),
        ("CAP_SYS_MODULE", ["init_module", "finit_module", "delete_module"]),
        ("CAP_SYS_PACCT", ["acct"]),
        ("CAP_SYS_PTRACE", ["kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"]),
        ("CAP_SYS_RAWIO", ["iopl", "ioperm"]),
        ("CAP_SYS_TIME", ["settimeofday", "stime", "clock_settime", "clock_settime64", "clock_adjtime",
                          "clock_adjtime64"]),
        ("CAP_SYS_TTY_CONFIG", ["vhangup"]),
        ("CAP_SYS_NICE", ["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node", "move_pages",
                          "migrate_pages"]),
        ("CAP_SYSLOG", ["syslog"]),
        ("CAP_DAC_READ_SEARCH", ["open_by_handle_at"]),
        ("CAP_BPF", ["bpf"]),
        ("CAP_PERFMON", ["perf_event_open"]),
    ]

    static let capabilityGated: [SeccompRule] = capabilityGroups.map {
        SeccompRule(names: $0.names, action: .allow, includes: SeccompRuleFilter(capabilities: [$0.capability]))
    }
}
