#!/usr/bin/env bash
# Instructions per request: eddy-server vs redis-server 7.0 under callgrind, side by side.
#
# callgrind counts user-space instructions, which stay the same whatever else the machine
# is doing, so this table is the one to trust on a busy 2-core box where throughput
# figures swing (bench/compare.sh gives wall-clock throughput and CPU time). For each test,
# each server runs under `valgrind --tool=callgrind`, takes N requests from
# redis-benchmark, and is shut down; the instructions of a run that only starts, answers
# one PING and stops are subtracted. Kernel work (system calls) is not counted.
#
# Usage: bench/instructions.sh   (TESTS, REQS, PIPE select what runs; prints markdown)
set -euo pipefail
cd "$(dirname "$0")/.."
REQS=${REQS:-20000}
PIPE=${PIPE:-1}
TESTS=${TESTS:-"SET GET INCR LPUSH RPOP SADD HSET ZADD MSET"}
scripts/setup.sh >/dev/null
command -v valgrind >/dev/null || { echo "valgrind is needed"; exit 1; }
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDDY_TESTS=OFF >/dev/null
cmake --build build-release --target eddy-server >/dev/null
PORT=${PORT:-7641}
TMP=$(mktemp -d)
trap 'redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT

# Instructions of one server run: start under callgrind, run "$@" against it, stop.
count() {
  local bin=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg" "$bin" --port $PORT --save '' \
    --appendonly no --dir "$TMP" >"$TMP/log" 2>&1 &
  local pid=$!
  for _ in $(seq 200); do redis-cli -p $PORT ping >/dev/null 2>&1 && break; sleep 0.1; done
  "$@" >/dev/null 2>&1 || true
  redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true
  wait $pid 2>/dev/null || true
  awk '/^summary:/ {print $2}' "$TMP/cg"
}

declare -A base
for who in eddy redis; do
  bin=./build-release/eddy-server; [ $who = redis ] && bin=$(command -v redis-server)
  base[$who]=$(count "$bin" redis-cli -p $PORT ping)
done

echo "| test | -P | eddy instructions/req | redis instructions/req | ratio (redis/eddy) |"
echo "|---|---|---|---|---|"
for t in $TESTS; do
  declare -A per
  for who in eddy redis; do
    bin=./build-release/eddy-server; [ $who = redis ] && bin=$(command -v redis-server)
    total=$(count "$bin" redis-benchmark -p $PORT -t "$t" -n "$REQS" -P "$PIPE" -c 10 -r 100000 -q)
    per[$who]=$(( (total - base[$who]) / REQS ))
  done
  awk -v t="$t" -v p="$PIPE" -v e="${per[eddy]}" -v r="${per[redis]}" \
    'BEGIN { printf "| %s | %s | %d | %d | %.2f |\n", t, p, e, r, r / e }'
done
