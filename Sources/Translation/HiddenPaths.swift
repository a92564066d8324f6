/// docker's masked and read-only paths: kernel interfaces a task has no
/// business reading (masked: /dev/null or an empty read-only tmpfs over them)
/// or changing (bound read-only).
enum HiddenPaths {
    static let masked = [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ]
    static let readonly = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
}
