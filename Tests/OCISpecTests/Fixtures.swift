/// config.json documents as other OCI clients write them.
enum Fixtures {
    /// Every fixture by name (test arguments print the name, not the document).
    static let byName: [String: String] = [
        "runcSpec": runcSpec, "podmanRootless": podmanRootless, "everyField": everyField,
    ]

    /// What `runc spec` writes (libcontainer/specconv/example.go, on a cgroup v2 host).
    static let runcSpec = #"""
    {
    	"ociVersion": "1.2.1",
    	"process": {
    		"terminal": true,
    		"user": {
    			"uid": 0,
    			"gid": 0
    		},
    		"args": [
    			"sh"
    		],
    		"env": [
    			"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    			"TERM=xterm"
    		],
    		"cwd": "/",
    		"capabilities": {
    			"bounding": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			],
    			"effective": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			],
    			"permitted": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			]
    		},
    		"rlimits": [
    			{
    				"type": "RLIMIT_NOFILE",
    				"hard": 1024,
    				"soft": 1024
    			}
    		],
    		"noNewPrivileges": true
    	},
    	"root": {
    		"path": "rootfs",
    		"readonly": true
    	},
    	"hostname": "runc",
    	"mounts": [
    		{
    			"destination": "/proc",
    			"type": "proc",
    			"source": "proc"
    		},
    		{
    			"destination": "/dev",
    			"type": "tmpfs",
    			"source": "tmpfs",
    			"options": [
    				"nosuid",
    				"strictatime",
    				"mode=755",
    				"size=65536k"
    			]
    		},
    		{
    			"destination": "/dev/pts",
    			"type": "devpts",
    			"source": "devpts",
    			"options": [
    				"nosuid",
    				"noexec",
    				"newinstance",
    				"ptmxmode=0666",
    				"mode=0620",
    				"gid=5"
    			]
    		},
    		{
    			"destination": "/dev/shm",
    			"type": "tmpfs",
    			"source": "shm",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev",
    				"mode=1777",
    				"size=65536k"
    			]
    		},
    		{
    			"destination": "/dev/mqueue",
    			"type": "mqueue",
    			"source": "mqueue",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev"
    			]
    		},
    		{
    			"destination": "/sys",
    			"type": "sysfs",
    			"source": "sysfs",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev",
    				"ro"
    			]
    		},
    		{
    			"destination": "/sys/fs/cgroup",
    			"type": "cgroup",
    			"source": "cgroup",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev",
    				"relatime",
    				"ro"
    			]
    		}
    	],
    	"linux": {
    		"resources": {
    			"devices": [
    				{
    					"allow": false,
    					"access": "rwm"
    				}
    			]
    		},
    		"namespaces": [
    			{
    				"type": "pid"
    			},
    			{
    				"type": "network"
    			},
    			{
    				"type": "ipc"
    			},
    			{
    				"type": "uts"
    			},
    			{
    				"type": "mount"
    			},
    			{
    				"type": "cgroup"
    			}
    		],
    		"maskedPaths": [
    			"/proc/acpi",
    			"/proc/asound",
    			"/proc/kcore",
    			"/proc/keys",
    			"/proc/latency_stats",
    			"/proc/timer_list",
    			"/proc/timer_stats",
    			"/proc/sched_debug",
    			"/sys/firmware",
    			"/proc/scsi"
    		],
    		"readonlyPaths": [
    			"/proc/bus",
    			"/proc/fs",
    			"/proc/irq",
    			"/proc/sys",
    			"/proc/sysrq-trigger"
    		]
    	}
    }
    """#

    /// The shape of a rootless `podman run` config (the userdata config.json):
    /// user namespace with subordinate IDs, a joined network namespace, the
    /// systemd cgroup path, bind mounts of container files, a seccomp profile
    /// with argument rules, a hook from hooks.d, and libpod's annotations.
    static let podmanRootless = #"""
    {
      "ociVersion": "1.2.0",
      "process": {
        "user": {
          "uid": 0,
          "gid": 0,
          "umask": 18,
          "additionalGids": [0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27]
        },
        "args": ["/bin/sh", "-c", "sleep infinity"],
        "env": [
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "container=podman",
          "HOME=/root",
          "HOSTNAME=3f1c0e9a7b2d"
        ],
        "cwd": "/",
        "capabilities": {
          "bounding": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                       "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
                       "CAP_SYS_CHROOT"],
          "effective": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                        "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
                        "CAP_SYS_CHROOT"],
          "permitted": ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                        "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
                        "CAP_SYS_CHROOT"]
        },
        "rlimits": [
          {"type": "RLIMIT_NOFILE", "hard": 524288, "soft": 524288},
          {"type": "RLIMIT_NPROC", "hard": 127335, "soft": 127335}
        ],
        "oomScoreAdj": 200
      },
      "root": {
        "path": "/home/user/.local/share/containers/storage/overlay/9b1e6a2c7d4f/merged"
      },
      "hostname": "3f1c0e9a7b2d",
      "mounts": [
        {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
        {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
         "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
        {"destination": "/sys", "type": "bind", "source": "/sys",
         "options": ["rprivate", "nosuid", "noexec", "nodev", "ro", "rbind"]},
        {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
         "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
        {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
        {"destination": "/etc/resolv.conf", "type": "bind",
         "source": "/run/user/1000/containers/overlay-containers/3f1c0e9a7b2d/userdata/resolv.conf",
         "options": ["bind", "rprivate"]},
        {"destination": "/etc/hosts", "type": "bind",
         "source": "/run/user/1000/containers/overlay-containers/3f1c0e9a7b2d/userdata/hosts",
         "options": ["bind", "rprivate"]},
        {"destination": "/dev/shm", "type": "bind",
         "source": "/home/user/.local/share/containers/storage/overlay-containers/3f1c0e9a7b2d/userdata/shm",
         "options": ["bind", "rprivate"]},
        {"destination": "/run/.containerenv", "type": "bind",
         "source": "/run/user/1000/containers/overlay-containers/3f1c0e9a7b2d/userdata/.containerenv",
         "options": ["bind", "rprivate"]},
        {"destination": "/data", "type": "bind", "source": "/home/user/data",
         "options": ["rbind", "rw", "idmap"],
         "uidMappings": [{"containerID": 0, "hostID": 1, "size": 65536}],
         "gidMappings": [{"containerID": 0, "hostID": 1, "size": 65536}]},
        {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
         "options": ["rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"]}
      ],
      "hooks": {
        "createRuntime": [
          {"path": "/usr/bin/nvidia-ctk", "args": ["nvidia-ctk", "hook", "update-ldcache"],
           "env": ["PATH=/usr/bin:/bin"], "timeout": 10}
        ]
      },
      "annotations": {
        "io.container.manager": "libpod",
        "io.podman.annotations.autoremove": "FALSE",
        "io.podman.annotations.init": "FALSE",
        "io.podman.annotations.privileged": "FALSE",
        "io.podman.annotations.publish-all": "FALSE",
        "org.opencontainers.image.stopSignal": "15",
        "org.systemd.property.KillSignal": "15",
        "org.systemd.property.TimeoutStopUSec": "uint64 10000000"
      },
      "linux": {
        "uidMappings": [
          {"containerID": 0, "hostID": 1000, "size": 1},
          {"containerID": 1, "hostID": 100000, "size": 65536}
        ],
        "gidMappings": [
          {"containerID": 0, "hostID": 1000, "size": 1},
          {"containerID": 1, "hostID": 100000, "size": 65536}
        ],
        "sysctl": {"net.ipv4.ping_group_range": "0 0"},
        "resources": {
          "devices": [{"allow": false, "access": "rwm"}],
          "memory": {"limit": 536870912, "swap": 1073741824},
          "cpu": {"quota": 150000, "period": 100000},
          "pids": {"limit": 2048},
          "unified": {"memory.high": "402653184"}
        },
        "cgroupsPath": "user.slice:libpod:3f1c0e9a7b2d",
        "namespaces": [
          {"type": "pid"},
          {"type": "network", "path": "/run/user/1000/netns/netns-5e0b2c1f-4a6d-8e3b-71c9-0d2f6a8b4e17"},
          {"type": "ipc"},
          {"type": "uts"},
          {"type": "mount"},
          {"type": "cgroup"},
          {"type": "user"}
        ],
        "seccomp": {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 38,
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
          "syscalls": [
            {"names": ["bdflush", "io_pgetevents", "kexec_file_load", "kexec_load", "migrate_pages",
                       "move_pages", "nfsservctl", "nice", "oldfstat", "oldlstat", "oldolduname",
                       "oldstat", "olduname", "pciconfig_iobase", "pciconfig_read", "pciconfig_write",
                       "sgetmask", "ssetmask", "swapoff", "swapon", "syscall", "sysfs", "uselib",
                       "userfaultfd", "ustat", "vm86", "vm86old", "vmsplice"],
             "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
            {"names": ["_llseek", "accept", "accept4", "access", "bind", "brk", "chdir", "clock_gettime",
                       "close", "connect", "dup", "dup2", "dup3", "epoll_create1", "epoll_ctl",
                       "epoll_pwait", "execve", "exit", "exit_group", "fcntl", "fstat", "futex",
                       "getdents64", "getpid", "ioctl", "lseek", "mmap", "mprotect", "munmap",
                       "nanosleep", "newfstatat", "openat", "pipe2", "poll", "read", "rt_sigaction",
                       "rt_sigprocmask", "rt_sigreturn", "set_tid_address", "wait4", "write"],
             "action": "SCMP_ACT_ALLOW"},
            {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
            {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
            {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
            {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
            {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
            {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22,
             "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_EQ"},
                      {"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}]}
          ]
        },
        "maskedPaths": [
          "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
          "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/fs/selinux",
          "/sys/dev/block"
        ],
        "readonlyPaths": [
          "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"
        ]
      }
    }
    """#

    /// Every field of the model at least once (values need not make a
    /// runnable container).
    static let everyField = #"""
    {
      "ociVersion": "1.2.0",
      "process": {
        "terminal": true,
        "consoleSize": {"height": 25, "width": 80},
        "user": {"uid": 1, "gid": 1, "umask": 63, "additionalGids": [5, 6], "username": "ignored"},
        "args": ["sh"],
        "env": ["TERM=xterm"],
        "cwd": "/root",
        "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "inheritable": ["CAP_KILL"],
                         "permitted": ["CAP_KILL"], "ambient": ["CAP_KILL"]},
        "rlimits": [{"type": "RLIMIT_CORE", "hard": 18446744073709551615, "soft": 0}],
        "noNewPrivileges": true,
        "apparmorProfile": "acme_secure_profile",
        "oomScoreAdj": -500,
        "selinuxLabel": "system_u:system_r:svirt_lxc_net_t:s0:c124,c675",
        "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
        "scheduler": {"policy": "SCHED_DEADLINE", "nice": -5, "priority": 1,
                      "flags": ["SCHED_FLAG_RESET_ON_FORK"], "runtime": 10000000,
                      "deadline": 20000000, "period": 30000000},
        "execCPUAffinity": {"initial": "0", "final": "1-3,7"}
      },
      "root": {"path": "rootfs", "readonly": false},
      "hostname": "slartibartfast",
      "domainname": "example.test",
      "mounts": [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}],
      "hooks": {
        "prestart": [{"path": "/bin/a"}],
        "createRuntime": [{"path": "/bin/b", "args": ["b", "x"], "env": ["K=V"], "timeout": 5}],
        "createContainer": [{"path": "/bin/c"}],
        "startContainer": [{"path": "/bin/d"}],
        "poststart": [{"path": "/bin/e"}],
        "poststop": [{"path": "/bin/f"}]
      },
      "annotations": {"com.example.key": "value"},
      "linux": {
        "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "mount"}, {"type": "ipc"},
                       {"type": "uts"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}],
        "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 32000}],
        "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 32000}],
        "timeOffsets": {"monotonic": {"secs": 172800, "nanosecs": 0}, "boottime": {"secs": -1}},
        "devices": [
          {"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0},
          {"type": "p", "path": "/dev/fifo"}
        ],
        "cgroupsPath": "/myRuntime/myContainer",
        "resources": {
          "devices": [{"allow": false, "access": "rwm"},
                      {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}],
          "memory": {"limit": 536870912, "reservation": 268435456, "swap": -1, "kernel": -1,
                     "kernelTCP": -1, "swappiness": 0, "disableOOMKiller": false,
                     "useHierarchy": true, "checkBeforeUpdate": true},
          "cpu": {"shares": 1024, "quota": -1, "burst": 1000000, "period": 100000,
                  "realtimeRuntime": 950000, "realtimePeriod": 1000000, "cpus": "0-3,7",
                  "mems": "0", "idle": 1},
          "pids": {"limit": -1},
          "blockIO": {
            "weight": 10, "leafWeight": 10,
            "weightDevice": [{"major": 8, "minor": 0, "weight": 500, "leafWeight": 300},
                             {"major": 8, "minor": 16, "weight": 500}],
            "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 600}],
            "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 700}],
            "throttleReadIOPSDevice": [{"major": 8, "minor": 16, "rate": 200}],
            "throttleWriteIOPSDevice": [{"major": 8, "minor": 16, "rate": 300}]
          },
          "hugepageLimits": [{"pageSize": "2MB", "limit": 9223372036854772000},
                             {"pageSize": "64KB", "limit": 1000000}],
          "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}]},
          "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}, "mlx4_0": {"hcaObjects": 1000}},
          "unified": {"io.weight": "100", "memory.high": "max"}
        },
        "rootfsPropagation": "slave",
        "seccomp": {
          "defaultAction": "SCMP_ACT_NOTIFY",
          "defaultErrnoRet": 1,
          "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"],
          "flags": ["SECCOMP_FILTER_FLAG_LOG"],
          "listenerPath": "/run/seccomp-agent.socket",
          "listenerMetadata": "opaque",
          "syscalls": [{"names": ["getcwd", "chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
                        "args": [{"index": 1, "value": 18446744073709551615,
                                  "valueTwo": 18446744073709551614, "op": "SCMP_CMP_MASKED_EQ"}]}]
        },
        "sysctl": {"net.ipv4.ip_forward": "1", "net.core.somaxconn": "256"},
        "maskedPaths": ["/proc/kcore"],
        "readonlyPaths": ["/proc/sys"],
        "mountLabel": "system_u:object_r:svirt_sandbox_file_t:s0:c715,c811",
        "personality": {"domain": "LINUX32", "flags": []},
        "intelRdt": {"closID": "guaranteed_group", "l3CacheSchema": "L3:0=7f0;1=1f",
                     "memBwSchema": "MB:0=20;1=70", "enableCMT": true, "enableMBM": true}
      }
    }
    """#
}
