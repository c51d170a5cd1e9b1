#!/usr/bin/env bash
# Persistence side by side: eddy-server vs redis-server 7.0, same machine, one run.
#
#  1. SAVE time and dump.rdb size for KEYS keys of mixed types (40% strings, 20% hashes of
#     5 fields, 20% lists of 5, 10% sets of 5, 10% sorted sets of 5), loaded through
#     `redis-cli --pipe` into each server.
#  2. Start-up load time of that dump.rdb (from start to the first PING answer).
#  3. Throughput (redis-benchmark SET, INCR, LPUSH; -c 50 -P 1 and -P 16) with
#     appendonly yes and appendfsync everysec, then always, each server in its own dir.
# Each server is pinned to CPU 0, the clients to CPU 1. Ratios are Eddy/Redis for
# throughput (higher is better) and Redis/Eddy for times and sizes (higher: Eddy better).
#
# Usage: bench/persistence.sh [--quick]   (prints markdown)
set -euo pipefail
cd "$(dirname "$0")/.."
KEYS=${KEYS:-1000000}
REQS=${REQS:-200000}
ROUNDS=${ROUNDS:-3}
[ "${1:-}" = "--quick" ] && { KEYS=100000; REQS=50000; ROUNDS=1; }

scripts/setup.sh >/dev/null
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDDY_TESTS=OFF >/dev/null
cmake --build build-release --target eddy-server >/dev/null
EDDY=$(pwd)/build-release/eddy-server
PORT=${PORT:-7611}
TMP=$(mktemp -d)
trap 'redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT

start() {  # start <eddy|redis> <dir> [args...]
  local which=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  local bin=$EDDY
  [ "$which" = redis ] && bin=redis-server
  taskset -c 0 "$bin" --port $PORT --dir "$dir" "$@" >"$dir/server.log" 2>&1 &
  for _ in $(seq 600); do [ "$(redis-cli -p $PORT ping 2>/dev/null)" = PONG ] && return 0; sleep 0.05; done
  echo "server $which did not start" >&2
  tail "$dir/server.log" >&2
  exit 1
}
stop() {
  redis-cli -p $PORT shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 200); do redis-cli -p $PORT ping >/dev/null 2>&1 || return 0; sleep 0.05; done
}
now() { date +%s.%N; }

# The dataset, as RESP for redis-cli --pipe.
python3 - "$KEYS" >"$TMP/data.resp" <<'EOF'
import sys
n = int(sys.argv[1])
out = sys.stdout
def cmd(*a):
    out.write("*%d\r\n" % len(a))
    for x in a:
        x = str(x)
        out.write("$%d\r\n%s\r\n" % (len(x.encode()), x))
for i in range(n):
    k = i % 10
    if k < 4:
        cmd("SET", "s:%d" % i, "value-%d-%s" % (i, "x" * (i % 40)))
    elif k < 6:
        cmd("HSET", "h:%d" % i, "a", i, "b", "bee", "c", i * 3, "d", "dee-%d" % i, "e", "e")
    elif k < 8:
        cmd("RPUSH", "l:%d" % i, "one", "two", i, "four", "five-%d" % i)
    elif k < 9:
        cmd("SADD", "t:%d" % i, 1, 2, 3, i, i + 1)
    else:
        cmd("ZADD", "z:%d" % i, 1, "a", 2, "b", 3.5, "c", i, "d", 5, "e-%d" % i)
EOF

declare -A SAVE_S SIZE LOAD_S
for which in eddy redis; do
  d="$TMP/$which-rdb"
  start $which "$d" --save '' --appendonly no
  redis-cli -p $PORT --pipe <"$TMP/data.resp" >/dev/null
  t0=$(now)
  redis-cli -p $PORT save >/dev/null
  t1=$(now)
  SAVE_S[$which]=$(echo "$t1 - $t0" | bc -l)
  SIZE[$which]=$(stat -c %s "$d/dump.rdb")
  stop
  t0=$(now)
  start $which "$d" --save '' --appendonly no
  t1=$(now)
  LOAD_S[$which]=$(echo "$t1 - $t0" | bc -l)
  [ "$(redis-cli -p $PORT dbsize)" = "$KEYS" ] || { echo "$which loaded $(redis-cli -p $PORT dbsize) keys" >&2; exit 1; }
  stop
done

ratio() { echo "scale=2; $1 / $2" | bc -l; }
echo "### RDB: $KEYS keys of mixed types"
echo
echo "| | Eddy | Redis 7.0 | Redis/Eddy |"
echo "|---|---:|---:|---:|"
printf "| SAVE time (s) | %.2f | %.2f | %s |\n" "${SAVE_S[eddy]}" "${SAVE_S[redis]}" "$(ratio "${SAVE_S[redis]}" "${SAVE_S[eddy]}")"
printf "| dump.rdb size (bytes) | %d | %d | %s |\n" "${SIZE[eddy]}" "${SIZE[redis]}" "$(ratio "${SIZE[redis]}" "${SIZE[eddy]}")"
printf "| start-up load (s) | %.2f | %.2f | %s |\n" "${LOAD_S[eddy]}" "${LOAD_S[redis]}" "$(ratio "${LOAD_S[redis]}" "${LOAD_S[eddy]}")"
echo

# Throughput with the AOF on.
rps() {  # rps <test> <pipeline>
  taskset -c 1 redis-benchmark -p $PORT -q -t "$1" -n "$REQS" -c 50 -P "$2" -r 100000 2>/dev/null |
    tr '\r' '\n' | grep -i "requests per second" | tail -1 | sed -E 's/.*: ([0-9.]+) requests.*/\1/'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "### Throughput with appendonly yes (requests/s, median of $ROUNDS, -c 50)"
echo
echo "| fsync | test | -P | Eddy | Redis 7.0 | Eddy/Redis |"
echo "|---|---|---:|---:|---:|---:|"
for policy in everysec always; do
  for t in set incr lpush; do
    for p in 1 16; do
      declare -a E=() R=()
      for r in $(seq "$ROUNDS"); do
        for which in eddy redis; do
          d="$TMP/$which-aof-$policy-$r"
          start $which "$d" --save '' --appendonly yes --appendfsync $policy
          v=$(rps $t $p)
          if [ $which = eddy ]; then E+=("$v"); else R+=("$v"); fi
          stop
          rm -rf "$d"
        done
      done
      e=$(median "${E[@]}")
      rr=$(median "${R[@]}")
      printf "| %s | %s | %s | %.0f | %.0f | %s |\n" $policy $t $p "$e" "$rr" "$(ratio "$e" "$rr")"
    done
  done
done
