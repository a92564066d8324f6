#!/bin/sh
# Assembles the test root filesystems from Debian's busybox-static.
# Nothing binary is committed: `make fixtures` runs this.
#
#   busybox/           busybox with every applet linked, root, nobody and an
#                      `app` user (1000:1000, also in group `staff` 50), and
#                      /usr/bin/te-probe (probe.c) to check from inside a task
#   busybox-symlinks/  the same, plus symlinks that point out of the rootfs,
#                      used to prove mount targets are resolved inside it
set -eu
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "build.sh: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || ldd "$busybox" 2>&1 | grep -q 'not a dynamic' \
  || { echo "build.sh: $busybox is not static" >&2; exit 1; }

make_busybox() {
    root=$1
    rm -rf "$root.new"
    mkdir -p "$root.new"
    cd "$root.new"
    mkdir -p bin sbin usr/bin usr/sbin etc proc sys dev tmp root home/app var/www run
    chmod 1777 tmp
    chmod 700 root
    cp "$busybox" bin/busybox
    for applet in $("$busybox" --list-full); do
        [ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$applet"
    done
    cat > etc/passwd <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
app:x:1000:1000:app:/home/app:/bin/sh
PASSWD
    cat > etc/group <<'GROUP'
root:x:0:
staff:x:50:app
nobody:x:65534:
app:x:1000:
GROUP
    chown 1000:1000 home/app
    # Our own probe program, static like busybox.
    ${CC:-cc} -static -O2 -o usr/bin/te-probe "$here/probe.c"
    echo '<html><body>hello from taskexec</body></html>' > var/www/index.html
    cd "$here"
    rm -rf "$root"
    mv "$root.new" "$root"
}

make_busybox "$here/busybox"

rm -rf "$here/busybox-symlinks"
cp -a "$here/busybox" "$here/busybox-symlinks"
cd "$here/busybox-symlinks"
ln -s /etc data                       # absolute: must mean the rootfs's /etc
ln -s ../../../../../../../tmp up     # relative, climbing above the root
ln -s /proc/self/root/etc selfroot    # through a magic link
mkdir -p nested
ln -s ../../../../../../var nested/escape
echo "fixtures ready in $here"
