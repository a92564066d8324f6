#!/usr/bin/env python3
"""taskexec against runc: start latency, exec/probe latency, supervisor
memory and fan-out (issue 8). Standard library only; run as root.

    python3 bench/bench.py --taskexec .build/release/taskexec \
        --rootfs rootfs-fixtures/busybox --out docs/benchmarks.md [--quick]

Every task and container lives under a private temporary directory (taskexec
--root/--data-root, runc --root, the runc bundles) and a private cgroup parent
for runc; all of it is removed at the end, whatever happens.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

DEVNULL = subprocess.DEVNULL
MIB = 1024 * 1024

# What taskexec gives every task (Sources/Translation: SystemMounts,
# HiddenPaths, DefaultCapabilities); the runc bundle gets the same.
SYSTEM_MOUNTS = [
    {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
     "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
     "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
]
MASKED_PATHS = ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
                "/sys/devices/virtual/powercap"]
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
DOCKER_CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
               "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
               "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"]
NAMESPACES = ["pid", "ipc", "uts", "mount", "network", "cgroup"]


class BenchError(Exception):
    pass


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else float("nan")


def quantile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def mib(kib):
    return f"{kib / 1024:.2f} MiB"


def smaps_rollup(pid):
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[-2])
    fields["Private"] = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields


def smaps_by_mapping(pid, top=8):
    """Rss/Pss/private/anonymous KiB per mapped file ([heap], [anon], ...), largest Pss first."""
    totals = {}
    current = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if not parts[0].endswith(":") and "-" in parts[0]:
                current = os.path.basename(parts[5]) if len(parts) > 5 else "[anon]"
                totals.setdefault(current, {"Rss": 0, "Pss": 0, "Private_Clean": 0, "Private_Dirty": 0,
                                            "Anonymous": 0})
            elif current and len(parts) == 3 and parts[0].rstrip(":") in totals[current]:
                totals[current][parts[0].rstrip(":")] += int(parts[1])
    return sorted(totals.items(), key=lambda kv: -kv[1]["Pss"])[:top]


def process_start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


def process_alive(pid, start_time):
    """Running (not a zombie) and still the same process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == start_time and fields[0] != "Z"


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def run_capture(argv, check=True, **kw):
    p = subprocess.run(argv, stdin=DEVNULL, capture_output=True, text=True, **kw)
    if check and p.returncode != 0:
        raise BenchError(f"{' '.join(argv)}: exit {p.returncode}: {p.stderr.strip()[-500:]}")
    return p


class Bench:
    def __init__(self, args):
        self.args = args
        self.taskexec = os.path.abspath(args.taskexec)
        self.rootfs = os.path.abspath(args.rootfs)
        self.runc = shutil.which(args.runc) or args.runc
        self.tmp = tempfile.mkdtemp(prefix="taskexec-bench-")
        self.root = os.path.join(self.tmp, "te-root")
        self.data = os.path.join(self.tmp, "te-data")
        self.runc_root = os.path.join(self.tmp, "runc-root")
        self.specs = os.path.join(self.tmp, "specs")
        self.bundles = os.path.join(self.tmp, "bundles")
        for d in (self.specs, self.bundles):
            os.makedirs(d)
        self.tag = f"teb{os.getpid()}"
        self.runc_cgroup_parent = f"/{self.tag}-runc"
        self.errlog = open(os.path.join(self.tmp, "stderr.log"), "a+b")
        self.counter = 0
        self.foreground = []  # Popen objects to kill at the end
        self.results = {}
        self.commands = {}
        self.notes = []
        self.seccomp_profile = None
        self.loads = []

    # ---- running things -------------------------------------------------

    def te(self, *argv):
        return [self.taskexec, "--root", self.root, "--data-root", self.data, *argv]

    def rc(self, *argv):
        return [self.runc, "--root", self.runc_root, *argv]

    def new_id(self, kind):
        self.counter += 1
        return f"{self.tag}-{kind}{self.counter}"

    def timed(self, argv, expect=0):
        """Wall time and CPU time (user+sys of it and every process it waited for) of one command."""
        position = self.errlog.seek(0, os.SEEK_END)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdin=DEVNULL, stdout=DEVNULL, stderr=self.errlog)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode != expect:
            self.errlog.seek(position)
            message = self.errlog.read().decode(errors="replace").strip()[-800:]
            raise BenchError(f"{' '.join(argv)}: exit {p.returncode} (expected {expect}): {message}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu

    def quiet(self, argv):
        return subprocess.run(argv, stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL).returncode

    def te_spec(self, task_id, command, seccomp=None, healthcheck=None):
        spec = {"id": task_id, "rootfs": self.rootfs, "command": command, "network": "none"}
        if seccomp:
            spec["seccomp"] = seccomp
        if healthcheck:
            spec["healthcheck"] = healthcheck
        path = os.path.join(self.specs, task_id + ".json")
        with open(path, "w") as f:
            json.dump(spec, f)
        return path

    def te_state(self, task_id):
        return json.loads(run_capture(self.te("state", task_id)).stdout)

    def te_list(self):
        return json.loads(run_capture(self.te("list", "--format", "json")).stdout)

    def runc_bundle(self, cid, args, seccomp):
        """A bundle for runc equivalent to a taskexec task: `runc spec` edited."""
        bundle = os.path.join(self.bundles, cid)
        os.makedirs(bundle)
        config = json.loads(json.dumps(self.runc_base))
        config["process"]["args"] = args
        config["hostname"] = cid[:63]
        config["process"]["env"] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                    f"HOSTNAME={cid[:63]}", "HOME=/root"]
        config["linux"]["cgroupsPath"] = f"{self.runc_cgroup_parent}/{cid}"
        if seccomp:
            config["linux"]["seccomp"] = self.seccomp_profile
        with open(os.path.join(bundle, "config.json"), "w") as f:
            json.dump(config, f)
        return bundle

    def make_runc_base(self):
        spec_dir = os.path.join(self.tmp, "runc-spec")
        os.makedirs(spec_dir)
        run_capture([self.runc, "spec"], cwd=spec_dir)
        with open(os.path.join(spec_dir, "config.json")) as f:
            config = json.load(f)
        self.runc_spec_default = json.loads(json.dumps(config))
        process = config["process"]
        process["terminal"] = False
        process["capabilities"] = {"bounding": DOCKER_CAPS, "effective": DOCKER_CAPS, "permitted": DOCKER_CAPS,
                                   "inheritable": [], "ambient": []}
        process.pop("rlimits", None)          # taskexec sets none
        process.pop("noNewPrivileges", None)  # taskexec: only when the spec asks
        config["root"] = {"path": self.rootfs, "readonly": False}
        config["mounts"] = SYSTEM_MOUNTS      # no /sys/fs/cgroup: taskexec mounts none
        linux = config["linux"]
        linux["namespaces"] = [{"type": t} for t in NAMESPACES]
        linux["maskedPaths"] = MASKED_PATHS
        linux["readonlyPaths"] = READONLY_PATHS
        linux["rootfsPropagation"] = "rprivate"
        self.runc_base = config

    # ---- 0. set-up ------------------------------------------------------------

    def setup(self):
        log(f"temporary directory {self.tmp}")
        self.make_runc_base()
        # taskexec's default profile as it applies to a root task with docker's
        # capabilities, in OCI form, from the config `run` builds: runc gets it verbatim.
        tid = self.new_id("profile")
        config = json.loads(subprocess.run(self.te("config", self.te_spec(tid, ["/bin/true"])), check=True,
                                           capture_output=True, text=True).stdout)
        self.timed(self.te("run", self.te_spec(tid, ["/bin/true"])))
        size_default = os.path.getsize(os.path.join(self.root, tid, "state.json"))
        self.quiet(self.te("delete", tid))
        tid = self.new_id("profile")
        self.timed(self.te("run", self.te_spec(tid, ["/bin/true"], seccomp="unconfined")))
        size_unconfined = os.path.getsize(os.path.join(self.root, tid, "state.json"))
        self.quiet(self.te("delete", tid))
        self.results["state_sizes"] = (size_default, size_unconfined)
        self.seccomp_profile = config.get("linux", {}).get("seccomp")
        if not self.seccomp_profile:
            raise BenchError("taskexec config has no linux.seccomp")
        rules = self.seccomp_profile.get("syscalls", [])
        self.results["seccomp_rules"] = (len(rules), sum(len(r.get("names", [])) for r in rules))

    # ---- 1. start-to-exit -------------------------------------------------

    def bench_start(self):
        n = self.args.runs
        log(f"start-to-exit: {n} interleaved rounds of 5 variants")

        def te_run(seccomp):
            def prepare():
                tid = self.new_id("s")
                return tid, self.te("run", self.te_spec(tid, ["/bin/true"], seccomp=seccomp))
            return prepare, lambda tid: self.quiet(self.te("delete", tid))

        def runc_run(seccomp):
            def prepare():
                cid = self.new_id("r")
                return cid, self.rc("run", "--bundle", self.runc_bundle(cid, ["/bin/true"], seccomp), cid)
            return prepare, lambda cid: self.quiet(self.rc("delete", "--force", cid))

        floor = (lambda: (None, ["unshare", "-mpuin", "--fork", "chroot", self.rootfs, "/bin/true"]),
                 lambda _: None)
        variants = {
            "te_default": te_run(None),
            "te_unconfined": te_run("unconfined"),
            "runc_seccomp": runc_run(True),
            "runc_noseccomp": runc_run(False),
            "floor": floor,
        }
        self.commands["start"] = [
            "taskexec --root R --data-root D run SPEC.json            "
            "# SPEC: {\"id\":ID,\"rootfs\":ROOTFS,\"command\":[\"/bin/true\"],\"network\":\"none\"}",
            "taskexec --root R --data-root D run SPEC.json            # the same with \"seccomp\":\"unconfined\"",
            "runc --root RR run --bundle B ID                         # config.json below, linux.seccomp = taskexec's profile",
            "runc --root RR run --bundle B ID                         # the same config.json without linux.seccomp",
            f"unshare -mpuin --fork chroot ROOTFS /bin/true",
            "(after each, untimed: taskexec delete ID / runc delete --force ID)",
        ]
        def measure(name):
            prepare, cleanup = variants[name]
            key, argv = prepare()
            timing = self.timed(argv)
            cleanup(key)
            return timing
        self.results["start"] = self.interleaved(list(variants), n, seed=8, measure=measure)

    @staticmethod
    def interleaved(names, n, seed, measure, warmup=3):
        """n timed rounds (after `warmup` untimed ones) of every variant, in a
        fresh shuffled order each round so that machine drift cancels out.
        `measure(name)` returns (wall, cpu); returns {"wall": {...}, "cpu": {...}}."""
        wall = {name: [] for name in names}
        cpu = {name: [] for name in names}
        order = list(names)
        rng = random.Random(seed)
        for round_ in range(n + warmup):
            rng.shuffle(order)
            for name in order:
                w, c = measure(name)
                if round_ >= warmup:
                    wall[name].append(w)
                    cpu[name].append(c)
        return {"wall": wall, "cpu": cpu}

    # ---- 2. exec / probe ------------------------------------------------------

    def bench_exec(self):
        n = self.args.exec_runs
        log(f"exec: {n} interleaved rounds of 4 variants")
        te_default = self.new_id("x")
        te_unconfined = self.new_id("x")
        self.timed(self.te("run", "--detach", self.te_spec(te_default, ["sleep", "1000"])))
        self.timed(self.te("run", "--detach", self.te_spec(te_unconfined, ["sleep", "1000"], seccomp="unconfined")))
        rc_seccomp = self.new_id("y")
        rc_plain = self.new_id("y")
        for cid, sec in ((rc_seccomp, True), (rc_plain, False)):
            self.timed(self.rc("run", "-d", "--bundle", self.runc_bundle(cid, ["sleep", "1000"], sec), cid))
        variants = {
            "te_default": self.te("exec", te_default, "--", "true"),
            "te_unconfined": self.te("exec", te_unconfined, "--", "true"),
            "runc_seccomp": self.rc("exec", rc_seccomp, "true"),
            "runc_noseccomp": self.rc("exec", rc_plain, "true"),
        }
        self.commands["exec"] = [
            "taskexec --root R --data-root D run --detach SPEC.json   # command [\"sleep\",\"1000\"] (and a second one unconfined)",
            "runc --root RR run -d --bundle B ID                      # args [\"sleep\",\"1000\"], stdio /dev/null (with and without seccomp)",
            "taskexec --root R --data-root D exec ID -- true          # timed",
            "runc --root RR exec ID true                              # timed",
        ]
        results = self.interleaved(list(variants), n, seed=9, measure=lambda name: self.timed(variants[name]))
        for tid in (te_default, te_unconfined):
            self.quiet(self.te("stop", "--time", "0", tid))
            self.quiet(self.te("delete", tid))
        for cid in (rc_seccomp, rc_plain):
            self.quiet(self.rc("delete", "--force", cid))
        self.results["exec"] = results

    def bench_probe(self):
        seconds = self.args.probe_seconds
        log(f"in-process probe: healthcheck CMD true every 100ms for {seconds}s")
        tid = self.new_id("h")
        spec = self.te_spec(tid, ["sleep", "1000"], healthcheck={"test": ["CMD", "true"], "interval": "100ms"})
        self.timed(self.te("run", "--detach", spec))
        entries = {}
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.25)
            health = self.te_state(tid).get("health") or {}
            for entry in health.get("log", []):
                entries[entry["start"]] = entry
        self.quiet(self.te("stop", "--time", "0", tid))
        self.quiet(self.te("delete", tid))
        ordered = [entries[k] for k in sorted(entries)]
        durations = [(parse_time(e["end"]) - parse_time(e["start"])).total_seconds() for e in ordered]
        failures = sum(1 for e in ordered if e.get("exit_code") != 0)
        gaps = [(parse_time(b["start"]) - parse_time(a["end"])).total_seconds() for a, b in zip(ordered, ordered[1:])]
        self.results["probe"] = {"durations": durations, "failures": failures, "gaps": gaps}
        self.commands["probe"] = [
            "taskexec --root R --data-root D run --detach SPEC.json   "
            "# command [\"sleep\",\"1000\"], healthcheck {\"test\":[\"CMD\",\"true\"],\"interval\":\"100ms\"}",
            f"taskexec --root R --data-root D state ID                # every 0.25 s for {seconds} s: health.log[].end - start",
        ]

    # ---- 3. supervisor memory -------------------------------------------------

    def bench_memory(self):
        seconds = self.args.mem_seconds
        log(f"memory: supervisor with a 1s healthcheck and a foreground runc run, {seconds}s")
        tid = self.new_id("m")
        spec = self.te_spec(tid, ["sleep", "1000"], healthcheck={"test": ["CMD", "true"], "interval": "1s"})
        self.timed(self.te("run", "--detach", spec))
        cid = self.new_id("n")
        bundle = self.runc_bundle(cid, ["sleep", "1000"], True)
        runc_fg = subprocess.Popen(self.rc("run", "--bundle", bundle, cid), stdin=DEVNULL, stdout=DEVNULL,
                                   stderr=self.errlog)
        self.foreground.append(runc_fg)
        time.sleep(seconds)
        state = self.te_state(tid)
        sup = state["supervisor_pid"]
        if runc_fg.poll() is not None:
            raise BenchError(f"runc run exited early ({runc_fg.returncode})")
        te_mem = smaps_rollup(sup)
        runc_mem = smaps_rollup(runc_fg.pid)
        te_maps = smaps_by_mapping(sup, top=None)
        sharers = []
        # The Swift runtime is inside the binary (--static-swift-stdlib), or in libswiftCore.so.
        swift_files = (os.path.realpath(self.taskexec), "libswiftCore.so")
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != sup:
                try:
                    with open(f"/proc/{entry}/maps") as f:
                        text = f.read()
                        if any(name in text for name in swift_files):
                            with open(f"/proc/{entry}/comm") as c:
                                sharers.append(c.read().strip())
                except OSError:
                    pass
        with open(f"/proc/{sup}/status") as f:
            threads = next((l.split()[1] for l in f if l.startswith("Threads:")), "?")
        with open(f"/proc/{runc_fg.pid}/status") as f:
            runc_threads = next((l.split()[1] for l in f if l.startswith("Threads:")), "?")
        health = state.get("health") or {}
        self.results["memory"] = {"te": te_mem, "runc": runc_mem, "seconds": seconds,
                                  "te_threads": threads, "runc_threads": runc_threads, "te_maps": te_maps, "sharers": sharers,
                                  "health": health.get("status"), "probes_logged": len(health.get("log", []))}
        self.quiet(self.te("stop", "--time", "0", tid))
        self.quiet(self.te("delete", tid))
        self.quiet(self.rc("kill", cid, "KILL"))
        try:
            runc_fg.wait(timeout=10)
        except subprocess.TimeoutExpired:
            runc_fg.kill()
            runc_fg.wait()
        self.quiet(self.rc("delete", "--force", cid))
        self.commands["memory"] = [
            "taskexec --root R --data-root D run --detach SPEC.json   "
            "# command [\"sleep\",\"1000\"], healthcheck {\"test\":[\"CMD\",\"true\"],\"interval\":\"1s\"}",
            "runc --root RR run --bundle B ID                         # args [\"sleep\",\"1000\"], in the foreground, started at the same time",
            f"sleep {seconds}; cat /proc/$(taskexec state ID | jq .supervisor_pid)/smaps_rollup /proc/$RUNC_PID/smaps_rollup",
        ]

    # ---- 4. fan-out ---------------------------------------------------------------

    def te_cgroups(self, ids):
        found = []
        for tid in ids:
            found += glob.glob(f"/sys/fs/cgroup/taskexec/{tid}") + glob.glob(f"/sys/fs/cgroup/*/taskexec/{tid}")
        return found

    def runc_cgroups(self, ids):
        found = []
        for cid in ids:
            found += glob.glob(f"/sys/fs/cgroup{self.runc_cgroup_parent}/{cid}")
            found += glob.glob(f"/sys/fs/cgroup/*{self.runc_cgroup_parent}/{cid}")
        return found

    def processes_mentioning(self, text):
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if text.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
        return found

    def bench_single_detached(self):
        n = self.args.single_runs
        log(f"single detached start: {n} interleaved rounds")
        te_times, rc_times = [], []
        for i in range(n + 1):
            tid = self.new_id("d")
            w_te, _ = self.timed(self.te("run", "--detach", self.te_spec(tid, ["sleep", "1000"])))
            self.quiet(self.te("stop", "--time", "0", tid))
            self.quiet(self.te("delete", tid))
            cid = self.new_id("e")
            w_rc, _ = self.timed(self.rc("run", "-d", "--bundle", self.runc_bundle(cid, ["sleep", "1000"], True), cid))
            self.quiet(self.rc("delete", "--force", cid))
            if i:
                te_times.append(w_te)
                rc_times.append(w_rc)
        self.results["single"] = {"te": te_times, "runc": rc_times}

    def bench_fanout(self):
        n = self.args.fanout
        log(f"fan-out: {n} concurrent taskexec run --detach")
        ids = [self.new_id("f") for _ in range(n)]
        specs = [self.te_spec(tid, ["sleep", "1000"]) for tid in ids]
        wanted = set(ids)
        t0 = time.perf_counter()
        procs = [subprocess.Popen(self.te("run", "--detach", spec), stdin=DEVNULL, stdout=DEVNULL,
                                  stderr=self.errlog) for spec in specs]
        polls = 0
        all_running = None
        cli_done = None
        while True:
            if cli_done is None and all(p.poll() is not None for p in procs):
                cli_done = time.perf_counter() - t0
            listing = self.te_list()
            polls += 1
            running = {t["id"] for t in listing if t.get("status") == "running"} & wanted
            if running == wanted:
                all_running = time.perf_counter() - t0
                break
            if time.perf_counter() - t0 > 120:
                raise BenchError(f"fan-out: only {len(running)}/{n} running after 120 s")
            time.sleep(0.02)
        for p in procs:
            p.wait()
        if cli_done is None:
            cli_done = time.perf_counter() - t0
        failed = [p.args for p in procs if p.returncode != 0]
        if failed:
            raise BenchError(f"fan-out: {len(failed)} run --detach failed")
        pss = priv = 0
        pids = []
        for tid in ids:
            state = self.te_state(tid)
            pids += [state["supervisor_pid"], state["pid"]]
            mem = smaps_rollup(state["supervisor_pid"])
            pss += mem["Pss"]
            priv += mem["Private"]
        start_times = {pid: process_start_time(pid) for pid in pids}

        log(f"fan-out: stop --time 0 and delete, {n} concurrently each")
        t1 = time.perf_counter()
        stops = [subprocess.Popen(self.te("stop", "--time", "0", tid), stdin=DEVNULL, stdout=DEVNULL,
                                  stderr=self.errlog) for tid in ids]
        for p in stops:
            p.wait()
        stopped = time.perf_counter() - t1
        deletes = [subprocess.Popen(self.te("delete", tid), stdin=DEVNULL, stdout=DEVNULL, stderr=self.errlog)
                   for tid in ids]
        for p in deletes:
            p.wait()
        deleted = time.perf_counter() - t1
        leftovers = None
        empty_at = {}
        while True:
            leftovers = {
                "state dirs": [t for t in ids if os.path.exists(os.path.join(self.root, t))],
                "log dirs": [t for t in ids if os.path.exists(os.path.join(self.data, "tasks", t))],
                "processes": [pid for pid in pids if process_alive(pid, start_times[pid])]
                             + [pid for pid in self.processes_mentioning(self.root)
                                if process_alive(pid, process_start_time(pid))],
                "zombies (exited, not yet reaped by PID 1)": [
                    pid for pid in pids if process_start_time(pid) == start_times[pid]],
                "cgroups": self.te_cgroups(ids),
            }
            now = time.perf_counter() - t1
            for k, v in leftovers.items():
                if not v:
                    empty_at.setdefault(k, now)
            if not any(leftovers.values()) or now > 30:
                break
            time.sleep(0.01)
        zombies_key = "zombies (exited, not yet reaped by PID 1)"
        zombies_left = leftovers.pop(zombies_key)
        clean = max((v for k, v in empty_at.items() if k != zombies_key), default=time.perf_counter() - t1)
        self.results["fanout"] = {
            "pid1": open("/proc/1/comm").read().strip(),
            "zombies_reaped": empty_at.get(zombies_key), "zombies_left": len(zombies_left),
            "empty_at": {k: v for k, v in empty_at.items() if k != zombies_key},
            "n": n, "all_running": all_running, "cli_done": cli_done, "polls": polls,
            "pss_kib": pss, "private_kib": priv, "stopped": stopped, "deleted": deleted, "clean": clean,
            "leftovers": {k: v for k, v in leftovers.items() if v},
            "stop_failures": sum(1 for p in stops if p.returncode != 0),
            "delete_failures": sum(1 for p in deletes if p.returncode != 0),
        }
        self.commands["fanout"] = [
            f"taskexec --root R --data-root D run --detach SPEC_i.json   # × {n} at once (command [\"sleep\",\"1000\"])",
            "taskexec --root R --data-root D list --format json         # polled until all are \"running\"",
            f"taskexec --root R --data-root D stop --time 0 ID_i         # × {n} at once, then",
            f"taskexec --root R --data-root D delete ID_i                # × {n} at once; then polled until no state/log dir,",
            "                                                             # no process (pid + start time), no cgroup */taskexec/ID_i",
        ]

    def bench_fanout_runc(self):
        n = self.args.fanout
        log(f"fan-out: {n} concurrent runc run -d")
        ids = [self.new_id("g") for _ in range(n)]
        bundles = [self.runc_bundle(cid, ["sleep", "1000"], True) for cid in ids]
        t0 = time.perf_counter()
        procs = [subprocess.Popen(self.rc("run", "-d", "--bundle", b, cid), stdin=DEVNULL, stdout=DEVNULL,
                                  stderr=self.errlog) for b, cid in zip(bundles, ids)]
        for p in procs:
            p.wait()
        returned = time.perf_counter() - t0
        listing = json.loads(run_capture(self.rc("list", "--format", "json")).stdout or "[]")
        running = {c["id"] for c in listing if c.get("status") == "running"} & set(ids)
        all_running = time.perf_counter() - t0
        failures = sum(1 for p in procs if p.returncode != 0)
        t1 = time.perf_counter()
        deletes = [subprocess.Popen(self.rc("delete", "--force", cid), stdin=DEVNULL, stdout=DEVNULL,
                                    stderr=self.errlog) for cid in ids]
        for p in deletes:
            p.wait()
        deleted = time.perf_counter() - t1
        while True:
            left = [c for c in ids if os.path.exists(os.path.join(self.runc_root, c))] + self.runc_cgroups(ids)
            if not left or time.perf_counter() - t1 > 30:
                break
            time.sleep(0.01)
        clean = time.perf_counter() - t1
        self.results["fanout_runc"] = {"n": n, "returned": returned, "all_running": all_running,
                                       "running": len(running), "failures": failures, "deleted": deleted,
                                       "clean": clean, "left": left}
        self.commands["fanout_runc"] = [
            f"runc --root RR run -d --bundle B_i ID_i                     # × {n} at once; then runc list --format json",
            f"runc --root RR delete --force ID_i                          # × {n} at once; polled until no state dir, no cgroup",
        ]

    # ---- where the time goes ----------------------------------------------------

    def bench_profile(self):
        log("profile: start-up decomposition, ld.so statistics, strace, perf, callgrind")
        prof = {}
        n = max(5, min(30, self.args.runs // 3))
        parts = {
            "te_version": [self.taskexec, "--version"],
            "te_list": self.te("list", "--format", "json"),
            "runc_version": [self.runc, "--version"],
            "runc_list": self.rc("list"),
        }
        times = {k: [] for k in parts}
        for _ in range(n + 2):
            for k, argv in parts.items():
                times[k].append(self.timed(argv)[0])
        prof["decomposition"] = {k: median(v[2:]) for k, v in times.items()}

        env = dict(os.environ, LD_DEBUG="statistics")
        p = subprocess.run([self.taskexec, "--version"], env=env, capture_output=True, text=True)
        ld = {}
        for key, pattern in (("cycles", r"total startup time in dynamic loader: (\d+) cycles"),
                             ("relocation_cycles", r"time needed for relocation: (\d+) cycles"),
                             ("relocations", r"final number of relocations: (\d+)"),
                             ("relative", r"number of relative relocations: (\d+)")):
            m = re.search(pattern, p.stderr)
            if m:
                ld[key] = int(m.group(1))
        ldd = run_capture(["ldd", self.taskexec], check=False).stdout
        ld["libraries"] = sum(1 for line in ldd.splitlines() if "=>" in line)
        ld["names"] = [line.split()[0].split(".so")[0] for line in ldd.splitlines() if "=>" in line]
        ld["binary_mib"] = os.path.getsize(self.taskexec) / MIB
        prof["ld"] = ld

        if not shutil.which("strace"):
            self.notes.append("strace is not installed: no system-call counts.")
        else:
            prof["strace"] = self.strace_profile()

        if shutil.which("perf"):
            prof["perf"] = self.perf_profile()
        else:
            self.notes.append("perf is not installed (Debian: linux-perf): no CPU profile.")
        if shutil.which("valgrind") and shutil.which("strip") and shutil.which("callgrind_annotate"):
            prof["callgrind"] = self.callgrind_profile()
        else:
            self.notes.append("valgrind (or strip) is not installed: no instruction counts.")
        self.results["profile"] = prof

    def strace_profile(self):
        """One traced run of each (counts), and a few more for the blocking calls' times (medians)."""
        tries = 5
        result = {}
        te_task = self.new_id("u")
        rc_task = self.new_id("v")
        self.timed(self.te("run", "--detach", self.te_spec(te_task, ["sleep", "1000"])))
        self.timed(self.rc("run", "-d", "--bundle", self.runc_bundle(rc_task, ["sleep", "1000"], True), rc_task))
        kinds = {
            "taskexec run": (lambda i: self.te("run", self.te_spec(i, ["/bin/true"])),
                             lambda i: self.quiet(self.te("delete", i))),
            "runc run": (lambda i: self.rc("run", "--bundle", self.runc_bundle(i, ["/bin/true"], True), i),
                         lambda i: self.quiet(self.rc("delete", "--force", i))),
            "taskexec exec": (lambda i: self.te("exec", te_task, "--", "true"), lambda i: None),
            "runc exec": (lambda i: self.rc("exec", rc_task, "true"), lambda i: None),
        }
        for name, (make, cleanup) in kinds.items():
            runs = []
            for n in range(tries):
                cid = self.new_id("t")
                out = os.path.join(self.tmp, f"strace-{n}.txt")
                subprocess.run(["strace", "-f", "-T", "-y", "-o", out, *make(cid)], stdin=DEVNULL, stdout=DEVNULL,
                               stderr=self.errlog)
                cleanup(cid)
                runs.append(self.parse_strace(out))
            first = runs[0]
            first["cgroup_write_ms"] = median([r["cgroup_write_ms"] for r in runs])
            first["cgroup_write_max_ms"] = median([r["cgroup_write_max_ms"] for r in runs])
            first["seccomp_install_ms"] = median([r["seccomp_install_ms"] for r in runs])
            first["tries"] = tries
            result[name] = first
        self.quiet(self.te("stop", "--time", "0", te_task))
        self.quiet(self.te("delete", te_task))
        self.quiet(self.rc("delete", "--force", rc_task))
        # The supervisor while it probes every 100 ms: strace attached for 3 s.
        tid = self.new_id("w")
        spec = self.te_spec(tid, ["sleep", "1000"], healthcheck={"test": ["CMD", "true"], "interval": "100ms"})
        self.timed(self.te("run", "--detach", spec))
        time.sleep(0.5)
        sup = self.te_state(tid)["supervisor_pid"]
        out = os.path.join(self.tmp, "strace-probe.txt")
        subprocess.run(["timeout", "-s", "INT", "3", "strace", "-f", "-T", "-y", "-o", out, "-p", str(sup)],
                       stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL)
        self.quiet(self.te("stop", "--time", "0", tid))
        self.quiet(self.te("delete", tid))
        probes = self.parse_strace(out, per_event=True)
        result["probe (supervisor, per probe)"] = probes
        return result

    def parse_strace(self, path, per_event=False):
        per_pid = {}
        calls = {}
        mounts = 0
        state_writes = 0
        pending = {}
        cgroup_writes = []
        seccomp_installs = []
        compiles = 0
        with open(path, errors="replace") as f:
            for line in f:
                duration = re.search(r"<([\d.]+)>\s*$", line)
                duration = float(duration.group(1)) * 1000 if duration else None
                resumed = re.match(r"(\d+)\s+<\.\.\. (\w+) resumed>", line)
                if resumed:
                    kind = pending.pop(resumed.group(1), None)
                    if kind and duration is not None:
                        (cgroup_writes if kind == "cgroup" else seccomp_installs).append(duration)
                    continue
                m = re.match(r"(\d+)\s+([a-z_0-9]+)\(", line)
                if not m:
                    continue
                pid, call = m.groups()
                per_pid[pid] = per_pid.get(pid, 0) + 1
                calls[call] = calls.get(call, 0) + 1
                if call in ("mount", "move_mount", "open_tree", "fsopen", "fsmount", "mount_setattr", "umount2"):
                    mounts += 1
                if call == "rename" and "state.json" in line:
                    state_writes += 1
                if call == "memfd_create" and "taskexec-seccomp" in line:
                    compiles += 1
                kind = None
                if call == "write" and re.match(r"\d+\s+write\(\d+</sys/fs/cgroup/[^>]*/cgroup\.procs>", line):
                    kind = "cgroup"
                elif (call == "seccomp" and "SECCOMP_SET_MODE_FILTER" in line and "NULL" not in line) or (
                        call == "prctl" and "PR_SET_SECCOMP" in line):
                    kind = "seccomp"
                if kind:
                    if "<unfinished ...>" in line:
                        pending[pid] = kind
                    elif duration is not None:
                        (cgroup_writes if kind == "cgroup" else seccomp_installs).append(duration)
        top = sorted(calls.items(), key=lambda kv: -kv[1])[:8]
        result = {"total": sum(calls.values()), "processes": len(per_pid), "top": top, "mount_calls": mounts,
                  "state_writes": state_writes, "cgroup_writes": len(cgroup_writes),
                  "cgroup_write_ms": sum(cgroup_writes), "cgroup_write_max_ms": max(cgroup_writes, default=0),
                  "seccomp_install_ms": sum(seccomp_installs), "tries": 1, "seccomp_compiles": compiles}
        if per_event:
            # Per probe: each probe process is one pid that calls seccomp once (or writes cgroup.procs).
            events = max(1, len(seccomp_installs) or (len(cgroup_writes) // 4) or 1)
            firsts = sorted(cgroup_writes)[-events:]  # the blocking write of each probe
            result.update({"total": result["total"] // events, "processes": 1, "probes": events,
                           "cgroup_writes": len(cgroup_writes) // events,
                           "cgroup_write_ms": sum(cgroup_writes) / events,
                           "cgroup_write_max_ms": median(firsts),
                           "seccomp_install_ms": median(seccomp_installs) if seccomp_installs else 0,
                           "seccomp_compiles": compiles / events,
                           "top": [(c, n // events) for c, n in top]})
        return result

    RUN_FRAMES = [
        ("ArgumentParser: parse the command line", r"\] static ParsableCommand\.parseAsRoot"),
        ("  of which: completion-script request check", r"\] CommandParser\.checkForCompletionScriptRequest"),
        ("SpecDecoder.decode (read and validate the spec)", r"\] static SpecDecoder\.decode"),
        ("TaskSupervisor.start (until the task runs)", r"\] TaskSupervisor\.start\(\)"),
        ("  of which: createCgroup", r"\] TaskSupervisor\.createCgroup"),
        ("  of which: InitSpawner.spawn (Swift side; libseccomp's time is not attributed)", r"\] static InitSpawner\.spawn"),
        ("  of which: SeccompCompiler.compile (cache key, disk cache, Swift side)", r"\] (specialized )?static SeccompCompiler\.compile"),
        ("JSONEncoder.encode (state.json, events)", r"\] JSONEncoder\.encode<A>\(_:\)$"),
        ("  of which: TaskState.encode", r"\] TaskState\.encode\(to:\)"),
        ("  of which: OCISeccomp.encode (the seccomp profile: in state.json, and any cache key)", r"\] OCISeccomp\.encode\(to:\)"),
        ("TaskSupervisor.finish (after the exit)", r"\] TaskSupervisor\.finish"),
        ("swift_getTypeByMangledName (runtime type lookups, all callers)", r"\] swift_getTypeByMangledName$"),
        ("swift_conformsToProtocol (conformance scans, all callers)", r"\] swift_conformsToProtocolMaybeInstantiateSuperclasses$"),
        ("init_child (the task's init in C, until execve)", r"\] init_child$"),
        ("kernel: clone3", r"\] __do_sys_clone3$"),
    ]
    EXEC_FRAMES = [
        ("ArgumentParser: parse the command line", r"\] static ParsableCommand\.parseAsRoot"),
        ("  of which: completion-script request check", r"\] CommandParser\.checkForCompletionScriptRequest"),
        ("StateStore.read (decode state.json, profile included)", r"\] StateStore\.read"),
        ("ExecSpawner.spawn (Swift side; libseccomp's time is not attributed)", r"\] static ExecSpawner\.spawn"),
        ("SeccompCompiler.compile (cache key, disk cache, Swift side)", r"\] (specialized )?static SeccompCompiler\.compile"),
        ("swift_getTypeByMangledName (runtime type lookups, all callers)", r"\] swift_getTypeByMangledName$"),
        ("swift_conformsToProtocol (conformance scans, all callers)", r"\] swift_conformsToProtocolMaybeInstantiateSuperclasses$"),
    ]

    def perf_profile(self):
        runs = max(5, min(20, self.args.runs // 5))
        result = {"runs": runs}
        ids = [self.new_id("p") for _ in range(runs)]
        result["run"] = self.perf_record("run", [self.te("run", self.te_spec(i, ["/bin/true"])) for i in ids],
                                         self.RUN_FRAMES)
        for i in ids:
            self.quiet(self.te("delete", i))
        tid = self.new_id("q")
        self.timed(self.te("run", "--detach", self.te_spec(tid, ["sleep", "1000"])))
        result["exec"] = self.perf_record("exec", [self.te("exec", tid, "--", "true")] * runs, self.EXEC_FRAMES)
        self.quiet(self.te("stop", "--time", "0", tid))
        self.quiet(self.te("delete", tid))
        return result

    def perf_record(self, name, commands, patterns):
        script = os.path.join(self.tmp, f"perf-{name}.sh")
        with open(script, "w") as f:
            for argv in commands:
                f.write(" ".join(argv) + " >/dev/null\n")
        data = os.path.join(self.tmp, f"perf-{name}.data")
        p = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000", "-g", "-o", data,
                            "--", "sh", script], stdin=DEVNULL, stdout=DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            return {"error": p.stderr.strip()[-300:]}
        # Self time by object for the processes named taskexec (the CLI, the supervisor, the task's
        # init before its execve), normalised to their total.
        by_dso = run_capture(["perf", "report", "-i", data, "--stdio", "--sort", "comm,dso", "--no-children",
                              "-g", "none"], check=False).stdout
        shares = []
        for line in by_dso.splitlines():
            m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+(\S+)", line)
            if m and m.group(2) == "taskexec":
                shares.append((m.group(3), float(m.group(1))))
        total = sum(v for _, v in shares) or 1
        shares = [(k, v * 100 / total) for k, v in shares]
        children = run_capture(["perf", "report", "-i", data, "--comm", "taskexec", "--stdio", "--percentage",
                                "relative", "--sort", "sym", "--children", "-g", "none"], check=False).stdout
        demangler = shutil.which("swift-demangle") or "/opt/swift/usr/bin/swift-demangle"
        if os.path.exists(demangler):
            children = subprocess.run([demangler, "--simplified"], input=children, capture_output=True,
                                      text=True).stdout or children
        frames = []
        rows = [re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+(.*)$", line) for line in children.splitlines()]
        rows = [m for m in rows if m]
        for label, pattern in patterns:
            for m in rows:
                if re.search(pattern, m.group(3).strip()):
                    frames.append((label, float(m.group(1))))
                    break
        return {"dso": shares[:10], "frames": frames}

    def callgrind_profile(self):
        stripped = os.path.join(self.tmp, "taskexec-stripped")
        if run_capture(["strip", "-o", stripped, self.taskexec], check=False).returncode != 0:
            return {"error": "strip failed"}
        out = {}
        for name, argv_of in (
                ("version", lambda i: [stripped, "--version"]),
                ("run_default", lambda i: [stripped, "--root", self.root, "--data-root", self.data, "run",
                                           self.te_spec(i, ["/bin/true"])]),
                ("run_unconfined", lambda i: [stripped, "--root", self.root, "--data-root", self.data, "run",
                                              self.te_spec(i, ["/bin/true"], seccomp="unconfined")])):
            tid = self.new_id("c")
            cg = os.path.join(self.tmp, f"callgrind-{name}.out")
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}", *argv_of(tid)],
                           stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL, timeout=300)
            self.quiet(self.te("delete", "--force", tid))
            if not os.path.exists(cg):
                out[name] = None
                continue
            ann = run_capture(["callgrind_annotate", "--threshold=100", cg], check=False).stdout
            total = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", ann)
            by_object = {}
            for line in ann.splitlines():
                m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S.*)$", line)
                if not m or "PROGRAM TOTALS" in line:
                    continue
                count = int(m.group(1).replace(",", ""))
                where = m.group(2)
                obj = re.search(r"\[([^\]]+)\]\s*$", where)
                if obj:
                    lib = os.path.basename(obj.group(1))
                elif "/elf/" in where or "dl-" in where:
                    lib = "ld-linux-x86-64.so.2"
                else:
                    lib = "other"
                lib = re.sub(r"\.so[.\d]*$", ".so", lib)
                by_object[lib] = by_object.get(lib, 0) + count
            out[name] = {"total": int(total.group(1).replace(",", "")) if total else None,
                         "by_object": sorted(by_object.items(), key=lambda kv: -kv[1])[:8]}
        return out

    # ---- clean-up ---------------------------------------------------------------

    def cleanup(self):
        log("cleaning up")
        for p in self.foreground:
            if p.poll() is None:
                p.kill()
                p.wait()
        try:
            for t in self.te_list():
                self.quiet(self.te("delete", "--force", t["id"]))
        except Exception as e:  # noqa: BLE001 - best effort
            log(f"taskexec clean-up: {e}")
        if os.path.isdir(self.runc_root):
            for cid in os.listdir(self.runc_root):
                self.quiet(self.rc("delete", "--force", cid))
        for d in glob.glob(f"/sys/fs/cgroup/*{self.runc_cgroup_parent}") + glob.glob(
                f"/sys/fs/cgroup{self.runc_cgroup_parent}"):
            try:
                os.rmdir(d)
            except OSError as e:
                log(f"cannot remove {d}: {e}")
        left = self.te_cgroups([f"{self.tag}-*"])
        for d in left:
            try:
                os.rmdir(d)
            except OSError as e:
                log(f"cannot remove {d}: {e}")
        stray = self.processes_mentioning(self.tmp)
        if stray:
            log(f"processes still mentioning {self.tmp}: {stray}")
        self.errlog.close()
        if self.args.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # ---- report -----------------------------------------------------------------

    def machine(self):
        info = {}
        info["cores"] = os.cpu_count()
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            info["cpu"] = m.group(1) if m else "?"
        with open("/proc/meminfo") as f:
            m = re.search(r"MemTotal:\s*(\d+)", f.read())
            info["memory"] = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else "?"
        info["kernel"] = platform.release()
        fstype = run_capture(["stat", "-f", "-c", "%T", "/sys/fs/cgroup"], check=False).stdout.strip()
        if fstype == "cgroup2fs":
            info["cgroup"] = "v2 (unified)"
        elif os.path.isdir("/sys/fs/cgroup/unified"):
            info["cgroup"] = "hybrid (v1 controllers, v2 at /sys/fs/cgroup/unified with no controllers): taskexec and runc both use v1"
        else:
            info["cgroup"] = "v1 (legacy)"
        try:
            with open("/etc/debian_version") as f:
                info["os"] = "Debian " + f.read().strip()
        except OSError:
            info["os"] = platform.platform()
        info["taskexec"] = run_capture([self.taskexec, "--version"], check=False).stdout.strip()
        info["runc"] = " / ".join(run_capture([self.runc, "--version"], check=False).stdout.strip().splitlines()[:1]
                                  + [l for l in run_capture([self.runc, "--version"], check=False).stdout.splitlines()
                                     if l.startswith("libseccomp")])
        repo = os.getcwd()
        if os.path.isdir(os.path.join(repo, ".git")) and shutil.which("git"):
            head = run_capture(["git", "-C", repo, "log", "-1", "--format=%h %s"], check=False).stdout.strip()
            dirty = [l[3:] for l in run_capture(["git", "-C", repo, "status", "--porcelain", "--", "Sources",
                                                 "Package.swift", "Package.resolved"], check=False).stdout.splitlines()]
            info["code measured"] = f"`{head}`" + (
                f" plus uncommitted changes in {len(dirty)} file(s) under Sources: " + ", ".join(f"`{d}`" for d in dirty[:6])
                if dirty else " (clean tree)")
        if self.loads:
            info["load average (1 min) at each phase"] = ", ".join(f"{k} {v}" for k, v in self.loads)
            busy = [k for k, v in self.loads if float(v) > (os.cpu_count() or 1)]
            if busy:
                info["load average (1 min) at each phase"] += (
                    f" — **the machine was busy** (load above the {os.cpu_count()} cores) during: "
                    + ", ".join(busy) + "; medians absorb some of it, ratios from interleaved runs more")
        swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
        if os.path.exists(swift):
            info["swift"] = run_capture([swift, "--version"], check=False).stdout.strip().splitlines()[0]
        return info

    def write(self, path, started, elapsed):
        r = self.results
        a = self.args
        out = []
        w = out.append
        rows = []

        verdicts = {"yes": [], "**no**": []}

        def row(metric, te, base, ratio, target, met):
            rows.append(f"| {metric} | {te} | {base} | {ratio} | {target} | {met} |")
            if met in verdicts:
                verdicts[met].append(metric)

        def yes(ok):
            return "yes" if ok else "**no**"

        st = r.get("start")
        if st:
            m = {k: median(v) for k, v in st["wall"].items()}
            ratio = m["te_default"] / m["runc_seccomp"]
            row("Start-to-exit `/bin/true`, default seccomp", ms(m["te_default"]),
                f"runc + same profile {ms(m['runc_seccomp'])}", f"{ratio:.2f}×", "≤ 0.35× runc", yes(ratio <= 0.35))
            ratio = m["te_unconfined"] / m["runc_noseccomp"]
            row("Start-to-exit, no seccomp (`unconfined` / runc without `linux.seccomp`)", ms(m["te_unconfined"]),
                f"runc {ms(m['runc_noseccomp'])}", f"{ratio:.2f}×", "≤ 0.35× runc", yes(ratio <= 0.35))
            ratio = m["te_default"] / m["floor"]
            row("Start-to-exit vs the floor (default seccomp)", ms(m["te_default"]),
                f"unshare+chroot {ms(m['floor'])}", f"{ratio:.1f}×", "≤ 3× floor", yes(ratio <= 3))
        ex = r.get("exec")
        if ex:
            m = {k: median(v) for k, v in ex["wall"].items()}
            ratio = m["te_default"] / m["runc_seccomp"]
            row("`exec ID true`, default seccomp", ms(m["te_default"]), f"runc exec {ms(m['runc_seccomp'])}",
                f"{ratio:.2f}×", "≤ 0.35× runc exec", yes(ratio <= 0.35))
            ratio = m["te_unconfined"] / m["runc_noseccomp"]
            row("`exec ID true`, no seccomp", ms(m["te_unconfined"]), f"runc exec {ms(m['runc_noseccomp'])}",
                f"{ratio:.2f}×", "≤ 0.35× runc exec", yes(ratio <= 0.35))
            pr = r.get("probe")
            if pr and pr["durations"]:
                p = median(pr["durations"])
                ratio = p / m["runc_seccomp"]
                row("In-process probe `CMD true` (health log end − start)", ms(p),
                    f"runc exec {ms(m['runc_seccomp'])}", f"{ratio:.2f}×", "≤ 0.35× runc exec", yes(ratio <= 0.35))
        mem = r.get("memory")
        if mem:
            te, rc = mem["te"], mem["runc"]
            row(f"Supervisor PSS (1 s healthcheck, after {mem['seconds']} s)", mib(te["Pss"]),
                f"`runc run` (fg) {mib(rc['Pss'])}", f"{te['Pss'] / rc['Pss']:.2f}×", "≤ 1.5 MiB",
                yes(te["Pss"] <= 1.5 * 1024))
            row("Supervisor private (anonymous)", mib(te.get("Anonymous", 0)),
                f"`runc run` (fg) {mib(rc.get('Anonymous', 0))}",
                f"{te.get('Anonymous', 0) / max(1, rc.get('Anonymous', 1)):.2f}×", "≤ 1 MiB",
                yes(te.get("Anonymous", 0) <= 1024))
            row("Supervisor Private_Clean + Private_Dirty (incl. library pages no other process maps)",
                mib(te["Private"]), f"`runc run` (fg) {mib(rc['Private'])}", f"{te['Private'] / rc['Private']:.2f}×",
                "—", "—")
        fo, single = r.get("fanout"), r.get("single")
        if fo and single:
            s = median(single["te"])
            budget = 2 * fo["n"] * s
            row(f"Fan-out: {fo['n']} × `run --detach` at once, until all `running`", f"{fo['all_running']:.2f} s",
                f"{fo['n']} × single detached start = {fo['n'] * s:.2f} s", f"{fo['all_running'] / (fo['n'] * s):.2f}×",
                f"≤ 2× ({fo['n']} × single)", yes(fo["all_running"] <= budget))
            fr = r.get("fanout_runc")
            if fr:
                row(f"Fan-out: {fo['n']} at once (runc: `run -d` × {fo['n']})", f"{fo['all_running']:.2f} s",
                    f"runc {fr['all_running']:.2f} s", f"{fo['all_running'] / fr['all_running']:.2f}×", "—", "—")
            row(f"Fan-out: stop + delete all, until the node is clean", f"{fo['clean']:.2f} s",
                f"runc delete --force: {fr['clean']:.2f} s" if fr else "—",
                f"{fo['clean'] / fr['clean']:.2f}×" if fr else "—", "clean node",
                yes(not fo["leftovers"] and not fo["stop_failures"] and not fo["delete_failures"]))
            row(f"Fan-out: total supervisor PSS ({fo['n']} tasks)", mib(fo["pss_kib"]),
                f"per task {mib(fo['pss_kib'] / fo['n'])}", "—", f"≤ {1.5 * fo['n']:.0f} MiB (1.5 MiB each)",
                yes(fo["pss_kib"] / fo["n"] <= 1.5 * 1024))

        w("# Benchmarks: taskexec against runc")
        w("")
        w(f"Generated by `make bench` (`bench/bench.py`) on {started} in {elapsed / 60:.1f} min; "
          "every number below is regenerated by each run. Issue 8 is the spec.")
        if a.quick:
            w("")
            w("**Quick run (`--quick`): few samples, short waits; not the real figures.**")
        w("")
        w("| Metric | taskexec | Baseline | Ratio | Target (issue 8) | Met |")
        w("|---|---|---|---|---|---|")
        out += rows
        w("")
        if verdicts["yes"] or verdicts["**no**"]:
            w(f"**{len(verdicts['yes'])} of {len(verdicts['yes']) + len(verdicts['**no**'])} targets met.** "
              "Missed: " + "; ".join(verdicts["**no**"]) + ". See \"Where the time goes\" for why.")
            w("")
        w("Medians of wall time as the caller sees it (fork to reap). runc runs with a config.json equivalent to "
          "what taskexec builds (below); \"default seccomp\" means taskexec's default allowlist and, for runc, "
          "*the same profile*, taken from `taskexec config` (the config.json `run` builds) and put verbatim into `linux.seccomp`.")
        w("")
        info = self.machine()
        w("## Machine")
        w("")
        for k in ("cpu", "cores", "memory", "os", "kernel", "cgroup", "taskexec", "code measured", "runc", "swift",
                  "load average (1 min) at each phase"):
            if k in info:
                w(f"- **{k}**: {info[k]}")
        w(f"- runs: start-to-exit {a.runs} per variant, exec {a.exec_runs} per variant (after 3 untimed warm-up "
          f"rounds each, variants shuffled within every round so drift cancels), single detached start "
          f"{a.single_runs}, fan-out {a.fanout}, memory after {a.mem_seconds} s, probe sampling {a.probe_seconds} s")
        w("")

        def dist_table(title, data, labels):
            w(f"### {title}")
            w("")
            w("| Variant | n | median | p10 | p90 | min | CPU median (user+sys) |")
            w("|---|---|---|---|---|---|---|")
            for key, label in labels:
                v = data["wall"].get(key, [])
                c = data["cpu"].get(key, [])
                w(f"| {label} | {len(v)} | {ms(median(v))} | {ms(quantile(v, .1))} | {ms(quantile(v, .9))} | "
                  f"{ms(min(v)) if v else '—'} | {ms(median(c))} |")
            w("")

        w("## Results in detail")
        w("")
        if st:
            dist_table("1. Start-to-exit (`/bin/true`)", st, [
                ("te_default", "taskexec run, default seccomp"),
                ("runc_seccomp", "runc run, taskexec's profile"),
                ("te_unconfined", "taskexec run, `\"seccomp\": \"unconfined\"`"),
                ("runc_noseccomp", "runc run, no `linux.seccomp`"),
                ("floor", "floor: `unshare -mpuin --fork chroot`")])
            w("CPU is the user+sys time of the command and every process it waited for "
              "(`getrusage(RUSAGE_CHILDREN)` around each run).")
            w("")
        if ex:
            dist_table("2. Exec into a running task (`true`)", ex, [
                ("te_default", "taskexec exec, default seccomp"),
                ("runc_seccomp", "runc exec, taskexec's profile"),
                ("te_unconfined", "taskexec exec, unconfined task"),
                ("runc_noseccomp", "runc exec, no seccomp")])
        pr = r.get("probe")
        if pr:
            d = pr["durations"]
            w("### 2b. In-process probe cycle")
            w("")
            w(f"{len(d)} probes of `[\"CMD\", \"true\"]` at `interval: 100ms` collected from `health.log` "
              f"({pr['failures']} failed): duration median {ms(median(d))}, p10 {ms(quantile(d, .1))}, "
              f"p90 {ms(quantile(d, .9))}, min {ms(min(d)) if d else '—'}. "
              f"Wait between the end of one probe and the start of the next: median {ms(median(pr['gaps']))} "
              f"(configured 100 ms).")
            w("")
        if mem:
            w(f"### 3. Memory after {mem['seconds']} s (`/proc/PID/smaps_rollup`, KiB)")
            w("")
            w("| Process | Rss | Pss | Pss_Anon | Pss_File | Private_Clean | Private_Dirty | Anonymous | Threads |")
            w("|---|---|---|---|---|---|---|---|---|")
            for label, v, th in ((f"taskexec supervisor (health {mem['health']})", mem["te"], mem["te_threads"]),
                                 ("`runc run` in the foreground", mem["runc"], mem["runc_threads"])):
                w(f"| {label} | {v.get('Rss', 0)} | {v.get('Pss', 0)} | {v.get('Pss_Anon', '—')} | "
                  f"{v.get('Pss_File', '—')} | {v.get('Private_Clean', 0)} | {v.get('Private_Dirty', 0)} | "
                  f"{v.get('Anonymous', 0)} | {th} |")
            w("")
            if mem.get("te_maps"):
                w("The supervisor's memory by mapping (KiB, largest PSS first):")
                w("")
                w("| Mapping | Rss | Pss | Private_Clean | Private_Dirty | Anonymous |")
                w("|---|---|---|---|---|---|")
                for name, v in mem["te_maps"][:9]:
                    w(f"| {name} | {v['Rss']} | {v['Pss']} | {v['Private_Clean']} | {v['Private_Dirty']} | "
                      f"{v['Anonymous']} |")
                w("")
            sh = mem.get("sharers", [])
            w(f"At the moment of measurement {len(sh)} other process(es) mapped the taskexec binary (which holds the Swift runtime)"
              + (f" ({', '.join(sorted(set(sh))[:6])})" if sh else "")
              + ": PSS divides shared pages among them, so a lone supervisor's PSS is its RSS minus what others "
              "share; `Anonymous` is the part no other process can take a share of.")
            w("")
            w("Both were started together and measured together, the taskexec task probing `true` every second "
              "meanwhile. runc has no health checks; its foreground `run` process is the nearest thing it has to a "
              "per-task supervisor (with `run -d` nothing of runc stays; containerd-shim would).")
            w("")
        if fo and single:
            s_te, s_rc = median(single["te"]), median(single["runc"])
            w(f"### 4. Fan-out of {fo['n']}")
            w("")
            w(f"- single detached start (median of {len(single['te'])}, interleaved): taskexec `run --detach` "
              f"{ms(s_te)}, runc `run -d` {ms(s_rc)}")
            if st:
                w(f"- {fo['n']} × single start-to-exit (foreground, default seccomp): "
                  f"{fo['n'] * median(st['wall']['te_default']):.2f} s")
            w(f"- taskexec: all {fo['n']} `running` in `list --format json` after **{fo['all_running']:.2f} s** "
              f"(all {fo['n']} CLIs had returned after {fo['cli_done']:.2f} s; {fo['polls']} polls of `list`, "
              "which share the 2 cores with the starts)")
            w(f"- total supervisor PSS {mib(fo['pss_kib'])} ({mib(fo['pss_kib'] / fo['n'])} a task: shared pages "
              f"are split between the {fo['n']} supervisors), private {mib(fo['private_kib'])} "
              f"({mib(fo['private_kib'] / fo['n'])} a task)")
            if fo.get("empty_at"):
                w("- after the stops began, gone at: " + ", ".join(
                    f"{k} {v:.2f} s" for k, v in sorted(fo["empty_at"].items(), key=lambda kv: kv[1])))
            if fo.get("zombies_reaped") is not None:
                w(f"- the exited supervisors were reaped by PID 1 at {fo['zombies_reaped']:.2f} s: a supervisor is "
                  "re-parented to PID 1 when its CLI returns, and this machine's PID 1 "
                  f"(`{fo.get('pid1', '?')}`) reaps orphans only then; a zombie holds no memory, cgroup or file, so it does not count against "
                  "\"clean\"")
            elif fo.get("zombies_left"):
                w(f"- {fo['zombies_left']} exited supervisors were still unreaped zombies (PID 1's job) when the "
                  "wait ended")
            w(f"- stop --time 0 × {fo['n']} at once: {fo['stopped']:.2f} s; + delete × {fo['n']}: "
              f"{fo['deleted']:.2f} s; node clean after **{fo['clean']:.2f} s** "
              f"({'no state dir, no log dir, no process, no cgroup left' if not fo['leftovers'] else 'LEFT: ' + json.dumps(fo['leftovers'])[:300]}; "
              f"{fo['stop_failures']} stop and {fo['delete_failures']} delete failures)")
            fr = r.get("fanout_runc")
            if fr:
                w(f"- runc: {fr['n']} × `run -d` at once returned after {fr['returned']:.2f} s, {fr['running']} "
                  f"running in `runc list`, {fr['failures']} failures; `delete --force` × {fr['n']} at once: "
                  f"clean after {fr['clean']:.2f} s{'' if not fr['left'] else ' (LEFT: ' + str(fr['left'][:5]) + ')'}")
            w("")

        prof = r.get("profile")
        if prof:
            self.write_profile(w, prof)
        self.write_changes(w)

        w("## Commands")
        w("")
        w("`R`, `D`, `RR` are private directories under a temporary directory (taskexec `--root`/`--data-root`, "
          "runc `--root`), `ROOTFS` is `rootfs-fixtures/busybox` (absolute), `ID` is unique per run, `B` a bundle "
          "holding only a `config.json` whose `root.path` is `ROOTFS`. Everything is removed at the end.")
        w("")
        w("```sh")
        w("make bench     # = deps fixtures, runc from Debian if missing, swift build -c release --static-swift-stdlib, then:")
        w(f"python3 bench/bench.py --taskexec .build/release/taskexec --rootfs rootfs-fixtures/busybox --out docs/benchmarks.md")
        w("make bench BENCH_FLAGS=--quick   # a quick check (10 runs, 5 s of memory, 10-way fan-out)")
        w("```")
        w("")
        for key, title in (("start", "1. Start-to-exit"), ("exec", "2. Exec"), ("probe", "2b. In-process probe"),
                           ("memory", "3. Memory"), ("fanout", "4. Fan-out, taskexec"),
                           ("fanout_runc", "4. Fan-out, runc")):
            if key in self.commands:
                w(f"{title}:")
                w("")
                w("```sh")
                out.extend(self.commands[key])
                w("```")
                w("")
        w("The runc bundle: `runc spec`, then edited to match what taskexec builds for the task "
          "(`Sources/Translation`):")
        w("")
        w("- `process.terminal` false; `args` the task's command; `env` PATH, HOSTNAME, HOME as taskexec's")
        w("- capabilities: docker's default 14 in bounding, effective and permitted (runc spec has 3), none "
          "inheritable or ambient; no `rlimits`, no `noNewPrivileges` (taskexec sets neither by default)")
        w("- `root`: `ROOTFS`, `readonly: false`; `hostname` the id")
        w("- mounts: taskexec's six (`/proc` nosuid,noexec,nodev; `/dev` tmpfs; `/dev/pts` devpts newinstance; "
          "`/dev/shm`; `/dev/mqueue`; `/sys` ro) — runc spec's `/sys/fs/cgroup` removed, as taskexec mounts none")
        w("- namespaces: " + ", ".join(NAMESPACES) + " (runc spec has no cgroup namespace); "
          "`rootfsPropagation: rprivate`")
        w("- `maskedPaths`/`readonlyPaths`: taskexec's (docker's) lists")
        w(f"- `cgroupsPath`: `{self.runc_cgroup_parent.replace(str(os.getpid()), 'PID')}/ID` (taskexec: `taskexec/ID`); "
          "runc spec's `resources.devices` deny-all kept: runc sets its default device rules on v1 in any case")
        if "seccomp_rules" in r:
            w(f"- `linux.seccomp` (the \"default seccomp\" variants): taskexec's resolved default profile, "
              f"{r['seccomp_rules'][0]} rules naming {r['seccomp_rules'][1]} syscalls, defaultAction "
              f"`SCMP_ACT_ERRNO`; both read two conditions on one argument as alternatives, and both skip names "
              f"their libseccomp does not know")
        w("")
        w("## Notes")
        w("")
        w("- Timings are wall-clock from Python's `subprocess.run` (fork/exec of the CLI to its reaping), stdio on "
          "/dev/null; the Python overhead is the same for every variant. Medians, so an occasional outlier does "
          "not move them.")
        w("- The floor is the issue's command (`-mpuin`: no cgroup namespace, no cgroup, no /proc, /dev or /sys "
          "mounts, no seccomp, no capability drop). Nothing can go below it; a runtime also writes state and "
          "builds the mounts.")
        w("- taskexec's foreground `run` leaves a stopped task behind (state, log): `delete` after each run is "
          "untimed. runc's foreground `run` destroys the container itself; `runc delete --force` after it is "
          "untimed too.")
        w("- Memory: PSS splits each shared page between the processes mapping it, so one supervisor alone on "
          "the node carries the whole of libswiftCore/Foundation's resident pages (less any shared with other "
          "Swift processes), while 50 of them share them: the fan-out's per-task PSS is the figure for a busy node.")
        w("- This VM has no hardware performance counters (`perf stat` shows cycles/instructions as "
          "not supported): the profile uses `cpu-clock` sampling, and instruction counts come from callgrind.")
        w("- valgrind 3.19 cannot read the debug information of the Swift 6 release binary "
          "(\"Possibly corrupted debuginfo file\"), so callgrind runs a stripped copy; it does not implement "
          "`clone3` either, so under callgrind `taskexec run` stops at the spawn (exit 125): those counts cover "
          "everything *before* the task is cloned, which is where the parent's own work is.")
        for note in self.notes:
            w(f"- {note}")
        w("")
        with open(path, "w") as f:
            f.write("\n".join(out))

    def write_changes(self, w):
        """What profiling led to: fixed text (the figures here were measured
        once, when each change was made, and are not regenerated)."""
        w("## Changes made after profiling, and one rejected")
        w("")
        w("Unlike the rest of this page, the figures in this section were measured once, when each change was made "
          "(same machine, interleaved runs), and are not regenerated. The first full run (commit 31df690) had: "
          "start-to-exit 42.6 ms (0.77× runc), `exec` 21.8 ms (0.46×), supervisor PSS 14.23 MiB, anonymous 1.35 MiB.")
        w("")
        for item in (
            "**Seccomp compiled once per profile, not per process** (earlier): compiled filters are cached on disk "
            "under `--root`, keyed by the resolved profile, so `run`, `exec` and `health` do not run libseccomp "
            "(`exec` 58 → 25 ms then).",
            "**The profile left out of `state.json`**: the state used to carry the whole resolved profile (6.3 of its "
            "7.9 KB), encoded at every write and decoded by every `exec`. It now names the profile (`default` or its "
            "path) and its length; the compiled program lies beside it as `seccomp.bpf`, which `exec` and `health` "
            "install as they read it (a missing or damaged one is refused, never replaced by no filter). The disk "
            "cache's key is built by hand instead of by JSONEncoder, and the state is written 3 times per start, not 4 "
            "(the cgroup's path is recorded before the cgroup exists, so `delete` still finds it after a SIGKILL).",
            "**The Swift runtime and Foundation linked into the binary** (`--static-swift-stdlib` in `make release` "
            "and `make bench`): 16 shared libraries became 7, `taskexec --version` 10.1 → 6.3 ms and `list` 11.4 → "
            "6.3 ms (runc `--version`: 4.9 ms); a supervisor's PSS 14.2 → 11.2 MiB and its anonymous memory 1.41 → "
            "1.20 MiB (fewer libraries with relocated data). The binary grows from 13 to 34 MB; the build takes as long.",
            "**Start-up code unmapped in the supervisor**: once the task runs, the supervisor drops its mappings of "
            "read-only file pages holding no private copy (`MADV_DONTNEED`; `Sources/CSpawn/startup_pages.c`). They "
            "stay in the page cache and fault back when used; what the poll loop, probes and state writes touch "
            "comes back. PSS after 15 s with a 1 s probe: 11.2 → 7.9 MiB.",
            "**Rejected: a non-PIE link.** `-Xlinker -no-pie` removes all 43 k relative relocations: anonymous memory "
            "1.20 → 0.75 MiB (within the 1 MiB target) and `--version` 6.3 → 5.6 ms. It also gives up ASLR for the "
            "binary of a root process that reads every byte its task writes (the log copy). Safer by default wins; "
            "the private-memory target stays missed by about 0.2 MiB.",
            "**Not done**: a hand-written fast path past swift-argument-parser for `run` and `exec` (it is still "
            "about 15 % of a `run`, half of it the library's completion-script check, which it makes before every "
            "parse); hand-written encoding of the state instead of JSONEncoder's generic Codable path; a supervisor "
            "written in C. Each would trade code the project reads for a few milliseconds or a MiB.",
        ):
            w(f"- {item}")
        w("")

    def write_profile(self, w, prof):
        r = self.results
        w("## Where the time goes")
        w("")
        st = r.get("start")
        d = prof.get("decomposition", {})
        if st and d:
            m = {k: median(v) for k, v in st["wall"].items()}
            c = {k: median(v) for k, v in st["cpu"].items()}
            seccomp = m["te_default"] - m["te_unconfined"]
            w("Medians (wall):")
            w("")
            w("| Step | taskexec wall | taskexec CPU | runc wall | runc CPU |")
            w("|---|---|---|---|---|")
            w(f"| `--version` (exec, dynamic linking, language runtime start-up) | {ms(d['te_version'])} | | "
              f"{ms(d['runc_version'])} | |")
            w(f"| `list` on an empty root (+ argument parsing, reading a directory) | {ms(d['te_list'])} | | "
              f"{ms(d['runc_list'])} | |")
            w(f"| start-to-exit, no seccomp | {ms(m['te_unconfined'])} | {ms(c['te_unconfined'])} | "
              f"{ms(m['runc_noseccomp'])} | {ms(c['runc_noseccomp'])} |")
            w(f"| start-to-exit, default seccomp | {ms(m['te_default'])} | {ms(c['te_default'])} | "
              f"{ms(m['runc_seccomp'])} | {ms(c['runc_seccomp'])} |")
            w(f"| → seccomp (default − none) | **{ms(seccomp)}** ({seccomp / m['te_default'] * 100:.0f} % of the start) | "
              f"{ms(c['te_default'] - c['te_unconfined'])} | {ms(m['runc_seccomp'] - m['runc_noseccomp'])} | "
              f"{ms(c['runc_seccomp'] - c['runc_noseccomp'])} |")
            ex = r.get("exec")
            if ex:
                e = {k: median(v) for k, v in ex["wall"].items()}
                ec = {k: median(v) for k, v in ex["cpu"].items()}
                w(f"| exec, unconfined task | {ms(e['te_unconfined'])} | {ms(ec['te_unconfined'])} | "
                  f"{ms(e['runc_noseccomp'])} | {ms(ec['runc_noseccomp'])} |")
                w(f"| exec, default seccomp | {ms(e['te_default'])} | {ms(ec['te_default'])} | "
                  f"{ms(e['runc_seccomp'])} | {ms(ec['runc_seccomp'])} |")
                w(f"| → seccomp in exec (default − none) | **{ms(e['te_default'] - e['te_unconfined'])}** | "
                  f"{ms(ec['te_default'] - ec['te_unconfined'])} | {ms(e['runc_seccomp'] - e['runc_noseccomp'])} | "
                  f"{ms(ec['runc_seccomp'] - ec['runc_noseccomp'])} |")
            w(f"| floor (unshare+chroot) | {ms(m['floor'])} | {ms(c['floor'])} | | |")
            w("")
            compiles = ((prof.get("strace") or {}).get("taskexec exec") or {}).get("seccomp_compiles")
            w("CPU: user+sys of the command and the processes it waited for (medians, so the differences are "
              "approximate)."
              + (f" The exec CLI compiles the profile itself ({compiles} `memfd_create(\"taskexec-seccomp\")` "
                 "per `exec` under strace)." if compiles else ""))
            w("")
        ld = prof.get("ld")
        if ld:
            w(f"Dynamic linking (`LD_DEBUG=statistics taskexec --version`): {ld.get('libraries', '?')} shared "
              f"libraries, {ld.get('relocations', '?')} symbol relocations and {ld.get('relative', '?')} relative "
              f"ones, {ld.get('cycles', 0) / 1e6:.1f} M cycles in the loader "
              f"({ld.get('relocation_cycles', 0) / max(1, ld.get('cycles', 1)) * 100:.0f} % relocation); the "
              f"binary is {ld.get('binary_mib', 0):.1f} MiB, linked against {', '.join(ld.get('names', []))}.")
            w("")
        perf = prof.get("perf")
        if perf:
            w(f"CPU profiles (`perf record -e cpu-clock -F 20000 -g`, {perf['runs']} commands each; samples of "
              "processes named `taskexec`: the CLI, and for `run` the task's init until its execve; shares of their "
              "total):")
            w("")
            for key, title, frames_title in (
                    ("run", "`taskexec run` of `/bin/true`, default seccomp", "`run`: inclusive (callees counted)"),
                    ("exec", "`taskexec exec ID -- true`, default seccomp", "`exec`: inclusive (callees counted)")):
                v = perf.get(key) or {}
                if "error" in v or not v.get("dso"):
                    if v:
                        w(f"{title}: perf failed: {v.get('error')}")
                        w("")
                    continue
                w(f"| {title}: self time by object | Share |")
                w("|---|---|")
                for name, share in v["dso"]:
                    if share >= 0.5:
                        w(f"| {name} | {share:.1f} % |")
                w("")
                if v.get("frames"):
                    w(f"| {frames_title} | Share |")
                    w("|---|---|")
                    for label, share in v["frames"]:
                        w(f"| {label} | {share:.1f} % |")
                    w("")
            if any(share >= 1 for key in ("run", "exec") for name, share in (perf.get(key) or {}).get("dso", [])
                   if "seccomp" in name):
                w("libseccomp is stripped and built without frame pointers, so the unwinder cannot get from its "
                  "samples to their Swift callers: its self time (the object table) *is* the filter compilation "
                  "(the kernel side of installing the filter is under `[kernel.kallsyms]`), and the `spawn` frames "
                  "exclude it.")
            else:
                w("libseccomp does not appear: no filter was compiled in these commands (the compiled program came "
                  "from the cache). Installing it is kernel time (`[kernel.kallsyms]`).")
            w("")
        cg = prof.get("callgrind")
        if cg:
            lines = []
            for name, label in (("version", "`taskexec --version`"),
                                ("run_default", "`taskexec run`, default seccomp, up to clone3"),
                                ("run_unconfined", "`taskexec run`, unconfined, up to clone3")):
                v = cg.get(name)
                if v and v.get("total"):
                    top = ", ".join(f"{lib.replace('taskexec-stripped', 'taskexec')} {n / 1e6:.1f} M"
                                    for lib, n in v["by_object"][:5] if n >= 50000)
                    lines.append(f"| {label} | {v['total'] / 1e6:.1f} M | {top} |")
            if lines:
                w("Instructions (callgrind, stripped copy of the binary):")
                w("")
                w("| Command | Instructions | Largest objects (self) |")
                w("|---|---|---|")
                for l in lines:
                    w(l)
                w("")
        stc = prof.get("strace")
        if stc:
            tries = next(iter(stc.values()))["tries"]
            w(f"System calls (`strace -f -T -y`, all processes and threads; counts from one command, times "
              f"medians of {tries} commands — strace slows the CPU-bound parts, not the blocking ones):")
            w("")
            w("| | calls | processes/threads | mount-API calls | state.json writes | cgroup.procs writes: total (largest) | "
              "libseccomp compiles | seccomp filter install | most frequent |")
            w("|---|---|---|---|---|---|---|---|---|")
            for name, s in stc.items():
                top = ", ".join(f"{c} {n}" for c, n in s["top"][:5])
                label = f"{name}, {s['probes']} probes seen" if "probes" in s else name
                w(f"| {label} | {s['total']} | {s['processes']} | {s['mount_calls']} | "
                  f"{s['state_writes'] if name.startswith('taskexec') else '—'} | "
                  f"{s['cgroup_writes']} writes: {s['cgroup_write_ms']:.1f} ms ({s['cgroup_write_max_ms']:.1f} ms) | "
                  f"{(s.get('seccomp_compiles', 0) if name.startswith(('taskexec', 'probe')) else '—')} | "
                  f"{s['seccomp_install_ms']:.1f} ms | {top} |")
            w("")
        w("### Findings")
        w("")
        for finding in self.findings():
            w(f"- {finding}")
        w("")

    def findings(self):
        r = self.results
        f = []
        st, prof = r.get("start"), r.get("profile", {})
        perf = prof.get("perf") or {}
        run_p = perf.get("run") or {}
        exec_p = perf.get("exec") or {}
        dso = dict(run_p.get("dso", []))
        frames = dict(run_p.get("frames", []))
        exec_dso = dict(exec_p.get("dso", []))
        exec_frames = dict(exec_p.get("frames", []))

        def seccomp_share(table):
            return next((v for k, v in table.items() if "seccomp" in k), None)

        if st:
            m = {k: median(v) for k, v in st["wall"].items()}
            seccomp = m["te_default"] - m["te_unconfined"]
            share = seccomp_share(dso)
            ex = r.get("exec")
            exec_delta = ""
            if ex:
                e = {k: median(v) for k, v in ex["wall"].items()}
                exec_delta = (f" `exec`: {ms(e['te_default'])} into a task with the "
                              f"default profile against {ms(e['te_unconfined'])} into an unconfined one"
                              + (f", libseccomp {seccomp_share(exec_dso):.0f} % of the exec CPU"
                                 if (seccomp_share(exec_dso) or 0) >= 1 else "") + ".")
            stc = prof.get("strace") or {}
            compiles = {k: v.get("seccomp_compiles") for k, v in stc.items()}
            cg = prof.get("callgrind") or {}
            cg_delta = ""
            if (cg.get("run_default") or {}).get("total") and (cg.get("run_unconfined") or {}).get("total"):
                a, b = dict(cg["run_default"]["by_object"]), dict(cg["run_unconfined"]["by_object"])
                top, delta = max(((k, a.get(k, 0) - b.get(k, 0)) for k in a), key=lambda kv: kv[1])
                enc = frames.get("  of which: OCISeccomp.encode (the seccomp profile: in state.json, and any cache key)")
                cg_delta = (
                    f", and the Swift work around the profile: callgrind counts "
                    f"{(cg['run_default']['total'] - cg['run_unconfined']['total']) / 1e6:.1f} M more instructions "
                    f"before clone3 with the default profile than unconfined, {delta / 1e6:.1f} M of them in {top}"
                    + (f" (JSON-encoding the profile, {enc:.0f} % of the CPU of `run`: into every state.json write "
                       "and the disk-cache key)" if enc else ""))
            runc_cost = ms(m["runc_seccomp"] - m["runc_noseccomp"])
            install = (stc.get("taskexec run") or {}).get("seccomp_install_ms")
            if compiles.get("taskexec run"):
                f.append(
                    f"**Seccomp compilation on every start** is the largest single cost: {ms(seccomp)} of the "
                    f"{ms(m['te_default'])} median start"
                    + (f"; libseccomp is {share:.0f} % of the CPU samples of `run`" if share else "")
                    + ". The compiled-BPF cache lives in the process and every `taskexec run` is a new process, so "
                    "libseccomp builds the docker allowlist from scratch on each start (strace: "
                    f"{compiles['taskexec run']} `memfd_create(\"taskexec-seccomp\")` per run"
                    + (f", {compiles.get('taskexec exec')} per `exec`" if compiles.get("taskexec exec") is not None else "")
                    + (f", {compiles.get('probe (supervisor, per probe)')} per probe in a running supervisor"
                       if compiles.get("probe (supervisor, per probe)") is not None else "")
                    + ")." + exec_delta + f" runc pays {runc_cost} for the same profile (it compiles with "
                    "libseccomp on every start too). Possible fixes: keep the compiled BPF of each resolved profile "
                    "in a cache file (keyed by the resolved profile, the architecture and the libseccomp version), or "
                    "precompile the default profile for docker's default capability set at build time.")
            else:
                f.append(
                    f"**Seccomp** costs {ms(seccomp)} of the {ms(m['te_default'])} median start (default − "
                    f"unconfined; runc: {runc_cost} for the same profile), but the filter is not compiled on the "
                    "start path any more: strace shows no libseccomp compile (`memfd_create(\"taskexec-seccomp\")`) "
                    "in a `run`"
                    + (" or an `exec`" if compiles.get("taskexec exec") == 0 else "")
                    + (f", and libseccomp is {share:.1f} % of the CPU samples of `run`" if share is not None else "")
                    + ". What remains is installing the cached program"
                    + (f" (the `seccomp(SET_MODE_FILTER)` call itself: {install:.1f} ms under strace, the kernel "
                       "converting and JIT-compiling the filter)" if install else "")
                    + cg_delta + "."
                    + (" " + exec_delta.strip() if exec_delta else ""))
            if stc.get("taskexec run") and stc.get("runc run"):
                def big(name):
                    v = stc.get(name) or {}
                    return ms(v.get("cgroup_write_max_ms", 0) / 1000) if v.get("cgroup_writes") else "—"
                pr = r.get("probe")
                f.append(
                    "**cgroup v1 attach blocks** (wall time without CPU): on this hybrid host the first write of a "
                    f"process into a v1 `cgroup.procs` waits {big('taskexec run')} in `run` (the task's init "
                    f"writes itself in), {big('taskexec exec')} in `exec` and {big('probe (supervisor, per probe)')} "
                    f"in each probe, against {big('runc run')} / {big('runc exec')} in runc (medians under strace): "
                    "the kernel takes `cgroup_threadgroup_rwsem` for writing, which waits for an RCU grace period. "
                    "runc pays the same, so the ratios do not move, but "
                    + (f"that one write in `run` alone exceeds the whole 3×-floor budget ({ms(3 * m['floor'])})"
                       if stc['taskexec run']['cgroup_write_max_ms'] >= 3000 * m['floor'] else
                       f"that one write in `run` is {stc['taskexec run']['cgroup_write_max_ms'] / (3000 * m['floor']) * 100:.0f} % "
                       f"of the 3×-floor budget ({ms(3 * m['floor'])})")
                    + (f", and the probe's is {stc['probe (supervisor, per probe)']['cgroup_write_max_ms'] / (1000 * median(pr['durations'])) * 100:.0f} % "
                       f"of the in-process probe's {ms(median(pr['durations']))}"
                       if pr and pr["durations"] and stc.get("probe (supervisor, per probe)") else "")
                    + ". On cgroup v2 taskexec's `clone3(CLONE_INTO_CGROUP)` places the process without this "
                    "write; on v1, mounting the hierarchies with `favordynmods` (Linux ≥ 6.0) should make the lock "
                    "cheap; a node on v1 otherwise keeps paying it.")
            d = prof.get("decomposition", {})
            ld = prof.get("ld", {})
            if d:
                cg = (prof.get("callgrind") or {}).get("version") or {}
                ld_instr = dict(cg.get("by_object", [])).get("ld-linux-x86-64.so.2")
                f.append(
                    f"**Process start-up**: `taskexec --version` takes {ms(d['te_version'])} (runc "
                    f"{ms(d['runc_version'])}) and `list` on an empty root {ms(d['te_list'])}; the floor for the "
                    f"whole container is {ms(m['floor'])}. A {ld.get('binary_mib', 0):.0f} MiB binary with "
                    f"{ld.get('libraries', '?')} shared libraries ({ld.get('relocations', '?')} symbol and "
                    f"{ld.get('relative', '?')} relative relocations)"
                    + (f": the dynamic loader executes {ld_instr / 1e6:.1f} M of the {cg['total'] / 1e6:.1f} M "
                       "instructions of `--version`" if ld_instr and cg.get("total") else "")
                    + (f", and ld.so is {dso.get('ld-linux-x86-64.so.2', 0):.0f} % of the CPU of a `run`" if dso else "")
                    + ". The Swift runtime and Foundation are linked into the binary (`--static-swift-stdlib`): "
                    "the libraries left are libc's, libstdc++, libseccomp and libcap. What remains of the start-up "
                    "is the relative relocations of a position-independent binary (kept for ASLR) and the Swift "
                    "runtime's first look-ups of types and conformances (below). `run --detach` pays it twice (the "
                    "supervisor is a second exec of the binary through /proc/self/exe).")
            if frames:
                enc = frames.get("JSONEncoder.encode (state.json, events)")
                sec_enc = frames.get("  of which: OCISeccomp.encode (the seccomp profile: in state.json, and any cache key)")
                args = frames.get("ArgumentParser: parse the command line")
                comp = frames.get("  of which: completion-script request check")
                lookups = frames.get("swift_getTypeByMangledName (runtime type lookups, all callers)")
                conf = frames.get("swift_conformsToProtocol (conformance scans, all callers)")
                writes = (prof.get("strace", {}).get("taskexec run") or {}).get("state_writes")
                read = exec_frames.get("StateStore.read (decode state.json, profile included)")
                sizes = r.get("state_sizes")
                profile_in_state = bool(sizes and sizes[0] - sizes[1] > 1000)
                if enc and not profile_in_state:
                    f.append(f"**Encoding the state** is {enc:.0f} % of the CPU of `run`"
                             + (f"; `state.json` is written {writes} times per start" if writes else "") + ".")
                if enc and profile_in_state:
                    f.append(
                        f"**Encoding the state** is {enc:.0f} % of the CPU of `run`"
                        + (f" ({sec_enc:.0f} % encoding the seccomp profile)" if sec_enc else "")
                        + (f"; `state.json` is written {writes} times per start" if writes else "")
                        + (", each time with the whole resolved profile ({:.1f} of the file's {:.1f} KB)".format(
                            (r["state_sizes"][0] - r["state_sizes"][1]) / 1000, r["state_sizes"][0] / 1000)
                           if r.get("state_sizes") else ", each time with the whole resolved profile")
                        + (f", and `exec` spends {read:.0f} % of its CPU decoding it back" if read else "")
                        + ". Recording the profile's name or digest instead of its rules, and writing the state "
                        "once before and once after the spawn, would cut both.")
                if lookups or conf:
                    f.append(
                        "**Swift runtime metadata work**: "
                        + (f"`swift_getTypeByMangledName` (instantiating generic types by name) is {lookups:.0f} % "
                           if lookups else "")
                        + (f"and `swift_conformsToProtocol` {conf:.0f} % " if conf else "")
                        + "of the CPU of `run`, mostly under the generic Codable paths of FoundationEssentials' "
                        "JSONEncoder/JSONDecoder and under ArgumentParser. Each first use of a generic type or "
                        "(type, protocol) pair is resolved at run time and a CLI process never lives long enough to "
                        "amortise the caches; concrete, non-generic encoding on the start path avoids it.")
                if args:
                    f.append(
                        f"**swift-argument-parser** is {args:.0f} % of the CPU of `run`"
                        + (f" and {exec_frames.get('ArgumentParser: parse the command line', 0):.0f} % of `exec`"
                           if exec_frames.get("ArgumentParser: parse the command line") else "")
                        + (f"; {comp:.0f} % of `run` goes to `checkForCompletionScriptRequest` alone" if comp else "")
                        + ": it builds the whole command tree (property wrappers, reflection) before parsing. "
                        "A direct fast path for `run`, `exec` and `supervise` would avoid it.")
        if st:
            m = {k: median(v) for k, v in st["wall"].items()}
            goal = min(0.35 * m["runc_seccomp"], 3 * m["floor"])
            d = prof.get("decomposition", {})
            f.insert(0,
                f"**The start-to-exit gap**: meeting both targets needs a start of at most {ms(goal)} "
                f"(0.35× runc = {ms(0.35 * m['runc_seccomp'])}, 3× the floor = {ms(3 * m['floor'])}); the median "
                f"is {ms(m['te_default'])}, so {ms(m['te_default'] - goal)} has to go. Without seccomp taskexec is "
                f"still at {m['te_unconfined'] / m['runc_noseccomp']:.2f}× runc ({ms(m['te_unconfined'])})"
                + (": removing the per-start seccomp compile is necessary but not enough"
                   if (prof.get("strace", {}).get("taskexec run") or {}).get("seccomp_compiles", 1)
                   else "; the seccomp compile is already off the start path")
                + (f", and `taskexec --version` alone ({ms(d['te_version'])}) already uses "
                   f"{d['te_version'] / goal * 100:.0f} % of the budget" if d else "")
                + ". The items below say where the time goes.")
        fo, single = r.get("fanout"), r.get("single")
        if fo and single:
            s = median(single["te"])
            f.append(
                f"**Fan-out** is within its target: {fo['n']} concurrent starts took {fo['all_running']:.2f} s "
                f"against {fo['n'] * s:.2f} s for {fo['n']} sequential ones ({fo['all_running'] / (fo['n'] * s):.2f}×); "
                "the starts are CPU-bound and use both cores. Tear-down: "
                + (", ".join(f"{k} gone at {v:.2f} s" for k, v in sorted(fo.get("empty_at", {}).items(),
                                                                          key=lambda kv: kv[1]))
                   or f"clean at {fo['clean']:.2f} s")
                + f" after the stops began (stop {fo['stopped']:.2f} s, delete done at {fo['deleted']:.2f} s)"
                + (f"; runc's `delete --force` × {fo['n']} leaves a clean node in {r['fanout_runc']['clean']:.2f} s"
                   if r.get("fanout_runc") else "") + ".")
        mem = r.get("memory")
        if mem:
            te = mem["te"]
            maps = dict(mem.get("te_maps", []))
            libs = [(k, v["Pss"]) for k, v in maps.items() if not k.startswith("[")][:4]
            f.append(
                f"**Supervisor memory**: PSS {mib(te['Pss'])}, of which file-backed {mib(te.get('Pss_File', 0))} "
                f"and anonymous {mib(te.get('Pss_Anon', 0))}. The file-backed part is the code and read-only data "
                "of the binary and the Swift libraries that this one process touched ("
                + ", ".join(f"{k} {mib(v)}" for k, v in libs)
                + "): it is *private* (whole in PSS) while no other process maps those files, and is shared as "
                "soon as several supervisors (or any Swift program) run"
                + (f" (fan-out: {mib(fo['pss_kib'] / fo['n'])} PSS a task with {fo['n']})" if fo else "")
                + ". After its start the supervisor unmaps the read-only code and data it ran only then "
                "(`te_release_startup_pages`: the pages stay in the page cache), so this is what its poll loop, "
                "probes and state writes touch again"
                + f". The anonymous {mib(te.get('Anonymous', 0))} (heap "
                f"{mib(maps.get('[heap]', {}).get('Anonymous', 0))}, the binary's relocated data and .bss, stacks) is "
                "what each supervisor really costs"
                + (": within the 1 MiB target." if te.get('Anonymous', 0) <= 1024 else
                   ": over the 1 MiB target (see \"Changes made\" for the non-PIE link that would meet it, and why it was not taken).")
                + " A supervisor much smaller than this would have to be a small C program (conmon's approach).")
        return f


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taskexec", required=True)
    parser.add_argument("--rootfs", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runc", default="runc")
    parser.add_argument("--runs", type=int, default=100, help="start-to-exit runs per variant")
    parser.add_argument("--exec-runs", type=int, default=100, help="exec runs per variant")
    parser.add_argument("--single-runs", type=int, default=20, help="single detached starts per runtime")
    parser.add_argument("--mem-seconds", type=int, default=60)
    parser.add_argument("--probe-seconds", type=int, default=10)
    parser.add_argument("--fanout", type=int, default=50)
    parser.add_argument("--no-profile", action="store_true", help="skip the start-path profile")
    parser.add_argument("--quick", action="store_true", help="10 runs, 5 s memory, 10-way fan-out")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.exec_runs, args.single_runs = 10, 10, 5
        args.mem_seconds, args.probe_seconds, args.fanout = 5, 3, 10
    if os.geteuid() != 0:
        sys.exit("bench.py: needs root (namespaces, cgroups, runc)")
    for tool in (args.taskexec, args.runc):
        if not (os.path.exists(tool) or shutil.which(tool)):
            sys.exit(f"bench.py: {tool} not found")
    if not os.path.exists(os.path.join(args.rootfs, "bin", "true")):
        sys.exit(f"bench.py: {args.rootfs}/bin/true missing (make fixtures)")

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    bench = Bench(args)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.monotonic()
    failed = None
    try:
        bench.setup()
        for step in (bench.bench_start, bench.bench_exec, bench.bench_probe, bench.bench_memory,
                     bench.bench_single_detached, bench.bench_fanout, bench.bench_fanout_runc,
                     None if args.no_profile else bench.bench_profile):
            if step is None:
                continue
            with open("/proc/loadavg") as f:
                bench.loads.append((step.__name__.replace("bench_", ""), f.read().split()[0]))
            try:
                step()
            except BenchError as e:
                failed = failed or e
                bench.notes.append(f"**{step.__name__} failed**: {e}")
                log(f"{step.__name__} failed: {e}")
    finally:
        bench.cleanup()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    bench.write(args.out, started, time.monotonic() - t0)
    log(f"wrote {args.out}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
