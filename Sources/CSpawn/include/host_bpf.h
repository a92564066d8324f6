// The bpf(2) calls that put a device filter on a cgroup v2 directory, in the
// parent only (the program itself is built in Swift: DeviceProgram).
#ifndef HOST_BPF_H
#define HOST_BPF_H

#include <stdint.h>

/// One eBPF instruction, as the kernel's struct bpf_insn.
struct te_bpf_insn {
    uint8_t code;
    uint8_t regs;        // dst_reg in the low nibble, src_reg in the high one
    int16_t off;
    int32_t imm;
};

/// Loads a BPF_PROG_TYPE_CGROUP_DEVICE program. Returns its fd, or -errno;
/// the verifier's complaint, if any, goes to log (NUL-terminated).
int te_bpf_load_device_program(const struct te_bpf_insn *insns, uint32_t count, char *log, uint32_t log_size);

/// Attaches a program to a cgroup (an O_RDONLY directory fd) as a device
/// filter, BPF_F_ALLOW_MULTI. Returns 0 or -errno.
int te_bpf_attach_device_program(int cgroup_fd, int program_fd);

/// Detaches one program from a cgroup. Returns 0 or -errno.
int te_bpf_detach_device_program(int cgroup_fd, int program_fd);

/// The ids of the device programs attached to this cgroup itself (not its
/// parents). Returns how many (at most capacity), or -errno.
int te_bpf_query_device_programs(int cgroup_fd, uint32_t *ids, uint32_t capacity);

/// An fd for a loaded program by its id. Returns the fd, or -errno.
int te_bpf_program_by_id(uint32_t id);

#endif
