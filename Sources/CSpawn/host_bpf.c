#define _GNU_SOURCE
#include "host_bpf.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert(sizeof(struct te_bpf_insn) == sizeof(struct bpf_insn), "te_bpf_insn must match bpf_insn");

static int bpf_call(int command, union bpf_attr *attr) {
    int r = (int)syscall(SYS_bpf, command, attr, sizeof *attr);
    return r < 0 ? -errno : r;
}

int te_bpf_load_device_program(const struct te_bpf_insn *insns, uint32_t count, char *log, uint32_t log_size) {
    static const char license[] = "Apache-2.0";
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insns = (uint64_t)(uintptr_t)insns;
    attr.insn_cnt = count;
    attr.license = (uint64_t)(uintptr_t)license;
    if (log && log_size > 0) {
        log[0] = 0;
        attr.log_buf = (uint64_t)(uintptr_t)log;
        attr.log_size = log_size;
        attr.log_level = 1;
    }
    int fd = bpf_call(BPF_PROG_LOAD, &attr);
    // A log too small for the verifier's words fails the load: retry without one.
    if (fd == -ENOSPC && log) return te_bpf_load_device_program(insns, count, NULL, 0);
    return fd;
}

// Attach and detach take the same attributes; only detach ignores the flags.
static int device_program_link(int command, int cgroup_fd, int program_fd, uint32_t flags) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (uint32_t)cgroup_fd;
    attr.attach_bpf_fd = (uint32_t)program_fd;
    attr.attach_type = BPF_CGROUP_DEVICE;
    attr.attach_flags = flags;
    return bpf_call(command, &attr);
}

int te_bpf_attach_device_program(int cgroup_fd, int program_fd) {
    return device_program_link(BPF_PROG_ATTACH, cgroup_fd, program_fd, BPF_F_ALLOW_MULTI);
}

int te_bpf_detach_device_program(int cgroup_fd, int program_fd) {
    return device_program_link(BPF_PROG_DETACH, cgroup_fd, program_fd, 0);
}

int te_bpf_query_device_programs(int cgroup_fd, uint32_t *ids, uint32_t capacity) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.query.target_fd = (uint32_t)cgroup_fd;
    attr.query.attach_type = BPF_CGROUP_DEVICE;
    attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
    attr.query.prog_cnt = capacity;
    int r = bpf_call(BPF_PROG_QUERY, &attr);
    return r < 0 ? r : (int)attr.query.prog_cnt;
}

int te_bpf_program_by_id(uint32_t id) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_id = id;
    attr.open_flags = 0;
    return bpf_call(BPF_PROG_GET_FD_BY_ID, &attr);
}
