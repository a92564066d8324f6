#!/bin/sh
# `make demo`: a busybox web server run by taskexec, end to end.
# What it shows grows as features land (see README "Status").
set -eu
bin=${1:-.build/release/taskexec}
here=$(cd "$(dirname "$0")" && pwd)
wget="$here/../rootfs-fixtures/busybox/bin/busybox wget"
state=$(mktemp -d /tmp/taskexec-demo.XXXXXX)
te() { "$bin" --root "$state/run" --data-root "$state/lib" "$@"; }
step() { printf '\n\033[1m$ taskexec %s\033[0m\n' "$*"; }
trap 'te delete --force demo-web >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

step run examples/hello.json
te run "$here/hello.json" || echo "(exit code $?: the task's own)"
te delete hello

step run --detach examples/demo-web.json --events file:$state/agent-events.jsonl
te run --detach "$here/demo-web.json" --events "file:$state/agent-events.jsonl"

step list
te list

printf '\n$ wget -qO- http://127.0.0.1:8088/\n'
for i in 1 2 3 4 5 6 7 8 9 10; do $wget -qO- http://127.0.0.1:8088/ 2>/dev/null && break; sleep 0.1; done

step exec demo-web -- sh -c 'id; hostname; touch /etc/x; df -h /tmp | tail -1'
te exec demo-web -- sh -c 'id; hostname; touch /etc/x || true; df -h /tmp | tail -1'

step logs demo-web
te logs demo-web

step stop demo-web
te stop demo-web

step events demo-web
te events demo-web

printf '\n(the same events, as the agent received them in %s)\n' "$state/agent-events.jsonl"
cat "$state/agent-events.jsonl"

step delete demo-web
te delete demo-web
te volume rm demo-data
echo "demo done: nothing of it is left on the node"
