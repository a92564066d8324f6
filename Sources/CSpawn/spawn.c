#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

// All signals stay blocked across the clone so that no handler of the
// parent's (Swift's) can run in the child before it resets them.
static pid_t clone_blocked(uint64_t flags, int cgroup_fd, int *pidfd, void (*child)(const void *), const void *arg) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = flags | CLONE_PIDFD | (cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0);
    args.pidfd = (uint64_t)(uintptr_t)pidfd;
    args.exit_signal = SIGCHLD;
    args.cgroup = cgroup_fd >= 0 ? (uint64_t)cgroup_fd : 0;
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) {
        te_reset_signals();
        child(arg);
        syscall(SYS_exit_group, 125);
    }
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return pid < 0 ? -e : (pid_t)pid;
}

static void loopback_up(int efd) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) te_child_fail(efd, "loopback", "socket", errno);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    te_strlcpy(ifr.ifr_name, "lo", sizeof ifr.ifr_name);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) te_child_fail(efd, "loopback", "lo", errno);
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) te_child_fail(efd, "loopback", "lo", errno);
    close(s);
}

// A new user namespace's maps were written by the parent before the go:
// the child becomes its root, so that what it creates is owned by a mapped id.
static void become_namespace_root(const struct te_init_plan *plan, int efd) {
    if (!plan->user_namespace) return;
    if (setresgid(0, 0, 0) < 0) te_child_fail(efd, "setgid in user namespace", "0", errno);
    if (setresuid(0, 0, 0) < 0) te_child_fail(efd, "setuid in user namespace", "0", errno);
}

// /proc/sys/net and the ipc keys show the namespaces of the process that
// opens them: written here, they apply to the container's.
static void write_sysctls(const struct te_init_plan *plan, int efd) {
    for (int i = 0; i < plan->n_sysctls; i++) {
        const struct te_sysctl *sysctl = &plan->sysctls[i];
        char path[256] = "/proc/sys/";
        size_t n = te_strlen(path);
        if (te_strlcpy(path + n, sysctl->path, sizeof path - n) + n >= sizeof path - 1)
            te_child_fail(efd, "sysctl", sysctl->path, ENAMETOOLONG);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0) te_child_fail(efd, "sysctl", sysctl->path, errno);
        size_t len = te_strlen(sysctl->value);
        if (write(fd, sysctl->value, len) != (ssize_t)len) te_child_fail(efd, "sysctl", sysctl->path, errno);
        close(fd);
    }
}

// OCI create: the container is ready, the program found; report "created"
// and block until `start` opens the exec fifo for reading.
static void wait_for_start(const struct te_init_plan *plan, int cwd) {
    int efd = plan->error_fd;
    int err = te_find_program(&plan->process, cwd);
    if (err) te_child_fail(efd, "exec", plan->process.argv[0], err);
    te_child_checkpoint(efd, "created");
    te_child_report_to_stderr();
    char path[32] = "/proc/self/fd/";
    size_t n = te_strlen(path);
    char digits[12];
    int d = 0;
    unsigned v = (unsigned)plan->exec_fifo_fd;
    do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v && d < 11);
    while (d > 0) path[n++] = digits[--d];
    path[n] = 0;
    int fifo;
    do { fifo = open(path, O_WRONLY | O_CLOEXEC); } while (fifo < 0 && errno == EINTR);
    if (fifo < 0) te_child_fail(efd, "open exec fifo", path, errno);
    if (write(fifo, "0", 1) != 1) te_child_fail(efd, "write exec fifo", path, errno);
    close(fifo);
    close(plan->exec_fifo_fd);
}

static void init_child(const void *arg) {
    const struct te_init_plan *plan = arg;
    int efd = plan->error_fd;
    close(plan->parent_sync_fd);
    close(plan->parent_error_fd);
    te_join_cgroups(plan->cgroup_procs_fds, plan->n_cgroup_procs_fds, efd);
    if (plan->process.die_with_parent && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
        te_child_fail(efd, "set parent death signal", "", errno);
    // Wait for the parent's go (cgroup, network ready). EOF: it died.
    te_wait_for_go(plan->sync_fd);
    become_namespace_root(plan, efd);
    const struct te_join_namespace *mnt = plan->join_mount_namespace;
    if (mnt && setns(mnt->fd, CLONE_NEWNS) < 0) te_child_fail(efd, "join namespace", mnt->path, errno);
    // The cgroup namespace is made here, once the child is in its cgroup
    // (clone would root it at the parent's), so the task sees itself at "/".
    if ((plan->clone_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
        te_child_fail(efd, "unshare cgroup namespace", "", errno);

    if (plan->hostname && sethostname(plan->hostname, te_strlen(plan->hostname)) < 0)
        te_child_fail(efd, "sethostname", plan->hostname, errno);
    if (plan->loopback_up) loopback_up(efd);
    write_sysctls(plan, efd);
    te_setup_rootfs(plan);
    int cwd = te_prepare_process(&plan->process, efd);
    if (plan->exec_fifo_fd >= 0) wait_for_start(plan, cwd);
    te_finish_exec(&plan->process, efd, cwd);
}

static const char *namespace_name(uint64_t flag) {
    switch (flag) {
    case CLONE_NEWNET: return "net";
    case CLONE_NEWIPC: return "ipc";
    case CLONE_NEWUTS: return "uts";
    case CLONE_NEWPID: return "pid_for_children";
    case CLONE_NEWCGROUP: return "cgroup";
    default: return NULL;
    }
}

pid_t te_spawn_init(const struct te_init_plan *plan, int *pidfd) {
    // The calling thread enters the joined namespaces (its pid namespace for
    // children only) for the clone, and returns to its own right after.
    int own[8];
    int n = plan->n_join_namespaces < 8 ? plan->n_join_namespaces : 8;
    int joined = 0;
    pid_t pid = 0;
    for (; joined < n; joined++) {
        const struct te_join_namespace *ns = &plan->join_namespaces[joined];
        const char *name = namespace_name(ns->flag);
        char path[64] = "/proc/thread-self/ns/";
        if (!name) { pid = -EINVAL; break; }
        te_strlcpy(path + te_strlen(path), name, sizeof path - te_strlen(path));
        own[joined] = open(path, O_RDONLY | O_CLOEXEC);
        if (own[joined] < 0) { pid = -errno; break; }
        if (setns(ns->fd, (int)ns->flag) < 0) { pid = -errno; close(own[joined]); break; }
    }
    if (pid == 0)
        pid = clone_blocked(plan->clone_flags & ~(uint64_t)CLONE_NEWCGROUP, plan->cgroup_fd, pidfd, init_child, plan);
    // Entering one's own namespaces again is always allowed.
    while (joined > 0) {
        joined--;
        (void)setns(own[joined], (int)plan->join_namespaces[joined].flag);
        close(own[joined]);
    }
    return pid;
}

static void exec_child(const void *arg) {
    const struct te_exec_plan *plan = arg;
    int efd = plan->error_fd;
    te_join_cgroups(plan->cgroup_procs_fds, plan->n_cgroup_procs_fds, efd);
    // Non-dumpable until execve: the container cannot open this process's
    // memory or fds through /proc while it still holds host resources.
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) te_child_fail(efd, "set non-dumpable", "", errno);
    if (plan->process.die_with_parent && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
        te_child_fail(efd, "set parent death signal", "", errno);
    if (plan->setns_flags && setns(plan->target_pidfd, (int)plan->setns_flags) < 0)
        te_child_fail(efd, "setns", "", errno);
    te_exec_process(&plan->process, efd);
}

pid_t te_spawn_exec(const struct te_exec_plan *plan, int *pidfd) {
    // Children of this thread are born in the container's pid namespace;
    // the thread's own pid namespace is restored right after.
    int own = open("/proc/thread-self/ns/pid", O_RDONLY | O_CLOEXEC);
    if (own < 0) return -errno;
    if (setns(plan->target_pidfd, CLONE_NEWPID) < 0) { int e = errno; close(own); return -e; }
    pid_t pid = clone_blocked(0, plan->cgroup_fd, pidfd, exec_child, plan);
    // Entering one's own active pid namespace is always allowed.
    (void)setns(own, CLONE_NEWPID);
    close(own);
    return pid;
}
