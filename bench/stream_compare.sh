#!/usr/bin/env bash
# Streams side by side (issue 5): Eddy (build-release) and redis-server 7.0, each pinned to
# CPU 0, load generators on CPU 1, rounds alternating Eddy / Redis.
#   1. XADD * at -P 1 and -P 32 (redis-benchmark, rps and server CPU µs per request)
#   2. producer -> consumer group (bench/stream_group_bench, 1/4/16 consumers, PEL empty)
#   3. RSS growth for 1,000,000 entries of 3 fields, then for 200,000 pending entries,
#      measured after MEMORY PURGE on both (allocator dirty pages returned to the OS)
# Usage: bench/stream_compare.sh [--rounds N] [--eddy-port P] [--redis-port P]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=3
EPORT=7783
RPORT=7784
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --eddy-port) EPORT=$2; shift 2 ;;
    --redis-port) RPORT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
EDDY=build-release/eddy-server
TOOL=build-release/bench/stream_group_bench
[[ -x $EDDY && -x $TOOL ]] || { echo "build build-release (eddy-server, stream_group_bench) first" >&2; exit 2; }
TMP=$(mktemp -d)
taskset -c 0 "$EDDY" --port "$EPORT" --save '' --appendonly no >"$TMP/eddy.log" 2>&1 &
EPID=$!
taskset -c 0 redis-server --port "$RPORT" --save '' --appendonly no >"$TMP/redis.log" 2>&1 &
RPID=$!
trap 'kill $EPID $RPID 2>/dev/null; rm -rf "$TMP"' EXIT
sleep 1
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
tick=$(getconf CLK_TCK)

echo "## XADD"
echo "| -P | server | rps | CPU µs/req |"
echo "|---|---|---|---|"
for P in 1 32; do
  for ((r = 0; r < ROUNDS; r++)); do
    for side in eddy redis; do
      if [[ $side == eddy ]]; then port=$EPORT pid=$EPID; else port=$RPORT pid=$RPID; fi
      redis-cli -p "$port" flushall >/dev/null
      c0=$(cpu "$pid")
      rps=$(taskset -c 1 redis-benchmark -p "$port" -n 200000 -c 50 -P "$P" -q XADD s '*' f __rand_int__ \
              2>/dev/null | tr '\r' '\n' | awk '/requests per second/ {v=$(NF-5)} END {print v}')
      c1=$(cpu "$pid")
      echo "| $P | $side | $rps | $(awk -v t=$((c1 - c0)) -v k="$tick" 'BEGIN {printf "%.2f", t / k * 1e6 / 200000}') |"
    done
  done
done

echo "## Producer -> consumer group"
for C in 1 4 16; do
  for ((r = 0; r < ROUNDS; r++)); do
    echo "eddy  $(taskset -c 1 "$TOOL" --port "$EPORT" --entries 200000 --consumers "$C")"
    echo "redis $(taskset -c 1 "$TOOL" --port "$RPORT" --entries 200000 --consumers "$C")"
  done
done

echo "## Memory"
python3 - "$TMP/xadd.resp" <<'PY'
import random, sys
r = random.Random(1)
with open(sys.argv[1], 'w') as f:
    for i in range(1000000):
        a = ['XADD', 's', '*', 'sensor', 'sensor-%04d' % r.randint(0, 9999),
             'temp', '%d' % r.randint(-400, 600), 'status', r.choice(['ok', 'warn', 'fail'])]
        f.write('*%d\r\n' % len(a) + ''.join('$%d\r\n%s\r\n' % (len(x), x) for x in a))
PY
for side in eddy redis; do
  if [[ $side == eddy ]]; then port=$EPORT pid=$EPID; else port=$RPORT pid=$RPID; fi
  redis-cli -p "$port" flushall >/dev/null
  redis-cli -p "$port" memory purge >/dev/null; sleep 0.5
  b=$(rss "$pid")
  redis-cli -p "$port" --pipe <"$TMP/xadd.resp" >/dev/null
  raw=$(rss "$pid"); redis-cli -p "$port" memory purge >/dev/null; sleep 0.5; a=$(rss "$pid")
  echo "$side entries: $(( (raw - b) * 1024 / 1000000 )) B/entry raw, $(( (a - b) * 1024 / 1000000 )) B/entry purged"
  redis-cli -p "$port" xgroup create s g 0 >/dev/null
  b=$a
  for i in 1 2 3 4; do redis-cli -p "$port" xreadgroup group g "c$i" count 50000 streams s '>' >/dev/null; done
  raw=$(rss "$pid"); redis-cli -p "$port" memory purge >/dev/null; sleep 0.5; a=$(rss "$pid")
  echo "$side PEL: $(( (raw - b) * 1024 / 200000 )) B/pending raw, $(( (a - b) * 1024 / 200000 )) B/pending purged"
done
