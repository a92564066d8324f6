// The code between clone() and execve(), in C.
//
// Swift prepares everything (paths, fds, argv/envp, ids, capability masks,
// mount plans) as plain data in the structs below *before* the clone; the
// child only reads them and makes raw system calls. No allocation, no Swift,
// no library state after the clone: a child of a multi-threaded process may
// only make async-signal-safe calls.
#ifndef CSPAWN_H
#define CSPAWN_H

#include <stdint.h>
#include <sys/types.h>

/// How the child failed, sent to the parent over a close-on-exec pipe.
/// EOF on that pipe means execve succeeded. A record with err 0 is a
/// checkpoint the child reached ("hooks", "created"), not a failure.
struct te_child_error {
    int32_t err;          // errno, 0 for a checkpoint
    char stage[64];       // "mount", "pivot_root", "exec", ...
    char detail[448];     // the path or name concerned, cut to fit
};

enum te_mount_kind {
    TE_MOUNT_BIND = 1,    // source is a host path, cloned with open_tree
    TE_MOUNT_FS = 2,      // source is a filesystem type, created with fsopen
};

/// One mount inside the container, applied in order before pivot_root.
struct te_mount {
    int kind;                        // enum te_mount_kind
    const char *source;              // host path (bind) or fs type (fs)
    const char *target;              // absolute path inside the rootfs
    const char *const *fs_options;   // NULL-terminated "key=value" or "flag" (fs only)
    uint64_t attr_set;               // MOUNT_ATTR_* applied to the new mount
    int recursive;                   // bind: clone submounts too (rbind)
    int target_is_file;              // create the target as an empty file, not a dir
    uint64_t propagation;            // MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE once attached; 0: none
    int propagation_recursive;       // "rshared" and the like: the whole attached tree
};

/// A device node created in the container: a default one in its /dev
/// tmpfs, or one of the config's linux.devices.
struct te_device {
    const char *dir;                 // absolute inside the root, created if missing: "/dev", "/dev/net"
    const char *name;                // the node's name in dir: "null", "tun"
    uint32_t mode;                   // S_IFCHR or S_IFBLK | permission bits
    uint32_t major, minor;
    uint32_t uid, gid;
    int replace;                     // config devices: remove what is there, set owner and exact mode
    const char *host_path;           // in a user namespace (no mknod there): bind this host node instead
};

/// A symlink created in the container's /dev, e.g. fd -> /proc/self/fd.
struct te_symlink {
    const char *name;
    const char *target;
};

/// A file created in a ramfs from memory the parent prepared (secrets and
/// configs): its bytes never touch a disk.
struct te_file {
    const char *path;                // relative inside its ramfs, may contain '/'
    const uint8_t *data;
    uint64_t len;
    uint32_t uid, gid, mode;
    const char *bind_target;         // staged files: absolute target of a read-only bind
};

/// A setrlimit(2) limit of the process (prlimit64 resource number).
struct te_rlimit {
    int resource;
    uint64_t soft, hard;
};

/// A namespace joined (setns) instead of created: an OCI namespace with a
/// path. The mount namespace is joined by the child; the others by the
/// cloning thread around the clone, so that the child is born in them (and
/// a new user namespace can own the rest without needing rights over them).
struct te_join_namespace {
    int fd;                          // opened by the parent
    uint64_t flag;                   // CLONE_NEW*
    const char *path;                // for error messages
};

/// A sysctl written once the container's namespaces exist: /proc/sys/<path>.
struct te_sysctl {
    const char *path;                // "net/ipv4/ping_group_range"
    const char *value;
};

/// The process to exec: shared by the container's init and by `exec`.
struct te_process {
    const char *const *argv;         // NULL-terminated
    const char *const *envp;         // NULL-terminated
    const char *path_env;            // PATH used to find argv[0] (the container's)
    const char *cwd;                 // absolute inside the container, created if missing
    uint32_t uid, gid;
    const uint32_t *groups;          // supplementary groups
    int n_groups;
    uint32_t umask;
    int set_caps;                    // 0: leave capabilities as inherited
    int cap_last;                    // /proc/sys/kernel/cap_last_cap
    uint64_t cap_bounding, cap_effective, cap_permitted, cap_inheritable, cap_ambient;
    int no_new_privs;
    const void *seccomp_filter;      // struct sock_filter[], compiled by the parent
    unsigned short seccomp_len;      // number of instructions, 0 for none
    int stdin_fd, stdout_fd, stderr_fd;
    int new_session;                 // setsid(): own session and process group
    int die_with_parent;             // PR_SET_PDEATHSIG SIGKILL (0: outlives its parent, as OCI create/exec -d)
    int parent_alive_fd;             // read end of a pipe the parent holds open until execve; -1: none
    const struct te_rlimit *rlimits;
    int n_rlimits;
    int console_socket_fd;           // >= 0: make a pty, send its master here (SCM_RIGHTS), slave as stdio
    uint16_t console_rows, console_cols;  // 0: leave the size
    int preserve_fds;                // fds 3 .. 3+n-1 stay open across execve (runc --preserve-fds, LISTEN_FDS)
};

/// Everything the container's init needs, prepared by the parent.
struct te_init_plan {
    uint64_t clone_flags;            // CLONE_NEW* for the new namespaces
    int cgroup_fd;                   // >= 0: CLONE_INTO_CGROUP (cgroup v2)
    const int *cgroup_procs_fds;     // cgroup v1: the child writes "0" to each before anything else
    int n_cgroup_procs_fds;
    const char *rootfs;              // host path of the root filesystem
    int readonly_rootfs;
    const struct te_mount *mounts;
    int n_mounts;
    const struct te_device *devices;
    int n_devices;
    const struct te_symlink *symlinks;
    int n_symlinks;
    const char *const *masked_paths;   // hidden: /dev/null (files) or an empty read-only tmpfs (dirs)
    int n_masked_paths;
    const char *const *readonly_paths; // bound read-only over themselves
    int n_readonly_paths;
    const char *secrets_dir;         // NULL, or where the secrets ramfs goes ("/run/secrets")
    const struct te_file *secrets;   // files in that ramfs
    int n_secrets;
    const struct te_file *staged;    // files bound one by one to their own targets
    int n_staged;
    const char *hostname;            // NULL: leave it
    int loopback_up;                 // bring "lo" up (own network namespace)
    const struct te_join_namespace *join_namespaces;  // joined around the clone (all but mount)
    int n_join_namespaces;
    const struct te_join_namespace *join_mount_namespace;  // NULL, or joined by the child right after the go
    int user_namespace;              // a new user namespace: after the go (the parent wrote the maps) become its root
    uint64_t root_propagation;       // mount(2) flags for "/" before the rootfs is bound (MS_REC|MS_PRIVATE by default)
    uint64_t root_propagation_after; // 0, or flags applied to the new "/" after pivot_root (shared, slave, unbindable)
    const char *rootfs_parent_mount; // made private first when "/" is not private (pivot_root refuses a shared parent)
    const struct te_sysctl *sysctls;
    int n_sysctls;
    int no_pivot;                    // MS_MOVE + chroot instead of pivot_root (runc --no-pivot)
    int hooks_checkpoint;            // report "hooks" before pivot_root and wait for a second go byte
    int exec_fifo_fd;                // >= 0: O_PATH fd of the exec fifo; report "created", then block
                                     // opening it for writing until `start` opens it for reading
    int sync_fd;                     // read end: one byte means go, EOF means the parent died
    int parent_sync_fd;              // the parent's ends of both pipes, closed by the child at once
    int parent_error_fd;             // (else its own copy would hide the parent's death)
    int error_fd;                    // write end of the close-on-exec error pipe
    struct te_process process;
};

/// Everything a process entering a running container needs.
struct te_exec_plan {
    int target_pidfd;                // pidfd of the container's init
    uint64_t setns_flags;            // namespaces to join (CLONE_NEW*), except the pid namespace
    int cgroup_fd;                   // >= 0: CLONE_INTO_CGROUP (cgroup v2)
    const int *cgroup_procs_fds;     // cgroup v1: the child writes "0" to each before anything else
    int n_cgroup_procs_fds;
    int error_fd;
    struct te_process process;
};

/// Clones the container's init. Returns its pid (and a pidfd in *pidfd), or -errno.
pid_t te_spawn_init(const struct te_init_plan *plan, int *pidfd);

/// Clones a process into a running container's namespaces.
/// The calling thread's pid namespace for children is switched to the
/// container's for the clone and restored afterwards.
/// Returns its pid (and a pidfd in *pidfd), or -errno.
pid_t te_spawn_exec(const struct te_exec_plan *plan, int *pidfd);

#endif
