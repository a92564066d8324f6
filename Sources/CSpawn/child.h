// Helpers shared by the child code paths. Everything here is async-signal-safe:
// raw system calls and stack buffers only.
#ifndef CSPAWN_CHILD_H
#define CSPAWN_CHILD_H

#include "cspawn.h"

/// Sends {stage, detail, errno} to the parent and exits. Never returns.
__attribute__((noreturn)) void te_child_fail(int error_fd, const char *stage, const char *detail, int err);

/// openat2(rootfd, path, flags|O_CLOEXEC, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS), retrying
/// EAGAIN/EINTR. Returns the fd or -errno. Also used by the parent (host_calls.c).
int te_openat2_in_root(int rootfd, const char *path, uint64_t flags);

/// Opens `path` (absolute, inside the root `rootfd`) as an O_PATH fd, resolving
/// every component and symlink inside the root (openat2 RESOLVE_IN_ROOT), so a
/// symlink in the image can never lead outside it. With `create`, missing
/// directories are made (and the last component as an empty file when
/// `as_file`). Returns the fd or -errno.
int te_open_in_root(int rootfd, const char *path, int create, int as_file);

/// Sets up the mounts and /dev of an init plan, then pivots into the rootfs.
/// Fails the child on error.
void te_setup_rootfs(const struct te_init_plan *plan);

/// Creates the secrets ramfs and the staged, bound files of an init plan.
/// Fails the child on error.
void te_place_files(const struct te_init_plan *plan, int rootfd);

/// cgroup v1: joins by writing "0" (this process) to each cgroup.procs fd.
void te_join_cgroups(const int *procs_fds, int n, int error_fd);

/// Stdio, session, credentials, capabilities, seccomp, then execve. Never returns.
__attribute__((noreturn)) void te_exec_process(const struct te_process *p, int error_fd);

/// Resets every signal disposition to default (the mask is unblocked just before execve).
void te_reset_signals(void);

size_t te_strlen(const char *s);
/// Copies at most size-1 bytes and terminates; returns the length copied.
size_t te_strlcpy(char *dst, const char *src, size_t size);

#endif
