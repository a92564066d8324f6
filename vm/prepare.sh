#!/bin/sh
# vm/prepare.sh [CACHE_DIR]
# Prepares what vm/run.sh boots: Debian's kernel (unpacked from its .deb) and
# an initramfs holding static busybox, the virtio/9p/overlay modules and the
# guest init scripts (vm/guest/). Idempotent; when nothing changed it only
# checks a stamp and returns.
set -eu

VM_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$VM_DIR")
CACHE=${1:-$REPO/.build-vm}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
# One preparer at a time (run.sh calls this for every VM it starts).
exec 9>"$CACHE/.lock"
flock 9

# Modules in insmod order (dependencies first). Those built into the kernel,
# or absent, are skipped.
MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
netfs fscache 9pnet 9pnet_virtio 9p overlay"
BUSYBOX=/bin/busybox    # from busybox-static (the dynamic busybox cannot run in the initramfs)

log() { echo "vm/prepare: $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- host packages: install only what is missing, apt-get update only then ---
missing=""
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing="$missing qemu-system-x86"
command -v cpio >/dev/null 2>&1 || missing="$missing cpio"
dpkg -s busybox-static >/dev/null 2>&1 || missing="$missing busybox-static"
# depmod here; modprobe for the guest's kernel (it runs the host's /sbin/modprobe through the share).
command -v depmod >/dev/null 2>&1 || missing="$missing kmod"
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || die "missing packages:$missing (run as root to install them)"
    log "installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing"

# --- fast path: everything built from the same inputs already ---
# The key covers the scripts, the guest files and busybox; the kernel is kept
# once downloaded (delete CACHE_DIR/kernel to fetch the current one again).
key=$(cat "$0" "$VM_DIR"/guest/* "$BUSYBOX" | sha256sum | cut -d' ' -f1)
if [ -f "$CACHE/ready" ] && [ "$(cat "$CACHE/ready")" = "$key" ] &&
   [ -f "$CACHE/kernel.img" ] && [ -f "$CACHE/initrd.img" ]; then
    exit 0
fi
rm -f "$CACHE/ready"

# --- kernel: the linux-image-6.1.0-*-amd64 that linux-image-amd64 depends on ---
if [ ! -f "$CACHE/kernel/.done" ]; then
    resolve() {
        apt-cache depends linux-image-amd64 2>/dev/null |
            sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1
    }
    pkg=$(resolve)
    if [ -z "$pkg" ]; then
        [ "$(id -u)" = 0 ] || die "apt-cache does not know linux-image-amd64 (run apt-get update as root)"
        apt-get update -qq
        pkg=$(resolve)
    fi
    [ -n "$pkg" ] || die "cannot resolve the kernel package linux-image-amd64 depends on"
    case $pkg in linux-image-6.1.0-*-amd64) ;; *) log "warning: kernel package is $pkg (expected linux-image-6.1.0-*-amd64)";; esac
    log "downloading $pkg"
    rm -rf "$CACHE/dl" "$CACHE/kernel"
    mkdir -p "$CACHE/dl"
    # apt-get download warns that it runs unsandboxed as root; harmless.
    (cd "$CACHE/dl" && apt-get download -q "$pkg" 2>&1 | grep -v -e '^W: Download is performed unsandboxed' >&2 || true)
    deb=$(ls "$CACHE"/dl/"$pkg"_*.deb 2>/dev/null | head -n1)
    [ -n "$deb" ] || die "apt-get download $pkg produced no .deb"
    dpkg-deb -x "$deb" "$CACHE/kernel.tmp"
    mv "$CACHE/kernel.tmp" "$CACHE/kernel"
    echo "$pkg $(basename "$deb")" > "$CACHE/kernel/.done"
    rm -rf "$CACHE/dl"
fi
vmlinuz=$(ls "$CACHE"/kernel/boot/vmlinuz-* | head -n1)
moddir=$(ls -d "$CACHE"/kernel/lib/modules/*/ | head -n1)
[ -f "$vmlinuz" ] && [ -d "$moddir" ] || die "unpacked kernel incomplete under $CACHE/kernel"
# Boot the uncompressed ELF (qemu starts it through its PVH entry point):
# decompressing the xz bzImage inside the guest costs ~7 s under software
# emulation. Fall back to the bzImage when extraction fails.
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n1 | cut -d: -f1)
if [ -n "$off" ] && tail -c +"$((off + 1))" "$vmlinuz" | xz -dc --single-stream > "$CACHE/kernel.img.tmp" 2>/dev/null &&
   [ "$(head -c 4 "$CACHE/kernel.img.tmp" | tail -c 3)" = ELF ]; then
    :
else
    log "warning: cannot extract vmlinux from $(basename "$vmlinuz"); booting the bzImage (slower)"
    cp "$vmlinuz" "$CACHE/kernel.img.tmp"
fi
mv "$CACHE/kernel.img.tmp" "$CACHE/kernel.img"

# Every other module loads on demand in the guest (veth, bridge, nf_tables,
# xt_* for CNI and iptables): the guest's /lib/modules/VERSION is this tree,
# seen through the share, and the kernel's request_module runs modprobe.
[ -f "$moddir/modules.dep" ] || depmod -b "$CACHE/kernel" "$(basename "$moddir")" || die "depmod failed"

# --- initramfs ---
stage=$CACHE/initramfs.tmp
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib/modules" "$stage/proc" "$stage/sys" "$stage/dev" \
         "$stage/host" "$stage/ovl" "$stage/newroot"
cp "$BUSYBOX" "$stage/bin/busybox"
cp "$VM_DIR/guest/init" "$stage/init"
cp "$VM_DIR/guest/stage2" "$stage/stage2"
echo "${moddir%/}" > "$stage/modules-dir"
chmod 755 "$stage/init" "$stage/bin/busybox"
: > "$stage/modules"
for m in $MODULES; do
    # Module files may spell '_' as '-'; match both.
    f=$(find "$moddir/kernel" \( -name "$m.ko" -o -name "$(echo "$m" | tr _ -).ko" \
                                 -o -name "$m.ko.xz" -o -name "$m.ko.zst" \) | head -n1)
    if [ -z "$f" ]; then
        if grep -q -E "/($m|$(echo "$m" | tr _ -))\.ko" "$moddir/modules.builtin" 2>/dev/null; then
            log "$m: built into the kernel"
        else
            log "warning: module $m not found (nor built in)"
        fi
        continue
    fi
    case $f in
        *.xz) xz -dc "$f" > "$stage/lib/modules/$m.ko" ;;
        *.zst) zstd -dcq "$f" > "$stage/lib/modules/$m.ko" ;;
        *) cp "$f" "$stage/lib/modules/$m.ko" ;;
    esac
    echo "$m" >> "$stage/modules"
done
# Uncompressed newc: the kernel unpacks it without a decompressor, which is
# cheaper than gunzip under software emulation (the image is ~3 MB).
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$CACHE/initrd.img.tmp"
mv "$CACHE/initrd.img.tmp" "$CACHE/initrd.img"

mods=$(tr '\n' ' ' < "$stage/modules")
rm -rf "$stage"
echo "$key" > "$CACHE/ready"
log "ready: $(cut -d' ' -f2 "$CACHE/kernel/.done"); modules: $mods"
