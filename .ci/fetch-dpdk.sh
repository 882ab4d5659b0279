#!/usr/bin/env bash
# Fetches the independent VMBus ring oracle used by DpdkRingInteropTest (model-tests).
#
# Debian's libdpdk-dev (22.11) ships librte_bus_vmbus.a, whose ring object is linked into our own
# C peer (model-tests/src/test/c/dpdk_ring_peer.c). This script downloads that package with
# `apt-get download` and unpacks it with `dpkg -x` into a git-ignored cache directory:
#
#   ${HVREF_DPDK_DIR:-<repo>/.ci/cache/dpdk}/usr/lib/x86_64-linux-gnu/librte_bus_vmbus.a
#   ${HVREF_DPDK_DIR:-<repo>/.ci/cache/dpdk}/usr/include/dpdk/rte_bus_vmbus.h ...
#
# It also installs gcc and binutils (ar) when they are missing, since the test builds the peer.
# Idempotent: it does nothing when the cache and the tools are already there. Run it as root on a
# fresh Debian 12 machine (apt-get update is run when the package lists are empty or stale).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${HVREF_DPDK_DIR:-$repo/.ci/cache/dpdk}"
archive_rel="usr/lib/x86_64-linux-gnu/librte_bus_vmbus.a"
header_rel="usr/include/dpdk/rte_bus_vmbus.h"

log() { echo "fetch-dpdk: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_update_once() {
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        as_root apt-get update -qq
        apt_updated=1
    fi
}

# 1. The compiler and archiver the test needs to build the peer.
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v ar >/dev/null 2>&1 || missing+=(binutils)
# gcc alone (as installed with --no-install-recommends) cannot link a program without the C library headers
[ -f /usr/include/stdio.h ] || missing+=(libc6-dev)
if [ "${#missing[@]}" -gt 0 ]; then
    apt_update_once
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. The package, unpacked once.
if [ -f "$dest/$archive_rel" ] && [ -f "$dest/$header_rel" ]; then
    log "already present: $dest"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # apt's _apt user must be able to write here when we run as root

download() {
    (cd "$work" && apt-get download libdpdk-dev) >"$work/download.log" 2>&1
}
if ! download; then
    apt_update_once
    if ! download; then
        cat "$work/download.log" >&2
        log "apt-get download libdpdk-dev failed"
        exit 1
    fi
fi

deb="$(ls "$work"/libdpdk-dev_*.deb)"
log "unpacking $(basename "$deb") into $dest"
mkdir -p "$work/x"
dpkg -x "$deb" "$work/x"
for f in "$archive_rel" "$header_rel"; do
    if [ ! -f "$work/x/$f" ]; then
        log "unexpected package layout: $f missing in $(basename "$deb")"
        exit 1
    fi
done
basename "$deb" >"$work/x/PACKAGE"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$work/x" "$dest"
log "done: $dest ($(cat "$dest/PACKAGE"))"
