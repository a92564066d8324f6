// System calls the Swift side needs that Glibc's module map does not expose.
// These run in the parent (normal process context), never in a child.
#ifndef CSPAWN_HOST_CALLS_H
#define CSPAWN_HOST_CALLS_H

#include <stdint.h>
#include <sys/types.h>

/// openat2(dirfd, path, O_RDONLY|O_NONBLOCK|O_CLOEXEC, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS): `dirfd` acts as "/".
int te_open_read_in_root(int dirfd, const char *path);
int te_pidfd_open(pid_t pid);
int te_pidfd_send_signal(int pidfd, int sig);
/// Reaps the process behind pidfd without blocking (WNOHANG when nohang).
/// Returns 1 and fills status/code (CLD_EXITED/CLD_KILLED/CLD_DUMPED) when it exited, 0 if still running, -errno.
int te_pidfd_wait(int pidfd, int nohang, int *code, int *status);
int te_pipe2_cloexec(int fds[2]);
/// The calling thread's signal mask: block (how=0) or unblock (how=1) the signals in `signals` (a bitmask of 1<<(sig-1)).
int te_sigmask(int how, uint64_t signals);
/// A signalfd for the signals in `signals`, non-blocking and close-on-exec.
int te_signalfd(uint64_t signals);
/// Reads one signal number from a signalfd, or -errno.
int te_signalfd_read(int fd);



/// Closes every descriptor >= 3 except those in `keep` (close_range over the gaps).
int te_close_all_except(const int *keep, int nkeep);
/// A non-blocking, close-on-exec socket created inside the network namespace
/// `netns_fd` (the calling thread enters it and returns to `own_netns_fd`).
/// Returns the fd or -errno.
int te_socket_in_netns(int netns_fd, int own_netns_fd, int domain, int type);
/// An inotify fd (non-blocking, close-on-exec) watching `path` for changes, or -errno.
int te_inotify_watch(const char *path);
/// A non-blocking, close-on-exec eventfd, or -errno.
int te_eventfd(void);
/// Returns freed heap memory to the kernel (malloc_trim(0)).
void te_malloc_trim(void);

/// PR_SET_DUMPABLE: 0 keeps a supervisor that holds secrets out of core dumps
/// (and its /proc files from other users). Returns 0 or -errno.
int te_set_dumpable(int dumpable);
/// Drops this process's mappings of read-only file pages that hold no
/// private copy (startup_pages.c): they fault back from the page cache
/// when used again. Returns how many mappings, or -1.
int te_release_startup_pages(void);
#endif
