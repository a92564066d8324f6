#!/bin/bash
# vm/selftest.sh: checks the VM harness end to end (about a minute) and
# prints how long each run took. Exits non-zero if a check fails.
set -u
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$VM_DIR")
RUN=$VM_DIR/run.sh
fails=0

"$VM_DIR/prepare.sh" || exit 1

# check NAME WANT_RC GREP_PATTERN... -- run.sh args: runs the VM, then checks
# the exit code and that the output matches every pattern (grep -E).
check() {
    local name=$1 want=$2; shift 2
    local pats=()
    while [ "$1" != -- ]; do pats+=("$1"); shift; done
    shift
    local start out rc ok=1 secs
    start=$(date +%s.%N)
    out=$("$RUN" "$@" 2>&1); rc=$?
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    [ "$rc" = "$want" ] || ok=0
    for p in ${pats[@]+"${pats[@]}"}; do grep -qE -- "$p" <<<"$out" || { ok=0; echo "  missing: $p"; }; done
    if [ $ok = 1 ]; then
        echo "PASS  ${secs}s  $name"
    else
        echo "FAIL  ${secs}s  $name (exit $rc, wanted $want)"; sed 's/^/    | /' <<<"$out"
        fails=$((fails + 1))
    fi
}

check "boot and run true" 0 -- -- true
check "exit code propagates" 3 -- -- sh -c 'exit 3'
check "pure cgroup v2 with controllers" 0 \
    '^cgroup\.controllers: .*cpu .*io .*memory.*pids' \
    '^subtree: .*cpu .*io .*memory.*pids' \
    '^v2mount: 1$' '^v1mounts: 0$' \
    -- -- sh -c 'echo "cgroup.controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
        echo "subtree: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
        echo "v2mount: $(grep -c " /sys/fs/cgroup .* - cgroup2 " /proc/self/mountinfo)"
        echo "v1mounts: $(grep -c " - cgroup " /proc/self/mountinfo)"'

# Writes land in the guest's tmpfs overlay, never on the host.
probe=$REPO/.vm-selftest-probe.$$
check "cgroup moves and limits; host untouched" 0 \
    '^0::/t$' '^50000 100000$' '^written$' \
    -- -C "$REPO" -- sh -c 'mkdir /sys/fs/cgroup/t && echo $$ > /sys/fs/cgroup/t/cgroup.procs &&
        cat /proc/self/cgroup && echo "50000 100000" > /sys/fs/cgroup/t/cpu.max &&
        cat /sys/fs/cgroup/t/cpu.max && echo x > "$1" && echo written' - "$probe"
if [ -e "$probe" ]; then echo "FAIL  the guest's write reached the host: $probe"; rm -f "$probe"; fails=$((fails + 1)); fi

# A container-like run: pivot_root into a busybox root in new mount and pid
# namespaces, inside a cgroup with memory and pids limits; then an OOM kill
# and a fork refused by pids.max.
read -r -d '' container <<'EOF'
set -e
R=/tmp/rootfs; mkdir $R; mount -t tmpfs rootfs $R    # pivot_root needs a mount point
mkdir $R/bin $R/proc $R/old
cp /bin/busybox $R/bin/busybox
cat > $R/inner.sh <<'IN'
/bin/busybox mount -t proc proc /proc
/bin/busybox umount -l /old
echo "pivoted:" $(/bin/busybox ls /)
echo "inner cgroup: $(/bin/busybox cat /proc/self/cgroup)"
echo "inner pid: $$"
IN
C=/sys/fs/cgroup/c; mkdir $C
echo 32M > $C/memory.max; echo 0 > $C/memory.swap.max; echo 20 > $C/pids.max
sh -c 'echo $$ > /sys/fs/cgroup/c/cgroup.procs; exec "$@"' - \
    unshare -mpf --propagation private $R/bin/busybox sh -c \
    'cd /tmp/rootfs && pivot_root . old && exec /bin/busybox sh /inner.sh'
sh -c 'echo $$ > /sys/fs/cgroup/c/cgroup.procs; exec tail /dev/zero' || true   # tail buffers an endless line
grep '^oom_kill' $C/memory.events
sh -c 'echo $$ > /sys/fs/cgroup/c/cgroup.procs; for i in $(seq 40); do sleep 2 >/dev/null & done' 2>/dev/null || true
echo "pids $(grep max $C/pids.events)"
EOF
check "pivot_root, namespaces, memory OOM, pids.max" 0 \
    '^pivoted: bin inner.sh old proc$' '^inner cgroup: 0::/c$' '^inner pid: 1$' \
    '^oom_kill 1$' '^pids max [1-9]' \
    -- -- sh -c "$container"

if [ -x "$REPO/.build/debug/taskexec" ]; then
    check "the host's Swift binary (.build/debug/taskexec --help)" 0 -- -C "$REPO" -- ./.build/debug/taskexec --help
else
    check "the host's Swift toolchain (swift --version)" 0 'Swift version' -- -- /opt/swift/usr/bin/swift --version
fi

[ $fails = 0 ] && echo "all checks passed" || echo "$fails check(s) failed"
[ $fails = 0 ]
