#!/usr/bin/env bash
# Builds Eddy (Release) and starts it with conf/eddy.conf (port 6379).
# Extra arguments are passed to eddy-server (e.g. --port 7000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDDY_TESTS=OFF >/dev/null
cmake --build build-release --target eddy-server
exec ./build-release/eddy-server conf/eddy.conf "$@"
