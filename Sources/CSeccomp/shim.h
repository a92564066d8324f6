// libseccomp (in the parent only: the child installs the exported program
// with a raw seccomp(2) call), plus what its header offers only as macros
// and the two system calls Glibc's module map hides that exporting needs.
#ifndef CSECCOMP_SHIM_H
#define CSECCOMP_SHIM_H

#include <seccomp.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// SCMP_ACT_ERRNO(e) and SCMP_ACT_TRACE(v): function-like macros Swift cannot import.
static inline uint32_t te_scmp_act_errno(uint32_t value) { return SCMP_ACT_ERRNO(value); }
static inline uint32_t te_scmp_act_trace(uint32_t value) { return SCMP_ACT_TRACE(value); }

/// A close-on-exec memfd that seccomp_export_bpf/_pfc write into, or -errno.
static inline int te_seccomp_memfd(void) {
    long fd = syscall(SYS_memfd_create, "taskexec-seccomp", 1U /* MFD_CLOEXEC */);
    return fd < 0 ? -errno : (int)fd;
}

/// Installs `filter` on the calling thread only (no TSYNC), after setting
/// no_new_privs on that thread. For tests and diagnostics: a thread that
/// calls this keeps the filter until it exits. Returns 0 or -errno.
static inline int te_seccomp_install_on_thread(const void *filter, unsigned short count) {
    struct sock_fprog prog = { .len = count, .filter = (struct sock_filter *)filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -errno;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) return -errno;
    return 0;
}

#endif
