/* te-probe: the test fixture's own program, to check from inside a task
 * what the kernel gave it rather than trusting the runtime (crun's habit).
 * Built statically by build.sh into the busybox fixture as /usr/bin/te-probe.
 *
 *   te-probe udp-echo PORT    echo every datagram back to its sender, and print it
 *   te-probe fds              list open descriptors: "N -> target"
 *   te-probe status           CapEff, CapBnd, CapAmb, Seccomp, NoNewPrivs lines of /proc/self/status
 *   te-probe try CALL         try a privileged call; prints "CALL ok" or "CALL errno-name"
 *                             CALL: mount unshare keyctl kcore sysctl chown
 *   te-probe open PATH MODE   open a file (MODE r, w or rw); prints "open PATH MODE ok" or "... errno-name"
 *   te-probe raw-udp IFACE DSTMAC SRCIP DSTIP PORT TEXT
 *                             send one UDP datagram as a hand-made IPv4 packet in an Ethernet frame
 *                             to DSTMAC (AF_PACKET: no route, no martian check of ours); prints "sent"
 *   te-probe mknod PATH c|b MAJOR MINOR
 *                             make a device node; prints "mknod PATH ok" or "... errno-name"
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int udp_echo(int port) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) < 0) { perror("bind"); return 1; }
    char buffer[2048];
    for (;;) {
        struct sockaddr_in peer;
        socklen_t length = sizeof peer;
        ssize_t n = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr *)&peer, &length);
        if (n < 0) continue;
        fwrite(buffer, 1, (size_t)n, stdout);
        fflush(stdout);
        sendto(fd, buffer, (size_t)n, 0, (struct sockaddr *)&peer, length);
    }
}

static int fds(void) {
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) { perror("opendir"); return 1; }
    int own = dirfd(dir);
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.' || atoi(entry->d_name) == own) continue;
        char path[64], target[512];
        snprintf(path, sizeof path, "/proc/self/fd/%s", entry->d_name);
        ssize_t n = readlink(path, target, sizeof target - 1);
        target[n < 0 ? 0 : n] = 0;
        printf("%s -> %s\n", entry->d_name, target);
    }
    closedir(dir);
    return 0;
}

static int status(void) {
    FILE *file = fopen("/proc/self/status", "r");
    if (!file) { perror("status"); return 1; }
    char line[256];
    while (fgets(line, sizeof line, file)) {
        if (!strncmp(line, "CapEff", 6) || !strncmp(line, "CapBnd", 6) || !strncmp(line, "CapAmb", 6) ||
            !strncmp(line, "CapPrm", 6) || !strncmp(line, "Seccomp:", 8) || !strncmp(line, "NoNewPrivs", 10))
            fputs(line, stdout);
    }
    fclose(file);
    return 0;
}

static int result(const char *call, int ok) {
    if (ok) printf("%s ok\n", call);
    else printf("%s %s\n", call, strerrorname_np(errno) ? strerrorname_np(errno) : "unknown");
    return 0;
}

static int open_file(const char *path, const char *mode) {
    int flags = !strcmp(mode, "rw") ? O_RDWR : !strcmp(mode, "w") ? O_WRONLY : O_RDONLY;
    int fd = open(path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    int saved = errno;
    char label[512];
    snprintf(label, sizeof label, "open %s %s", path, mode);
    if (fd >= 0) close(fd);
    errno = saved;
    return result(label, fd >= 0);
}

static int make_node(const char *path, const char *type, const char *major, const char *minor) {
    mode_t kind = type[0] == 'b' ? S_IFBLK : S_IFCHR;
    int ok = mknod(path, kind | 0666, makedev(atoi(major), atoi(minor))) == 0;
    int saved = errno;
    char label[512];
    snprintf(label, sizeof label, "mknod %s", path);
    errno = saved;
    return result(label, ok);
}

static uint16_t ip_checksum(const void *data, size_t len) {
    const uint16_t *words = data;
    uint32_t sum = 0;
    for (size_t i = 0; i < len / 2; i++) sum += words[i];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

// The attack of CVE-2020-8558's class: a packet for the host's 127.0.0.1,
// handed straight to the bridge's MAC, as a task with CAP_NET_RAW can.
static int raw_udp(const char *iface, const char *mac, const char *src, const char *dst, int port, const char *text) {
    int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
    if (fd < 0) { perror("socket"); return 1; }
    struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = (int)if_nametoindex(iface), .sll_halen = 6 };
    unsigned int m[6];
    if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) { fprintf(stderr, "bad MAC\n"); return 1; }
    for (int i = 0; i < 6; i++) to.sll_addr[i] = (unsigned char)m[i];
    unsigned char packet[1500];
    size_t payload = strlen(text);
    struct iphdr *ip = (struct iphdr *)packet;
    struct udphdr *udp = (struct udphdr *)(packet + sizeof *ip);
    memset(packet, 0, sizeof *ip + sizeof *udp);
    ip->version = 4; ip->ihl = 5; ip->ttl = 64; ip->protocol = IPPROTO_UDP;
    ip->tot_len = htons((uint16_t)(sizeof *ip + sizeof *udp + payload));
    inet_pton(AF_INET, src, &ip->saddr);
    inet_pton(AF_INET, dst, &ip->daddr);
    ip->check = ip_checksum(ip, sizeof *ip);
    udp->source = htons(40000); udp->dest = htons((uint16_t)port); udp->len = htons((uint16_t)(sizeof *udp + payload));
    memcpy(packet + sizeof *ip + sizeof *udp, text, payload);
    size_t len = sizeof *ip + sizeof *udp + payload;
    if (sendto(fd, packet, len, 0, (struct sockaddr *)&to, sizeof to) < 0) { perror("sendto"); return 1; }
    printf("sent\n");
    return 0;
}

static int try_call(const char *call) {
    if (!strcmp(call, "mount")) return result(call, mount("none", "/tmp", "tmpfs", 0, NULL) == 0);
    if (!strcmp(call, "unshare")) return result(call, unshare(CLONE_NEWUTS) == 0);
    if (!strcmp(call, "keyctl")) return result(call, syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0) >= 0);
    if (!strcmp(call, "kcore")) return result(call, open("/proc/kcore", O_RDONLY) >= 0);
    if (!strcmp(call, "sysctl")) {
        int fd = open("/proc/sys/kernel/hostname", O_WRONLY);
        return result(call, fd >= 0 && write(fd, "x", 1) == 1);
    }
    if (!strcmp(call, "chown")) {
        int fd = open("/tmp/te-probe-chown", O_CREAT | O_WRONLY, 0600);
        return result(call, fd >= 0 && fchown(fd, 1234, 1234) == 0);
    }
    fprintf(stderr, "unknown call %s\n", call);
    return 2;
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "udp-echo")) return udp_echo(atoi(argv[2]));
    if (argc >= 2 && !strcmp(argv[1], "fds")) return fds();
    if (argc >= 2 && !strcmp(argv[1], "status")) return status();
    if (argc >= 3 && !strcmp(argv[1], "try")) return try_call(argv[2]);
    if (argc >= 4 && !strcmp(argv[1], "open")) return open_file(argv[2], argv[3]);
    if (argc >= 8 && !strcmp(argv[1], "raw-udp")) return raw_udp(argv[2], argv[3], argv[4], argv[5], atoi(argv[6]), argv[7]);
    if (argc >= 6 && !strcmp(argv[1], "mknod")) return make_node(argv[2], argv[3], argv[4], argv[5]);
    fprintf(stderr, "usage: te-probe udp-echo PORT | fds | status | try CALL | open PATH MODE | mknod PATH c|b MAJOR MINOR\n");
    return 2;
}
