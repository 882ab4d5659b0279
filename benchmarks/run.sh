#!/usr/bin/env bash
# Two-thread ring throughput: VMBus ring vs Agrona OneToOneRingBuffer vs plain copy, in one JMH run.
#
#   benchmarks/run.sh                  build the jar, run the default short configuration
#   benchmarks/run.sh -f 3 -i 10       same, with your JMH options instead of the defaults
#   SKIP_BUILD=1 benchmarks/run.sh     reuse benchmarks/target/benchmarks.jar
#
# Two busy-polling threads on a 2-core machine lose most of their throughput to any third runnable task. So each
# payload size first waits up to WAIT_IDLE seconds (default 120) for an idle machine, measures the CPU pressure
# (Linux PSI) while it runs, and is rerun up to ATTEMPTS times (default 3) while that exceeds MAX_PRESSURE
# (default 0.05); the least disturbed attempt is kept and its pressure printed. ATTEMPTS=1 WAIT_IDLE=0 disables this.
#
# Runs one payload size at a time (all three contenders back to back), so load from other processes on the shared
# cores drifts less between compared numbers. Do not pass -rf/-rff.
# Writes benchmarks/results/throughput-<UTC time>.json (JMH JSON) and .md (rates and ratios, the README table).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
    (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi

# Short but meaningful: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, per contender and payload size (~2 min).
if [[ $# -eq 0 ]]; then
    set -- -f 1 -wi 3 -i 5 -w 1s -r 1s
fi

mkdir -p "$here/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$here/results/throughput-$stamp.json"
table="$here/results/throughput-$stamp.md"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    -Dhvref.jsonFile="$json" -Dhvref.tableFile="$table.tmp" \
    -Dhvref.attempts="${ATTEMPTS:-3}" -Dhvref.waitIdleSeconds="${WAIT_IDLE:-120}" \
    -Dhvref.maxPressure="${MAX_PRESSURE:-0.05}" \
    -cp "$jar" org.hvref.benchmarks.ThroughputMain \
    "$@" 'org\.hvref\.benchmarks\..*Benchmark\.throughput'
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# The table, headed by what it was measured on: other processes on these cores are the main source of noise.
{
    echo "Two-thread ring throughput, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo
    echo "- JMH options: $*"
    echo "- $(java -version 2>&1 | head -1); $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "- load average (1/5/15 min) before: $load_before, after: $load_after"
    echo "- errors are JMH's 99.9% confidence half-widths; messages/s = the slower of producer and consumer"
    echo "- CPU pressure: share of the run's wall time in which some task waited for a CPU (PSI); high = disturbed"
    echo
    cat "$table.tmp"
} > "$table"
rm -f "$table.tmp"

echo
echo "JSON:  $json"
echo "Table: $table"
