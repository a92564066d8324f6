#!/bin/sh
# `make demo`: a busybox web server run by taskexec, end to end: a secret in
# a ramfs, a published port, a memory limit, a health check, and its events.
set -eu
bin=${1:-.build/release/taskexec}
here=$(cd "$(dirname "$0")" && pwd)
rootfs="$here/../rootfs-fixtures/busybox"
state=$(mktemp -d /tmp/taskexec-demo.XXXXXX)
te() { "$bin" --root "$state/run" --data-root "$state/lib" "$@"; }
step() { printf '\n\033[1m$ taskexec %s\033[0m\n' "$*"; }
# Debian's static busybox needs its own root for name lookups: wget from there.
fetch() { chroot "$rootfs" /bin/busybox wget -qO- "$1"; }
trap 'te delete --force demo-web >/dev/null 2>&1 || true; te volume rm demo-data >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

step run examples/hello.json
te run "$here/hello.json" || echo "(exit code $?: the task's own)"
te delete hello

# The spec goes through stdin (run -): the secret never touches the disk.
secret=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
spec=$(cat <<JSON
{
  "id": "demo-web",
  "rootfs": "$rootfs",
  "command": ["httpd", "-f", "-v", "-p", "80", "-h", "/var/www"],
  "hostname": "demo-web",
  "network": "bridge",
  "ports": [{"published": 8088, "target": 80}],
  "resources": {"memory": "64m", "cpus": 0.5, "pids_limit": 50},
  "secrets": [{"name": "api_token", "data": "$(printf %s "$secret" | base64)", "mode": "0400"}],
  "mounts": [{"type": "volume", "source": "demo-data", "target": "/data"}],
  "healthcheck": {"test": ["HTTP", "http://127.0.0.1:80/"], "interval": "1s", "start_period": "5s", "start_interval": "100ms"},
  "stop_grace_period": "2s"
}
JSON
)
step "run --detach - --events file:agent-events.jsonl   (spec on stdin, with a secret)"
printf %s "$spec" | te run --detach - --events "file:$state/agent-events.jsonl"

step list
te list

printf '\n$ wget -qO- http://127.0.0.1:8088/   (the published port)\n'
for i in 1 2 3 4 5 6 7 8 9 10; do fetch http://127.0.0.1:8088/ 2>/dev/null && break; sleep 0.2; done

step "exec demo-web -- sh -c 'ls -l /run/secrets; grep /run/secrets /proc/self/mountinfo'"
te exec demo-web -- sh -c 'ls -l /run/secrets; grep " /run/secrets " /proc/self/mountinfo | cut -d" " -f5,6,9,10'

step stats demo-web
te stats demo-web

step update demo-web --memory 128m --memory-swap 128m
te update demo-web --memory 128m --memory-swap 128m && te stats demo-web

sleep 1
step health demo-web
te health demo-web

step stop demo-web
te stop demo-web

step events demo-web
te events demo-web

printf '\n(the same events, as the agent received them)\n'
cat "$state/agent-events.jsonl"

if grep -rq "$secret" "$state"; then echo "the secret leaked to disk!"; exit 1; fi
printf '\nthe secret is nowhere under --root or --data-root\n'

step delete demo-web
te delete demo-web
te volume rm demo-data
echo "demo done: nothing of it is left on the node"
