#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

// Secrets and configs: files written from the parent's memory into a ramfs
// (never swapped, unlike tmpfs), made read-only before anyone can see them.

static const char staging_name[] = ".taskexec-files";

// A detached ramfs mount: nodev, nosuid, noexec; its root 0755.
static int new_ramfs(int efd) {
    int fs = (int)syscall(SYS_fsopen, "ramfs", FSOPEN_CLOEXEC);
    if (fs < 0) te_child_fail(efd, "ramfs", "fsopen", errno);
    if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", "ramfs", 0) < 0 ||
        syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
        syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
        te_child_fail(efd, "ramfs", "fsconfig", errno);
    int mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
                           MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
    if (mnt < 0) te_child_fail(efd, "ramfs", "fsmount", errno);
    close(fs);
    return mnt;
}

// Creates the parent directories of a relative path under `dir` (0755, root).
static void make_parents(int dir, const char *path, int efd) {
    char prefix[PATH_MAX];
    size_t len = te_strlen(path);
    if (len >= sizeof prefix) te_child_fail(efd, "write file", "path too long", ENAMETOOLONG);
    for (size_t i = 0; i < len; i++) {
        prefix[i] = path[i];
        if (path[i] != '/') continue;
        prefix[i] = 0;
        if (i > 0 && mkdirat(dir, prefix, 0755) < 0 && errno != EEXIST) te_child_fail(efd, "mkdir", prefix, errno);
        prefix[i] = '/';
    }
}

static void write_file(int dir, const struct te_file *f, int efd) {
    make_parents(dir, f->path, efd);
    int fd = openat(dir, f->path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) te_child_fail(efd, "create file", f->path, errno);
    uint64_t done = 0;
    while (done < f->len) {
        ssize_t n = write(fd, f->data + done, f->len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) te_child_fail(efd, "write file", f->path, n < 0 ? errno : EIO);
        done += (uint64_t)n;
    }
    if (fchown(fd, f->uid, f->gid) < 0) te_child_fail(efd, "chown file", f->path, errno);
    if (fchmod(fd, f->mode) < 0) te_child_fail(efd, "chmod file", f->path, errno);
    close(fd);
}

// Fills a new ramfs and makes it read-only while it is still detached.
static int filled_ramfs(const struct te_file *files, int n, int efd) {
    int mnt = new_ramfs(efd);
    for (int i = 0; i < n; i++) write_file(mnt, &files[i], efd);
    struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
    if (syscall(SYS_mount_setattr, mnt, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
        te_child_fail(efd, "make ramfs read-only", "", errno);
    return mnt;
}

static void attach(int mnt, int target_fd, const char *what, int efd) {
    if (syscall(SYS_move_mount, mnt, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        te_child_fail(efd, "mount", what, errno);
}

void te_place_files(const struct te_init_plan *plan, int rootfd) {
    int efd = plan->error_fd;
    if (plan->secrets_dir) {
        int mnt = filled_ramfs(plan->secrets, plan->n_secrets, efd);
        int target = te_open_in_root(rootfd, plan->secrets_dir, 1, 0);
        if (target < 0) te_child_fail(efd, "mount target", plan->secrets_dir, -target);
        attach(mnt, target, plan->secrets_dir, efd);
        close(target);
        close(mnt);
    }
    if (plan->n_staged == 0) return;

    // Bind mounts can only be cloned from an attached mount (before Linux
    // 6.15), so the staging ramfs is attached for a moment under the
    // container's own /dev tmpfs, never on the image or the host.
    int mnt = filled_ramfs(plan->staged, plan->n_staged, efd);
    int dev = te_open_in_root(rootfd, "/dev", 0, 0);
    if (dev < 0) te_child_fail(efd, "staging files", "/dev", -dev);
    if (mkdirat(dev, staging_name, 0700) < 0) te_child_fail(efd, "staging files", staging_name, errno);
    int stage = openat(dev, staging_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (stage < 0) te_child_fail(efd, "staging files", staging_name, errno);
    attach(mnt, stage, "staging", efd);
    for (int i = 0; i < plan->n_staged; i++) {
        const struct te_file *f = &plan->staged[i];
        int tree = (int)syscall(SYS_open_tree, mnt, f->path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (tree < 0) te_child_fail(efd, "bind file", f->bind_target, errno);
        int target = te_open_in_root(rootfd, f->bind_target, 1, 1);
        if (target < 0) te_child_fail(efd, "mount target", f->bind_target, -target);
        attach(tree, target, f->bind_target, efd);
        close(target);
        close(tree);
    }
    close(mnt);
    // Detach the staging mount (the binds keep its files) and remove its directory.
    char path[PATH_MAX];
    size_t n = te_strlcpy(path, plan->rootfs, sizeof path);
    n += te_strlcpy(path + n, "/dev/", sizeof path - n);
    te_strlcpy(path + n, staging_name, sizeof path - n);
    if (umount2(path, MNT_DETACH) < 0) te_child_fail(efd, "detach staging", path, errno);
    close(stage);
    if (unlinkat(dev, staging_name, AT_REMOVEDIR) < 0) te_child_fail(efd, "remove staging", staging_name, errno);
    close(dev);
}
