#!/bin/bash
# vm/run.sh [-C DIR] [-e NAME=VALUE]... -- CMD [ARGS...]
#
# Runs CMD in a qemu VM (software emulation) booting Debian's kernel with a
# pure cgroup v2 hierarchy over a read-only 9p share of this host's root,
# in DIR (default: the current directory). CMD's stdout and stderr come back
# on this script's stdout and stderr; the script exits with CMD's exit code,
# or 125 when the VM fails or times out.
#
# Environment: VM_MEMORY (MiB or qemu size, default 2G), VM_CPUS (2),
# VM_TIMEOUT (seconds, 600), VM_CACHE (default: <repo>/.build-vm),
# VM_HOST_TMP=1 (the guest sees the host's /tmp instead of an empty tmpfs),
# VM_DEBUG=1 (trace the guest init and show the console on stderr).
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${VM_CACHE:-$(dirname "$VM_DIR")/.build-vm}
MEMORY=${VM_MEMORY:-2G}
CPUS=${VM_CPUS:-2}
TIMEOUT=${VM_TIMEOUT:-600}
DEBUG=${VM_DEBUG:-0}

usage() {
    echo "usage: vm/run.sh [-C DIR] [-e NAME=VALUE]... -- CMD [ARGS...]" >&2
    exit 125
}

dir=.
envs=()
while [ $# -gt 0 ]; do
    case $1 in
        -C) [ $# -ge 2 ] || usage; dir=$2; shift 2 ;;
        -e) [ $# -ge 2 ] || usage; [[ $2 == [A-Za-z_]*=* ]] || usage; envs+=("$2"); shift 2 ;;
        --) shift; break ;;
        -h|--help) usage ;;
        -*) echo "vm/run.sh: unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || usage
dir=$(cd "$dir" && pwd) || exit 125
HOST_TMP=${VM_HOST_TMP:-0}
case $dir/ in
    /tmp/*) [ "$HOST_TMP" = 1 ] ||
        echo "vm/run.sh: warning: $dir is hidden in the guest (it mounts a tmpfs on /tmp; see VM_HOST_TMP)" >&2 ;;
    /run/*|/proc/*|/sys/*|/dev/*)
        echo "vm/run.sh: warning: $dir is hidden in the guest (it mounts its own /run /proc /sys /dev)" >&2 ;;
esac

"$VM_DIR/prepare.sh" "$CACHE" || exit 125
CACHE=$(cd "$CACHE" && pwd)

run=$(mktemp -d "$CACHE/run.XXXXXX")
pids=()
cleanup() {
    # Interrupted: stop qemu (timeout passes the signal on) and the readers,
    # and wait for them, so that no VM outlives this script.
    for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
    for p in ${pids[@]+"${pids[@]}"}; do wait "$p" 2>/dev/null || true; done
    rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The job, as a shell fragment the guest sources: every word single-quoted,
# so any byte but NUL survives. It travels through the share (the guest reads
# it by its host path); only that path, base64-encoded, is on the kernel
# command line, which is short (2 KiB) and splits on spaces.
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
    printf 'TASKEXEC_DIR=%s\n' "$(q "$dir")"
    for e in ${envs[@]+"${envs[@]}"}; do printf 'export %s\n' "$(q "$e")"; done
    printf 'set --'
    for a in "$@"; do printf ' %s' "$(q "$a")"; done
    printf '\n'
} > "$run/job"
job64=$(printf %s "$run/job" | base64 -w0)

# Three UARTs: ttyS0 the console (kernel, init, exit marker), ttyS1 the
# command's stdout, ttyS2 its stderr. qemu writes each to a FIFO (<path>.out;
# the .in side is never written), read here while the VM runs.
mkfifo "$run/con.in" "$run/con.out" "$run/out.in" "$run/out.out" "$run/err.in" "$run/err.out"
if [ "$DEBUG" = 1 ]; then
    tee "$run/console.log" < "$run/con.out" >&2 &
else
    cat < "$run/con.out" > "$run/console.log" &
fi
pids+=($!)
cat < "$run/out.out" &
pids+=($!)
cat < "$run/err.out" >&2 &
pids+=($!)

append="console=ttyS0 quiet loglevel=0 panic=-1 taskexec.job=$job64"
[ "$DEBUG" = 1 ] && append="console=ttyS0 panic=-1 taskexec.job=$job64 taskexec.debug=1"
[ "$HOST_TMP" = 1 ] && append="$append taskexec.hosttmp=1"

# -enable-kvm hangs at power-off on these hosts: software emulation (tcg).
# -nodefaults: no NIC, VGA, IDE drives or default serial/monitor on stdio.
# multidevs=remap: the host's / spans several filesystems; this keeps inode
# numbers unique in the guest.
qrun=${run//,/,,}    # qemu option values escape ',' as ',,'
status=0
qlog=$run/qemu.log
[ "$DEBUG" = 1 ] && qlog=/dev/stderr
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 \
    -accel tcg -cpu max -m "$MEMORY" -smp "$CPUS" \
    -nodefaults -display none -no-reboot \
    -kernel "$CACHE/kernel.img" -initrd "$CACHE/initrd.img" -append "$append" \
    -chardev pipe,id=con,path="$qrun/con" -serial chardev:con \
    -chardev pipe,id=out,path="$qrun/out" -serial chardev:out \
    -chardev pipe,id=err,path="$qrun/err" -serial chardev:err \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    </dev/null 2>"$qlog" &
qemu=$!
pids+=($qemu)
wait $qemu || status=$?
# qemu has exited: the readers see EOF once they have copied everything. One
# still blocked in open() (qemu never started) is released by a dummy writer.
for f in con out err; do : <> "$run/$f.out"; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()

rc=$(tr -d '\r' < "$run/console.log" | sed -n 's/^TASKEXEC-VM-EXIT=\([0-9][0-9]*\)$/\1/p' | tail -n1)
if [ -z "$rc" ] || grep -q '^TASKEXEC-VM-ERROR' "$run/console.log"; then
    if [ "$status" = 124 ]; then
        echo "vm/run.sh: the VM timed out after ${TIMEOUT}s (VM_TIMEOUT)" >&2
    else
        echo "vm/run.sh: the VM ended without reporting an exit code (qemu status $status)" >&2
    fi
    if [ "$DEBUG" != 1 ]; then
        echo "--- console (last 30 lines) ---" >&2
        tr -d '\r' < "$run/console.log" | tail -n 30 >&2
    fi
    [ -s "$run/qemu.log" ] && { echo "--- qemu ---" >&2; cat "$run/qemu.log" >&2; }
    exit 125
fi
exit "$rc"
