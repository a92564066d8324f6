#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

// Moves the three fds to 0, 1, 2 without clobbering one another: first
// above 10, then into place.
static void setup_stdio(const struct te_process *p, int efd) {
    int want[3] = { p->stdin_fd, p->stdout_fd, p->stderr_fd };
    int high[3];
    for (int i = 0; i < 3; i++) {
        high[i] = fcntl(want[i], F_DUPFD_CLOEXEC, 10);
        if (high[i] < 0) te_child_fail(efd, "set up stdio", "dup", errno);
    }
    for (int i = 0; i < 3; i++) {
        if (dup3(high[i], i, 0) < 0) te_child_fail(efd, "set up stdio", "dup3", errno);
        close(high[i]);
    }
}

static int cap_in(uint64_t mask, int cap) { return (mask >> cap) & 1; }

static void drop_bounding_set(const struct te_process *p, int efd) {
    for (int cap = 0; cap <= p->cap_last; cap++) {
        if (cap_in(p->cap_bounding, cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            te_child_fail(efd, "drop bounding capability", "capbset", errno);
    }
}

static void set_capabilities(const struct te_process *p, int efd) {
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2] = {
        { .effective = (uint32_t)p->cap_effective, .permitted = (uint32_t)p->cap_permitted,
          .inheritable = (uint32_t)p->cap_inheritable },
        { .effective = (uint32_t)(p->cap_effective >> 32), .permitted = (uint32_t)(p->cap_permitted >> 32),
          .inheritable = (uint32_t)(p->cap_inheritable >> 32) },
    };
    if (syscall(SYS_capset, &header, data) < 0) te_child_fail(efd, "set capabilities", "capset", errno);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        te_child_fail(efd, "set capabilities", "ambient", errno);
    for (int cap = 0; cap <= p->cap_last; cap++) {
        if (cap_in(p->cap_ambient, cap) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            te_child_fail(efd, "set capabilities", "ambient", errno);
    }
}

// The ids are set with raw system calls: glibc's setuid() would try to
// signal the parent's threads, which do not exist in this child.
static void set_credentials(const struct te_process *p, int efd) {
    if (syscall(SYS_setgroups, (size_t)p->n_groups, p->groups) < 0)
        te_child_fail(efd, "setgroups", "", errno);
    if (syscall(SYS_setresgid, p->gid, p->gid, p->gid) < 0)
        te_child_fail(efd, "setgid", "", errno);
    if (syscall(SYS_setresuid, p->uid, p->uid, p->uid) < 0)
        te_child_fail(efd, "setuid", "", errno);
}

// PDEATHSIG is cleared when credentials change, so it is set (again) after
// them; if the parent died before that, the pipe it held shows POLLHUP.
static void die_with_parent(const struct te_process *p, int efd) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) te_child_fail(efd, "set parent death signal", "", errno);
    if (p->parent_alive_fd < 0) return;
    struct pollfd pfd = { .fd = p->parent_alive_fd, .events = 0 };
    if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR))) syscall(SYS_exit_group, 1);
}

static void install_seccomp(const struct te_process *p, int efd) {
    if (p->seccomp_len == 0) return;
    struct sock_fprog prog = { .len = p->seccomp_len, .filter = (struct sock_filter *)p->seccomp_filter };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
        te_child_fail(efd, "install seccomp filter", "", errno);
}

// execvpe without malloc: tries each PATH entry, keeping the most telling
// errno (EACCES beats ENOENT), as execvp does.
static int exec_in_path(const struct te_process *p) {
    const char *file = p->argv[0];
    char *const *argv = (char *const *)p->argv;
    char *const *envp = (char *const *)p->envp;
    for (const char *c = file; *c; c++) {
        if (*c == '/') { execve(file, argv, envp); return errno; }
    }
    const char *path = p->path_env ? p->path_env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    size_t flen = te_strlen(file);
    int best = ENOENT;
    while (1) {
        const char *end = path;
        while (*end && *end != ':') end++;
        size_t dlen = (size_t)(end - path);
        char candidate[PATH_MAX];
        if (dlen + 1 + flen < sizeof candidate) {
            size_t n = 0;
            for (size_t i = 0; i < dlen; i++) candidate[n++] = path[i];
            if (n == 0) candidate[n++] = '.';
            candidate[n++] = '/';
            for (size_t i = 0; i < flen; i++) candidate[n++] = file[i];
            candidate[n] = 0;
            execve(candidate, argv, envp);
            if (errno != ENOENT && errno != ENOTDIR) best = errno;
            if (errno != ENOENT && errno != ENOTDIR && errno != EACCES) return errno;
        }
        if (!*end) break;
        path = end + 1;
    }
    return best;
}

void te_exec_process(const struct te_process *p, int efd) {
    setup_stdio(p, efd);
    if (p->new_session && setsid() < 0) te_child_fail(efd, "setsid", "", errno);

    // The working directory is created (as root) if missing, as docker does,
    // and resolved inside the container's root.
    int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) te_child_fail(efd, "open /", "/", errno);
    int cwd = te_open_in_root(root, p->cwd, 1, 0);
    if (cwd < 0) te_child_fail(efd, "workdir", p->cwd, -cwd);
    close(root);

    // The filter goes on while this child still has every capability (no
    // need for no_new_privs, as runc does without it); what follows
    // (capset, setresuid, prctl, execve...) is allowed by any sane profile.
    install_seccomp(p, efd);
    if (p->set_caps) {
        drop_bounding_set(p, efd);
        if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) te_child_fail(efd, "keep capabilities", "", errno);
    }
    set_credentials(p, efd);
    if (p->set_caps) {
        if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) te_child_fail(efd, "keep capabilities", "", errno);
        set_capabilities(p, efd);
    }
    if (fchdir(cwd) < 0) te_child_fail(efd, "chdir", p->cwd, errno);
    close(cwd);
    die_with_parent(p, efd);
    umask(p->umask);
    if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        te_child_fail(efd, "set no_new_privs", "", errno);

    // No descriptor of ours reaches the program (CVE-2024-21626): everything
    // above stdio is closed by execve, including the error pipe, whose EOF
    // tells the parent the exec succeeded.
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        te_child_fail(efd, "close_range", "", errno);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int err = exec_in_path(p);
    te_child_fail(efd, "exec", p->argv[0], err);
}
