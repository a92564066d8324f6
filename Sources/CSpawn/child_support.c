#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

size_t te_strlen(const char *s) {
    size_t n = 0;
    while (s && s[n]) n++;
    return n;
}

size_t te_strlcpy(char *dst, const char *src, size_t size) {
    size_t n = 0;
    if (size == 0) return 0;
    while (src && src[n] && n + 1 < size) { dst[n] = src[n]; n++; }
    dst[n] = 0;
    return n;
}

// Once `create` has returned, nobody reads the error pipe any more: failures
// then go to the process's stderr as a line of text.
static int fail_to_stderr;

void te_child_report_to_stderr(void) { fail_to_stderr = 1; }

static void write_text_failure(const char *stage, const char *detail, int err) {
    char line[640];
    size_t n = te_strlcpy(line, "taskexec: ", sizeof line);
    n += te_strlcpy(line + n, stage, sizeof line - n);
    n += te_strlcpy(line + n, " ", sizeof line - n);
    n += te_strlcpy(line + n, detail, sizeof line - n);
    n += te_strlcpy(line + n, ": errno ", sizeof line - n);
    char digits[12];
    int d = 0;
    unsigned v = (unsigned)err;
    do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v && d < 11);
    while (d > 0 && n + 2 < sizeof line) line[n++] = digits[--d];
    line[n++] = '\n';
    ssize_t unused = write(2, line, n);
    (void)unused;
}

void te_child_checkpoint(int error_fd, const char *stage) {
    struct te_child_error e;
    char *p = (char *)&e;
    for (size_t i = 0; i < sizeof e; i++) p[i] = 0;
    te_strlcpy(e.stage, stage, sizeof e.stage);
    if (write(error_fd, &e, sizeof e) != (ssize_t)sizeof e) syscall(SYS_exit_group, 125);
}

void te_child_fail(int error_fd, const char *stage, const char *detail, int err) {
    if (fail_to_stderr) {
        write_text_failure(stage, detail, err);
        syscall(SYS_exit_group, 125);
    }
    struct te_child_error e;
    char *p = (char *)&e;
    for (size_t i = 0; i < sizeof e; i++) p[i] = 0;
    e.err = err;
    te_strlcpy(e.stage, stage, sizeof e.stage);
    te_strlcpy(e.detail, detail, sizeof e.detail);
    // A single write of less than PIPE_BUF bytes is atomic.
    ssize_t unused = write(error_fd, &e, sizeof e);
    (void)unused;
    syscall(SYS_exit_group, 125);
    __builtin_unreachable();
}

void te_reset_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &sa, NULL);   // fails harmlessly for the libc-reserved ones
    }
}

int te_openat2_in_root(int rootfd, const char *path, uint64_t flags) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = flags | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    int fd;
    do {
        fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
    } while (fd < 0 && (errno == EAGAIN || errno == EINTR));
    return fd < 0 ? -errno : fd;
}

static int openat2_in_root(int rootfd, const char *path) { return te_openat2_in_root(rootfd, path, O_PATH); }

int te_open_in_root(int rootfd, const char *path, int create, int as_file) {
    int fd = openat2_in_root(rootfd, path);
    if (fd >= 0 || fd != -ENOENT || !create) return fd;

    // Walk the path one component at a time, re-resolving each prefix from
    // the root (so symlinks with absolute or ".." targets stay inside it),
    // and create what is missing relative to the resolved parent's fd.
    char prefix[PATH_MAX];
    size_t len = te_strlen(path);
    if (len >= sizeof prefix) return -ENAMETOOLONG;
    int parent = openat2_in_root(rootfd, "/");
    if (parent < 0) return parent;
    size_t i = 0;
    while (i < len) {
        while (i < len && path[i] == '/') i++;
        size_t start = i;
        while (i < len && path[i] != '/') i++;
        if (i == start) break;
        size_t rest = i;
        while (rest < len && path[rest] == '/') rest++;
        int last = rest >= len;
        for (size_t k = 0; k < i; k++) prefix[k] = path[k];
        prefix[i] = 0;
        int next = openat2_in_root(rootfd, prefix);
        if (next == -ENOENT) {
            char name[NAME_MAX + 1];
            size_t n = i - start;
            if (n > NAME_MAX) { close(parent); return -ENAMETOOLONG; }
            for (size_t k = 0; k < n; k++) name[k] = path[start + k];
            name[n] = 0;
            // An O_PATH fd serves as the dirfd of *at() calls.
            int r;
            if (last && as_file) {
                r = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (r >= 0) { close(r); r = 0; }
            } else {
                r = mkdirat(parent, name, 0755);
            }
            int e = errno;
            if (r < 0 && e != EEXIST) { close(parent); return -e; }
            next = openat2_in_root(rootfd, prefix);
        }
        close(parent);
        if (next < 0) return next;
        parent = next;
    }
    return parent;
}

void te_wait_for_go(int sync_fd) {
    char go;
    ssize_t n;
    do { n = read(sync_fd, &go, 1); } while (n < 0 && errno == EINTR);
    if (n != 1) syscall(SYS_exit_group, 1);
}

void te_join_cgroups(const int *procs_fds, int n, int error_fd) {
    for (int i = 0; i < n; i++) {
        if (write(procs_fds[i], "0", 1) != 1) te_child_fail(error_fd, "join cgroup", "cgroup.procs", errno);
    }
}
