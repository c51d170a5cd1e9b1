#!/usr/bin/env bash
# Pub/Sub fan-out side by side: eddy-server vs redis-server 7.0, one run (DESIGN.md §8).
# 1 publisher, 1/10/100/1000 subscribers, 64-byte messages; each server pinned to CPU 0,
# the load tool (bench/fanout_bench.cc) to CPU 1; rounds alternate Eddy / Redis and the
# median of ROUNDS (default 5) is reported. Usage: bench/fanout.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
SUBS=${SUBS:-"1 10 100 1000"}
MESSAGES=${MESSAGES:-100000}
[ "${1:-}" = "--quick" ] && { ROUNDS=1; MESSAGES=20000; }
scripts/setup.sh >/dev/null
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDDY_TESTS=OFF >/dev/null
cmake --build build-release --target eddy-server fanout_bench >/dev/null
ulimit -n 8192
EPORT=${EPORT:-7621}; RPORT=${RPORT:-7622}
TMP=$(mktemp -d)
cleanup() {
  redis-cli -p $EPORT shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p $RPORT shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
taskset -c 0 ./build-release/eddy-server --port $EPORT --save '' --appendonly no --dir "$TMP" >"$TMP/e.log" 2>&1 &
taskset -c 0 redis-server --port $RPORT --save '' --appendonly no --dir "$TMP" >"$TMP/r.log" 2>&1 &
for p in $EPORT $RPORT; do
  for _ in $(seq 50); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done
done
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1==k {print $2}'; }
echo "| subscribers | eddy delivered msg/s | redis delivered msg/s | ratio | eddy p50 µs | redis p50 µs | eddy p99 µs | redis p99 µs |"
echo "|---|---|---|---|---|---|---|---|"
for s in $SUBS; do
  : >"$TMP/e"; : >"$TMP/r"
  for _ in $(seq "$ROUNDS"); do
    taskset -c 1 ./build-release/bench/fanout_bench --port $EPORT --subscribers "$s" --messages "$MESSAGES" --seconds 10 >>"$TMP/e"
    taskset -c 1 ./build-release/bench/fanout_bench --port $RPORT --subscribers "$s" --messages "$MESSAGES" --seconds 10 >>"$TMP/r"
  done
  ed=$(field delivered_per_s <"$TMP/e" | median); rd=$(field delivered_per_s <"$TMP/r" | median)
  e5=$(field p50_us <"$TMP/e" | median); r5=$(field p50_us <"$TMP/r" | median)
  e9=$(field p99_us <"$TMP/e" | median); r9=$(field p99_us <"$TMP/r" | median)
  awk -v s="$s" -v ed="$ed" -v rd="$rd" -v e5="$e5" -v r5="$r5" -v e9="$e9" -v r9="$r9" 'BEGIN {
    printf "| %s | %.0f | %.0f | %.2f | %s | %s | %s | %s |\n", s, ed, rd, ed/rd, e5, r5, e9, r9 }'
done
