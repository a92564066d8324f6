#define _GNU_SOURCE
#include "host_calls.h"
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <string.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// O_NONBLOCK: a FIFO the image put there must not hang the opener.
int te_open_read_in_root(int dirfd, const char *path) { return te_openat2_in_root(dirfd, path, O_RDONLY | O_NONBLOCK); }

int te_pidfd_open(pid_t pid) {
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -errno : fd;
}

int te_pidfd_send_signal(int pidfd, int sig) {
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}

int te_pidfd_wait(int pidfd, int nohang, int *code, int *status) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int r;
    do {
        r = waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED | (nohang ? WNOHANG : 0));
    } while (r < 0 && errno == EINTR);
    if (r < 0) return -errno;
    if (info.si_pid == 0) return 0;
    *code = info.si_code;
    *status = info.si_status;
    return 1;
}

int te_pipe2_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC) < 0 ? -errno : 0; }

static void fill_set(sigset_t *set, uint64_t signals) {
    sigemptyset(set);
    for (int sig = 1; sig <= 64; sig++)
        if (signals & (1ULL << (sig - 1))) sigaddset(set, sig);
}

int te_sigmask(int how, uint64_t signals) {
    sigset_t set;
    fill_set(&set, signals);
    return pthread_sigmask(how == 0 ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -EINVAL;
}

int te_signalfd(uint64_t signals) {
    sigset_t set;
    fill_set(&set, signals);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int te_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t n;
    do { n = read(fd, &info, sizeof info); } while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    if (n != sizeof info) return -EIO;
    return (int)info.ssi_signo;
}

int te_close_all_except(const int *keep, int nkeep) {
    int low = 3;
    for (;;) {
        // The smallest kept fd at or above `low` bounds the next range.
        int next = -1;
        for (int i = 0; i < nkeep; i++)
            if (keep[i] >= low && (next < 0 || keep[i] < next)) next = keep[i];
        unsigned int high = next < 0 ? ~0U : (unsigned int)next - 1;
        if (next < 0 || next > low) {
            if (syscall(SYS_close_range, (unsigned int)low, high, 0) < 0) return -errno;
        }
        if (next < 0) return 0;
        low = next + 1;
    }
}

int te_socket_in_netns(int netns_fd, int own_netns_fd, int domain, int type) {
    if (netns_fd >= 0 && setns(netns_fd, CLONE_NEWNET) < 0) return -errno;
    int fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int e = errno;
    // A socket keeps the namespace it was created in; the thread goes back.
    if (netns_fd >= 0 && setns(own_netns_fd, CLONE_NEWNET) < 0) {
        if (fd >= 0) close(fd);
        return -errno;
    }
    return fd < 0 ? -e : fd;
}

int te_inotify_watch(const char *path) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return -errno;
    if (inotify_add_watch(fd, path, IN_MODIFY) < 0) { int e = errno; close(fd); return -e; }
    return fd;
}

int te_eventfd(void) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

void te_malloc_trim(void) { malloc_trim(0); }

int te_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0) < 0 ? -errno : 0; }
