// Helpers shared by the child code paths. Everything here is async-signal-safe:
// raw system calls and stack buffers only.
#ifndef CSPAWN_CHILD_H
#define CSPAWN_CHILD_H

#include "cspawn.h"

/// Sends {stage, detail, errno} to the parent and exits. Never returns.
__attribute__((noreturn)) void te_child_fail(int error_fd, const char *stage, const char *detail, int err);

/// Tells the parent the child reached `stage` (a record with errno 0).
void te_child_checkpoint(int error_fd, const char *stage);

/// From now on failures are written to stderr as text (the parent is gone).
void te_child_report_to_stderr(void);

/// Blocks until the parent writes one byte on `sync_fd`; exits on EOF (it died).
void te_wait_for_go(int sync_fd);

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

/// Stdio (or a console), session, rlimits, the working directory: the
/// parts of starting a process that may still fail visibly. Returns the
/// working directory's fd for `te_finish_exec`.
int te_prepare_process(const struct te_process *p, int error_fd);

/// Whether argv[0] names an executable (searched in PATH as execvp does,
/// relative names against `cwd`). Returns 0 or the most telling errno.
int te_find_program(const struct te_process *p, int cwd);

/// Seccomp, credentials, capabilities, then execve. Never returns.
__attribute__((noreturn)) void te_finish_exec(const struct te_process *p, int error_fd, int cwd);

/// te_prepare_process then te_finish_exec. Never returns.
__attribute__((noreturn)) void te_exec_process(const struct te_process *p, int error_fd);

/// Resets every signal disposition to default (the mask is unblocked just before execve).
void te_reset_signals(void);

size_t te_strlen(const char *s);
/// Copies at most size-1 bytes and terminates; returns the length copied.
size_t te_strlcpy(char *dst, const char *src, size_t size);

#endif
