#!/usr/bin/env bash
# Side-by-side benchmark: eddy-server vs redis-server 7.0 on the same machine, in one run.
#
# Method (DESIGN.md §8): both servers start with the same settings (--save '' --appendonly
# no), each pinned to CPU 0 while redis-benchmark runs on CPU 1; rounds alternate A B A B
# and the median of ROUNDS runs is reported. At -P 1 the load generator saturates first, so
# the table also reports server CPU time per request (utime+stime from /proc/PID/stat).
# Memory: RSS growth after loading the same dataset through `redis-cli --pipe`.
#
# Usage: bench/compare.sh [--quick] [--out FILE]   (prints a markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
REQS=${REQS:-200000}
OUT=""
TESTS=${TESTS:-"PING_MBULK SET GET INCR MSET"}
PIPES=${PIPES:-"1 32"}
MEM_KEYS=${MEM_KEYS:-1000000}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=1; REQS=50000; MEM_KEYS=200000 ;;
    --out) OUT="$2"; shift ;;
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

# One redis-benchmark run: prints "rps cpu_us_per_req".
run_one() {
  local port=$1 pid=$2 test=$3 pipe=$4
  local t0 t1 rps
  t0=$(cpu_ticks "$pid")
  rps=$(taskset -c 1 redis-benchmark -p "$port" -t "$test" -n "$REQS" -P "$pipe" -c 50 -r 100000 --csv -q 2>/dev/null |
        awk -F, 'NR>1 || $1!="\"test\"" {gsub(/"/,"",$2); if ($2+0>0) print $2}' | tail -1)
  t1=$(cpu_ticks "$pid")
  local hz; hz=$(getconf CLK_TCK)
  awk -v r="$rps" -v d=$((t1 - t0)) -v n="$REQS" -v hz="$hz" 'BEGIN {printf "%s %.3f\n", r, d*1e6/hz/n}'
}

start_servers
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

# Memory: RSS growth after loading MEM_KEYS keys with 16-byte values.
rss_kb() { awk '/VmRSS/ {print $2}' /proc/$1/status; }
gen_strings() {
  awk -v n="$MEM_KEYS" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:%012d", i); v = sprintf("val:%012d", i);
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }'
}
gen_strings >"$TMP/strings.resp"
start_servers
e0=$(rss_kb "$EPID"); r0=$(rss_kb "$RPID")
redis-cli -p $EPORT --pipe <"$TMP/strings.resp" >/dev/null
redis-cli -p $RPORT --pipe <"$TMP/strings.resp" >/dev/null
sleep 0.5
e1=$(rss_kb "$EPID"); r1=$(rss_kb "$RPID")
echo
echo "| dataset | eddy RSS growth | redis RSS growth | eddy B/key | redis B/key | ratio (eddy/redis) |"
echo "|---|---|---|---|---|---|"
awk -v n="$MEM_KEYS" -v e=$((e1 - e0)) -v r=$((r1 - r0)) 'BEGIN {
  printf "| %d strings (16-byte key, 16-byte value) | %.1f MiB | %.1f MiB | %.1f | %.1f | %.2f |\n",
    n, e/1024, r/1024, e*1024/n, r*1024/n, e/r }'
stop_servers
