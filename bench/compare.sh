#!/usr/bin/env bash
# Side-by-side benchmark: eddy-server vs redis-server 7.0 on the same machine, in one run.
#
# Method (DESIGN.md §8): both servers start with the same settings (--save '' --appendonly
# no), each pinned to CPU 0 while redis-benchmark runs on CPU 1; rounds alternate A B A B
# and the median of ROUNDS runs is reported. At -P 1 the load generator saturates first, so
# the table also reports server CPU time per request (utime+stime from /proc/PID/stat).
# Memory: RSS growth after loading the same dataset through `redis-cli --pipe`, each dataset
# on freshly started servers.
#
# Usage: bench/compare.sh [--quick] [--no-memory] [--no-throughput]   (prints markdown)
# Environment: TESTS, PIPES, ROUNDS, REQS, MEM_KEYS, DATASETS select what runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
REQS=${REQS:-200000}
TESTS=${TESTS:-"PING_MBULK SET GET INCR MSET LPUSH LRANGE_100 RPOP SADD SPOP HSET ZADD ZRANGEBYSCORE"}
PIPES=${PIPES:-"1 32"}
MEM_KEYS=${MEM_KEYS:-1000000}
DATASETS=${DATASETS:-"strings list hash set zset smallhashes"}
DO_THROUGHPUT=1
DO_MEMORY=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=1; REQS=50000; MEM_KEYS=200000 ;;
    --no-memory) DO_MEMORY=0 ;;
    --no-throughput) DO_THROUGHPUT=0 ;;
  esac
  shift
done

scripts/setup.sh >/dev/null
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDDY_TESTS=OFF >/dev/null
cmake --build build-release --target eddy-server >/dev/null
EDDY=./build-release/eddy-server

EPORT=${EPORT:-7601}
RPORT=${RPORT:-7602}
TMP=$(mktemp -d)
cleanup() {
  redis-cli -p $EPORT shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p $RPORT shutdown nosave >/dev/null 2>&1 || true
  sleep 0.2
  [ -n "${EPID:-}" ] && kill "$EPID" 2>/dev/null || true
  [ -n "${RPID:-}" ] && kill "$RPID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

start_servers() {
  taskset -c 0 $EDDY --port $EPORT --save '' --appendonly no --dir "$TMP" >"$TMP/eddy.log" 2>&1 &
  EPID=$!
  taskset -c 0 redis-server --port $RPORT --save '' --appendonly no --dir "$TMP" >"$TMP/redis.log" 2>&1 &
  RPID=$!
  for p in $EPORT $RPORT; do
    for _ in $(seq 50); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
}
stop_servers() {
  redis-cli -p $EPORT shutdown nosave >/dev/null 2>&1 || kill "$EPID" 2>/dev/null || true
  redis-cli -p $RPORT shutdown nosave >/dev/null 2>&1 || kill "$RPID" 2>/dev/null || true
  wait "$EPID" 2>/dev/null || true
  wait "$RPID" 2>/dev/null || true
  EPID=""; RPID=""
}
cpu_ticks() { awk '{print $14+$15}' /proc/$1/stat; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# redis-benchmark arguments of a test: a built-in (-t) or a custom command. LRANGE_100 and
# ZRANGEBYSCORE read prefilled keys, so their figures contain no prefill work.
bench_args() {
  case "$1" in
    LRANGE_100) echo "LRANGE mylist 0 99" ;;
    ZRANGEBYSCORE) echo "ZRANGEBYSCORE myzset -inf +inf LIMIT 0 10" ;;
    *) echo "-t $1" ;;
  esac
}

# One redis-benchmark run: prints "rps cpu_us_per_req".
run_one() {
  local port=$1 pid=$2 test=$3 pipe=$4
  local t0 t1 rps
  # shellcheck disable=SC2046
  t0=$(cpu_ticks "$pid")
  rps=$(taskset -c 1 redis-benchmark -p "$port" -n "$REQS" -P "$pipe" -c 50 -r 100000 --csv -q \
        $(bench_args "$test") 2>/dev/null |
        awk -F, 'NR>1 || $1!="\"test\"" {gsub(/"/,"",$2); if ($2+0>0) print $2}' | tail -1)
  t1=$(cpu_ticks "$pid")
  local hz; hz=$(getconf CLK_TCK)
  awk -v r="$rps" -v d=$((t1 - t0)) -v n="$REQS" -v hz="$hz" 'BEGIN {printf "%s %.3f\n", r, d*1e6/hz/n}'
}

# Keys the read tests need, and a big set so SPOP never runs dry.
prefill() {
  local port=$1
  {
    awk 'BEGIN { printf "*%d\r\n$5\r\nRPUSH\r\n$6\r\nmylist\r\n", 1002; for (i = 0; i < 1000; i++) { v = sprintf("%d", i); printf "$%d\r\n%s\r\n", length(v), v } }'
    awk 'BEGIN { for (i = 0; i < 1000; i++) { m = sprintf("m:%d", i); s = sprintf("%d", i); printf "*4\r\n$4\r\nZADD\r\n$6\r\nmyzset\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(s), s, length(m), m } }'
    awk -v n=$((REQS * ROUNDS * 3)) 'BEGIN { for (i = 0; i < n; i++) { m = sprintf("p:%d", i); printf "*3\r\n$4\r\nSADD\r\n$5\r\nmyset\r\n$%d\r\n%s\r\n", length(m), m } }'
  } | redis-cli -p "$port" --pipe >/dev/null
}

if [ "$DO_THROUGHPUT" = 1 ]; then
  start_servers
  prefill $EPORT
  prefill $RPORT
  echo "| test | -P | eddy rps | redis rps | rps ratio | eddy CPU µs/req | redis CPU µs/req | CPU ratio (redis/eddy) |"
  echo "|---|---|---|---|---|---|---|---|"
  for pipe in $PIPES; do
    for t in $TESTS; do
      : >"$TMP/e"; : >"$TMP/r"
      for _ in $(seq "$ROUNDS"); do
        run_one $EPORT "$EPID" "$t" "$pipe" >>"$TMP/e"
        run_one $RPORT "$RPID" "$t" "$pipe" >>"$TMP/r"
      done
      er=$(cut -d' ' -f1 "$TMP/e" | median); rr=$(cut -d' ' -f1 "$TMP/r" | median)
      ec=$(cut -d' ' -f2 "$TMP/e" | median); rc=$(cut -d' ' -f2 "$TMP/r" | median)
      awk -v t="$t" -v p="$pipe" -v er="$er" -v rr="$rr" -v ec="$ec" -v rc="$rc" 'BEGIN {
        printf "| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", t, p, er, rr, er/rr, ec, rc, (ec>0? rc/ec : 0) }'
    done
  done
  stop_servers
fi

[ "$DO_MEMORY" = 1 ] || exit 0

# Memory: RSS growth after loading a dataset, per element, on fresh servers.
rss_kb() { awk '/VmRSS/ {print $2}' /proc/$1/status; }
gen() {
  local n=$MEM_KEYS
  case "$1" in
    strings) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:%012d", i); v = sprintf("val:%012d", i);
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' ;;
    list) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*102\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n";
      for (j = i; j < i + 100; j++) { v = sprintf("val:%012d", j); printf "$%d\r\n%s\r\n", length(v), v } } }' ;;
    hash) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*202\r\n$4\r\nHSET\r\n$4\r\nhash\r\n";
      for (j = i; j < i + 100; j++) { f = sprintf("fld:%012d", j); v = sprintf("val:%012d", j); printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(f), f, length(v), v } } }' ;;
    set) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*102\r\n$4\r\nSADD\r\n$3\r\nset\r\n";
      for (j = i; j < i + 100; j++) { v = sprintf("mem:%012d", j); printf "$%d\r\n%s\r\n", length(v), v } } }' ;;
    zset) awk -v n="$n" 'BEGIN { for (i = 0; i < n; i += 100) { printf "*202\r\n$4\r\nZADD\r\n$4\r\nzset\r\n";
      for (j = i; j < i + 100; j++) { s = sprintf("%d", j); v = sprintf("mem:%012d", j); printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(s), s, length(v), v } } }' ;;
    smallhashes) awk -v n=$((n / 10)) 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("h:%010d", i); printf "*22\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", length(k), k;
      for (j = 0; j < 10; j++) { f = sprintf("field%d", j); v = sprintf("value:%08d", i); printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(f), f, length(v), v } } }' ;;
  esac
}
label() {
  case "$1" in
    strings) echo "$MEM_KEYS strings (16-byte key, 16-byte value)" ;;
    list) echo "1 list of $MEM_KEYS 16-byte elements" ;;
    hash) echo "1 hash of $MEM_KEYS fields (16-byte field and value)" ;;
    set) echo "1 set of $MEM_KEYS 16-byte members" ;;
    zset) echo "1 sorted set of $MEM_KEYS 16-byte members" ;;
    smallhashes) echo "$((MEM_KEYS / 10)) hashes of 10 fields (listpack)" ;;
  esac
}
elements() { case "$1" in smallhashes) echo $((MEM_KEYS / 10)) ;; *) echo "$MEM_KEYS" ;; esac; }

echo
used_mem() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ {gsub(/\r/,"",$2); print $2}'; }
echo "| dataset | eddy RSS growth | redis RSS growth | eddy B/element | redis B/element | RSS ratio (eddy/redis) | used_memory ratio |"
echo "|---|---|---|---|---|---|---|"
for ds in $DATASETS; do
  gen "$ds" >"$TMP/data.resp"
  start_servers
  e0=$(rss_kb "$EPID"); r0=$(rss_kb "$RPID")
  eu0=$(used_mem $EPORT); ru0=$(used_mem $RPORT)
  redis-cli -p $EPORT --pipe <"$TMP/data.resp" >/dev/null
  redis-cli -p $RPORT --pipe <"$TMP/data.resp" >/dev/null
  sleep 0.5
  e1=$(rss_kb "$EPID"); r1=$(rss_kb "$RPID")
  eu1=$(used_mem $EPORT); ru1=$(used_mem $RPORT)
  awk -v l="$(label "$ds")" -v n="$(elements "$ds")" -v e=$((e1 - e0)) -v r=$((r1 - r0)) \
      -v eu=$((eu1 - eu0)) -v ru=$((ru1 - ru0)) 'BEGIN {
    printf "| %s | %.1f MiB | %.1f MiB | %.1f | %.1f | %.2f | %.2f |\n", l, e/1024, r/1024, e*1024/n, r*1024/n, e/r, eu/ru }'
  stop_servers
done
rm -f "$TMP/data.resp"
