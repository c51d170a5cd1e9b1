#!/usr/bin/env bash
# Builds Eddy with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test:
# unit + in-process command tests, integration tests (real binary, hiredis), the
# differential compat scripts against redis-server 7.0, then a short libFuzzer run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEDDY_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$JOBS"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure --timeout 900)

# Fuzz: the RESP parser (and any other target under tests/fuzz), built with clang.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEDDY_FUZZ=ON -DEDDY_TESTS=OFF \
      -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build-fuzz -j "$JOBS" --target fuzz_targets
for f in build-fuzz/tests/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  corpus="tests/fuzz/corpus/${name#fuzz_}"
  mkdir -p /tmp/eddy-fuzz-"$name"
  echo "fuzz: $name for ${FUZZ_SECONDS}s"
  "$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 /tmp/eddy-fuzz-"$name" \
       $( [ -d "$corpus" ] && echo "$corpus" ) 2>&1 | tail -n 3
done
echo "all tests passed"
