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
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
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

// Walks argv[0] through PATH as execvp does, calling `try` on each
// candidate and keeping the most telling errno (EACCES beats ENOENT).
// `try` returns 0 to stop (found), else an errno.
static int search_path(const struct te_process *p, int (*try)(const char *, const struct te_process *, int), int arg) {
    const char *file = p->argv[0];
    for (const char *c = file; *c; c++) {
        if (*c == '/') return try(file, p, arg);
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
            int err = try(candidate, p, arg);
            if (err == 0) return 0;
            if (err != ENOENT && err != ENOTDIR) best = err;
            if (err != ENOENT && err != ENOTDIR && err != EACCES) return err;
        }
        if (!*end) break;
        path = end + 1;
    }
    return best;
}

static int try_exec(const char *candidate, const struct te_process *p, int unused) {
    (void)unused;
    execve(candidate, (char *const *)p->argv, (char *const *)p->envp);
    return errno;
}

static int try_access(const char *candidate, const struct te_process *p, int cwd) {
    (void)p;
    struct stat st;
    if (fstatat(cwd, candidate, &st, 0) < 0) return errno;
    if (S_ISDIR(st.st_mode)) return EACCES;
    return faccessat(cwd, candidate, X_OK, 0) < 0 ? errno : 0;
}

int te_find_program(const struct te_process *p, int cwd) { return search_path(p, try_access, cwd); }

// A pseudo-terminal from the container's own devpts (its /dev/ptmx): the
// master goes to whoever listens on the console socket, the peer becomes
// stdio and, after setsid, the controlling terminal.
static void setup_console(const struct te_process *p, int efd) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) te_child_fail(efd, "console", "/dev/ptmx", errno);
    int unlock = 0;
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0) te_child_fail(efd, "console", "unlock pty", errno);
    int peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (peer < 0) te_child_fail(efd, "console", "open pty peer", errno);
    if (p->console_rows || p->console_cols) {
        struct winsize size = { .ws_row = p->console_rows, .ws_col = p->console_cols };
        if (ioctl(master, TIOCSWINSZ, &size) < 0) te_child_fail(efd, "console", "set size", errno);
    }
    // The message names the pty, as runc's does; the fd is what matters.
    char name[32] = "/dev/pts/";
    unsigned number = 0;
    if (ioctl(master, TIOCGPTN, &number) < 0) te_child_fail(efd, "console", "pty number", errno);
    char digits[12];
    int d = 0;
    do { digits[d++] = (char)('0' + number % 10); number /= 10; } while (number && d < 11);
    size_t n = te_strlen(name);
    while (d > 0) name[n++] = digits[--d];
    name[n] = 0;
    struct iovec iov = { .iov_base = name, .iov_len = n };
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf };
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &master, sizeof(int));
    ssize_t sent;
    do { sent = sendmsg(p->console_socket_fd, &msg, MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    if (sent < 0) te_child_fail(efd, "console", "send to console socket", errno);
    close(master);
    close(p->console_socket_fd);
    for (int i = 0; i < 3; i++) {
        if (dup3(peer, i, 0) < 0) te_child_fail(efd, "console", "dup3", errno);
    }
    if (peer > 2) close(peer);
}

static void set_rlimits(const struct te_process *p, int efd) {
    for (int i = 0; i < p->n_rlimits; i++) {
        const struct te_rlimit *r = &p->rlimits[i];
        struct { uint64_t cur, max; } limit = { r->soft, r->hard };
        if (syscall(SYS_prlimit64, 0, r->resource, &limit, NULL) < 0)
            te_child_fail(efd, "setrlimit", "", errno);
    }
}

// fds 3 .. 3+n-1 were inherited from our caller for the program (socket
// activation, runc --preserve-fds): they lose close-on-exec.
static void keep_preserved_fds(const struct te_process *p, int efd) {
    for (int fd = 3; fd < 3 + p->preserve_fds; fd++) {
        if (fcntl(fd, F_SETFD, 0) < 0) te_child_fail(efd, "preserve fd", "", errno);
    }
}

int te_prepare_process(const struct te_process *p, int efd) {
    if (p->console_socket_fd >= 0) setup_console(p, efd);
    else setup_stdio(p, efd);
    if (p->new_session && setsid() < 0) te_child_fail(efd, "setsid", "", errno);
    if (p->console_socket_fd >= 0 && ioctl(0, TIOCSCTTY, 0) < 0) te_child_fail(efd, "console", "set controlling terminal", errno);
    set_rlimits(p, efd);

    // The working directory is created (as root) if missing, as docker does,
    // and resolved inside the container's root.
    int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) te_child_fail(efd, "open /", "/", errno);
    int cwd = te_open_in_root(root, p->cwd, 1, 0);
    if (cwd < 0) te_child_fail(efd, "workdir", p->cwd, -cwd);
    close(root);
    return cwd;
}

void te_finish_exec(const struct te_process *p, int efd, int cwd) {
    // No descriptor of ours reaches the program (CVE-2024-21626): everything
    // above stdio (and the preserved ones) is marked close-on-exec, including
    // the error pipe, whose EOF tells the parent the exec succeeded. Done
    // before the filter: a profile need not list close_range (the OCI
    // validation suite's, older docker and containerd profiles do not).
    keep_preserved_fds(p, efd);
    if (syscall(SYS_close_range, 3 + p->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        te_child_fail(efd, "close_range", "", errno);

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
    if (p->die_with_parent) die_with_parent(p, efd);
    umask(p->umask);
    if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        te_child_fail(efd, "set no_new_privs", "", errno);

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int err = search_path(p, try_exec, 0);
    te_child_fail(efd, "exec", p->argv[0], err);
}

void te_exec_process(const struct te_process *p, int efd) {
    int cwd = te_prepare_process(p, efd);
    te_finish_exec(p, efd, cwd);
}
