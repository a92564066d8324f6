#define _GNU_SOURCE
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

// A filesystem mount: fsopen + fsconfig + fsmount, then attached to the
// target fd with move_mount. No path string is ever resolved on the host.
static int mount_fs(const struct te_mount *m, int target_fd) {
    int fs = (int)syscall(SYS_fsopen, m->source, FSOPEN_CLOEXEC);
    if (fs < 0) return -errno;
    for (const char *const *opt = m->fs_options; opt && *opt; opt++) {
        char key[256];
        const char *value = NULL;
        size_t k = 0;
        while ((*opt)[k] && (*opt)[k] != '=' && k + 1 < sizeof key) { key[k] = (*opt)[k]; k++; }
        key[k] = 0;
        if ((*opt)[k] == '=') value = *opt + k + 1;
        long r = value
            ? syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, key, value, 0)
            : syscall(SYS_fsconfig, fs, FSCONFIG_SET_FLAG, key, NULL, 0);
        if (r < 0) { int e = errno; close(fs); return -e; }
    }
    if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) { int e = errno; close(fs); return -e; }
    int mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, (unsigned int)m->attr_set);
    int e = errno;
    close(fs);
    if (mnt < 0) return -e;
    long r = syscall(SYS_move_mount, mnt, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
    e = errno;
    close(mnt);
    return r < 0 ? -e : 0;
}

// A bind mount: a detached clone of the source tree (open_tree), its
// attributes set before it is attached, so a read-only bind is never writable,
// not even for an instant, and `readonly` applies to submounts too.
static int mount_bind(const struct te_mount *m, int target_fd) {
    unsigned int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (m->recursive ? AT_RECURSIVE : 0);
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, m->source, flags);
    if (tree < 0) return -errno;
    if (m->attr_set) {
        // An atime mode replaces the current one: the kernel wants that field cleared too.
        struct mount_attr attr = { .attr_set = m->attr_set,
                                   .attr_clr = (m->attr_set & (MOUNT_ATTR_NOATIME | MOUNT_ATTR_STRICTATIME)) ? MOUNT_ATTR__ATIME : 0 };
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (m->recursive ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0) {
            int e = errno; close(tree); return -e;
        }
    }
    long r = syscall(SYS_move_mount, tree, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
    int e = errno;
    close(tree);
    return r < 0 ? -e : 0;
}

// Propagation ("shared", "rslave", ...) applies to an attached mount: the
// target is opened again, now the new mount's root.
static int set_propagation(const struct te_mount *m, int rootfd) {
    if (!m->propagation) return 0;
    int mounted = te_open_in_root(rootfd, m->target, 0, 0);
    if (mounted < 0) return mounted;
    struct mount_attr attr = { .propagation = m->propagation };
    long r = syscall(SYS_mount_setattr, mounted, "", AT_EMPTY_PATH | (m->propagation_recursive ? AT_RECURSIVE : 0),
                     &attr, sizeof attr);
    int e = errno;
    close(mounted);
    return r < 0 ? -e : 0;
}

static int source_is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

// Device nodes (the defaults in the /dev tmpfs, and the config's own
// linux.devices anywhere in the root), then /dev's usual links. Whether a
// node may be opened is the device cgroup's decision, made before we ran.
static void populate_dev(const struct te_init_plan *plan, int rootfd) {
    int efd = plan->error_fd;
    for (int i = 0; i < plan->n_devices; i++) {
        const struct te_device *d = &plan->devices[i];
        int dir = te_open_in_root(rootfd, d->dir, 1, 0);
        if (dir < 0) te_child_fail(efd, "open device directory", d->dir, -dir);
        if (d->replace) unlinkat(dir, d->name, 0);
        if (d->host_path) {
            // A user namespace may not mknod: the host's node is bound instead (runc's way).
            int file = openat(dir, d->name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (file < 0 && errno != EEXIST) te_child_fail(efd, "device", d->name, errno);
            if (file >= 0) close(file);
            int target = openat(dir, d->name, O_PATH | O_CLOEXEC | O_NOFOLLOW);
            if (target < 0) te_child_fail(efd, "device", d->name, errno);
            struct te_mount node = { .kind = TE_MOUNT_BIND, .source = d->host_path, .target = d->name };
            int r = mount_bind(&node, target);
            if (r < 0) te_child_fail(efd, "bind device", d->host_path, -r);
            close(target);
            close(dir);
            continue;
        }
        if (mknodat(dir, d->name, d->mode, makedev(d->major, d->minor)) < 0 && errno != EEXIST)
            te_child_fail(efd, "mknod", d->name, errno);
        if (d->replace && (fchownat(dir, d->name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0 ||
                           fchmodat(dir, d->name, d->mode & 07777, 0) < 0))
            te_child_fail(efd, "device owner", d->name, errno);
        close(dir);
    }
    if (plan->n_symlinks == 0) return;
    int dev = te_open_in_root(rootfd, "/dev", 0, 0);
    if (dev < 0) te_child_fail(efd, "open /dev", "/dev", -dev);
    for (int i = 0; i < plan->n_symlinks; i++) {
        const struct te_symlink *l = &plan->symlinks[i];
        if (symlinkat(l->target, dev, l->name) < 0 && errno != EEXIST)
            te_child_fail(efd, "symlink", l->name, errno);
    }
    close(dev);
}

// Paths that do not exist in this kernel or image are skipped, as runc does.
static void mask_paths(const struct te_init_plan *plan, int rootfd) {
    int efd = plan->error_fd;
    for (int i = 0; i < plan->n_masked_paths; i++) {
        const char *path = plan->masked_paths[i];
        int target = te_open_in_root(rootfd, path, 0, 0);
        if (target == -ENOENT) continue;
        if (target < 0) te_child_fail(efd, "mask", path, -target);
        struct stat st;
        if (fstatat(target, "", &st, AT_EMPTY_PATH) < 0) te_child_fail(efd, "mask", path, errno);
        int r;
        if (S_ISDIR(st.st_mode)) {
            const char *options[] = { "source=tmpfs", "size=0", NULL };
            struct te_mount empty = { .kind = TE_MOUNT_FS, .source = "tmpfs", .target = path, .fs_options = options,
                                      .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC };
            r = mount_fs(&empty, target);
        } else {
            struct te_mount null = { .kind = TE_MOUNT_BIND, .source = "/dev/null", .target = path, .attr_set = MOUNT_ATTR_RDONLY };
            r = mount_bind(&null, target);
        }
        if (r < 0) te_child_fail(efd, "mask", path, -r);
        close(target);
    }
    for (int i = 0; i < plan->n_readonly_paths; i++) {
        const char *path = plan->readonly_paths[i];
        int target = te_open_in_root(rootfd, path, 0, 0);
        if (target == -ENOENT) continue;
        if (target < 0) te_child_fail(efd, "read-only path", path, -target);
        int tree = (int)syscall(SYS_open_tree, target, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
        if (tree < 0) te_child_fail(efd, "read-only path", path, errno);
        struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC };
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0 ||
            syscall(SYS_move_mount, tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
            te_child_fail(efd, "read-only path", path, errno);
        close(tree);
        close(target);
    }
}

void te_setup_rootfs(const struct te_init_plan *plan) {
    int efd = plan->error_fd;
    // By default nothing we mount may propagate back to the host; a config
    // may ask for shared or slave (runc's rootfsPropagation).
    if (mount(NULL, "/", NULL, plan->root_propagation ? plan->root_propagation : MS_REC | MS_PRIVATE, NULL) < 0)
        te_child_fail(efd, "set / propagation", "/", errno);
    if (plan->rootfs_parent_mount && mount(NULL, plan->rootfs_parent_mount, NULL, MS_PRIVATE, NULL) < 0)
        te_child_fail(efd, "make rootfs parent private", plan->rootfs_parent_mount, errno);
    // pivot_root needs the new root to be a mount point.
    if (mount(plan->rootfs, plan->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
        te_child_fail(efd, "bind rootfs", plan->rootfs, errno);
    int rootfd = open(plan->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) te_child_fail(efd, "open rootfs", plan->rootfs, errno);

    mode_t old_umask = umask(0);
    for (int i = 0; i < plan->n_mounts; i++) {
        const struct te_mount *m = &plan->mounts[i];
        int as_file = m->kind == TE_MOUNT_BIND && source_is_file(m->source);
        int target = te_open_in_root(rootfd, m->target, 1, as_file || m->target_is_file);
        if (target < 0) te_child_fail(efd, "mount target", m->target, -target);
        int r = m->kind == TE_MOUNT_BIND ? mount_bind(m, target) : mount_fs(m, target);
        if (r < 0) te_child_fail(efd, m->kind == TE_MOUNT_BIND ? "bind mount" : "mount", m->target, -r);
        r = set_propagation(m, rootfd);
        if (r < 0) te_child_fail(efd, "mount propagation", m->target, -r);
        close(target);
    }
    populate_dev(plan, rootfd);
    te_place_files(plan, rootfd);
    mask_paths(plan, rootfd);
    umask(old_umask);

    // OCI hooks (prestart, createRuntime, createContainer) run now: the
    // mounts are in place, the root not yet switched.
    if (plan->hooks_checkpoint) {
        te_child_checkpoint(efd, "hooks");
        te_wait_for_go(plan->sync_fd);
    }

    if (fchdir(rootfd) < 0) te_child_fail(efd, "chdir rootfs", plan->rootfs, errno);
    if (plan->no_pivot) {
        // For roots that cannot be pivoted from (a ramfs): moved over / and chrooted.
        if (mount(".", "/", NULL, MS_MOVE, NULL) < 0) te_child_fail(efd, "move rootfs", plan->rootfs, errno);
        if (chroot(".") < 0) te_child_fail(efd, "chroot", plan->rootfs, errno);
    } else {
        // pivot_root(".", ".") stacks the old root under the new one; detaching
        // it leaves only the container's tree (runc's trick, no temp directory).
        if (syscall(SYS_pivot_root, ".", ".") < 0) te_child_fail(efd, "pivot_root", plan->rootfs, errno);
        if (umount2(".", MNT_DETACH) < 0) te_child_fail(efd, "detach old root", "/", errno);
    }
    if (chdir("/") < 0) te_child_fail(efd, "chdir", "/", errno);
    close(rootfd);
    // Applied to the container's own "/" only now: before pivot_root it
    // would have changed the host's tree.
    if (plan->root_propagation_after && mount(NULL, "/", NULL, plan->root_propagation_after, NULL) < 0)
        te_child_fail(efd, "set / propagation", "/", errno);

    if (plan->readonly_rootfs &&
        mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
        te_child_fail(efd, "remount / read-only", "/", errno);
}
