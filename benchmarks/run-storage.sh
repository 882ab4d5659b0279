#!/usr/bin/env bash
# 4 KiB reads from one VHDX image: hvref (JMH) side by side with `qemu-img bench`, in one run.
#
#   benchmarks/run-storage.sh                  build the jar, run the default short configuration
#   benchmarks/run-storage.sh -f 1 -i 10       same, with your JMH options instead of the defaults
#   SKIP_BUILD=1 benchmarks/run-storage.sh     reuse benchmarks/target/benchmarks.jar
#
# The image is benchmarks/target/storage/bench.vhdx (IMAGE=... to change): a dynamic VHDX that hvref creates with
# qemu-img's defaults and writes in full (SIZE_MIB, default 256), so every read hits an allocated block; qemu-img
# check and qemu-img map confirm that before anything is measured. The page cache holds it for both sides.
#
# Per queue depth (DEPTHS, default "1,32"): the hvref JMH benchmarks of that depth, then qemu-img bench -d DEPTH
# (QEMU_ITERATIONS measured runs after one warm-up run, each about 1 s), back to back. Each depth first waits up to
# WAIT_IDLE seconds (default 120) for an idle machine, its CPU pressure (Linux PSI) is measured, and it is rerun up
# to ATTEMPTS times (default 3) while that exceeds MAX_PRESSURE (default 0.05), keeping the least disturbed round.
# Do not pass -rf/-rff or benchmark names.
# Writes benchmarks/results/storage-<UTC time>.json (JMH JSON + every qemu-img run) and .md (the README table).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
image="${IMAGE:-$here/target/storage/bench.vhdx}"

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
    build_log="$(mktemp)"
    if ! (cd "$root" && mvn -B -pl benchmarks -am package -DskipTests >"$build_log" 2>&1); then
        tail -40 "$build_log"
        exit 1
    fi
    rm -f "$build_log"
fi

# Short but meaningful: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement per benchmark; qemu-img: 1 + 5 runs of ~1 s.
if [[ $# -eq 0 ]]; then
    set -- -f 1 -wi 3 -i 5 -w 1s -r 1s
fi

mkdir -p "$here/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$here/results/storage-$stamp.json"
table="$here/results/storage-$stamp.md"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    -Dhvref.storageImage="$image" -Dhvref.storageSize="$(( ${SIZE_MIB:-256} * 1048576 ))" \
    -Dhvref.jsonFile="$json" -Dhvref.tableFile="$table.tmp" -Dhvref.depths="${DEPTHS:-1,32}" \
    -Dhvref.qemuIterations="${QEMU_ITERATIONS:-5}" \
    -Dhvref.attempts="${ATTEMPTS:-3}" -Dhvref.waitIdleSeconds="${WAIT_IDLE:-120}" \
    -Dhvref.maxLoad="${MAX_LOAD:-0.05}" -Dhvref.qemuAio="${QEMU_AIO:-io_uring,threads}" \
    -cp "$jar" org.hvref.benchmarks.storage.StorageMain "$@"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

{
    echo "4 KiB reads from one fully written VHDX image, hvref vs qemu-img bench, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo
    echo "- JMH options: $*; qemu-img bench: 1 warm-up + ${QEMU_ITERATIONS:-5} runs of ~1 s per depth"
    echo "- $(java -version 2>&1 | head -1); $(qemu-img --version | head -1); $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "- image: $(basename "$image"), $(( $(stat -c %s "$image") >> 20 )) MiB file, page cache (qemu-img's default -t writeback; hvref FileChannel)"
    echo "- load average (1/5/15 min) before: $load_before, after: $load_after"
    echo "- errors are 99.9% confidence half-widths (JMH's statistics for both sides)"
    echo "- CPU used by others: share of all CPUs used by other processes than this run (its JVMs and qemu-img) during the depth's round; high = disturbed"
    echo
    cat "$table.tmp"
} > "$table"
rm -f "$table.tmp"

echo
echo "JSON:  $json"
echo "Table: $table"
