#!/usr/bin/env bash
# Installs the Debian packages Eddy needs (DESIGN.md §7) when any is missing.
set -euo pipefail
PKGS=(cmake ninja-build g++ clang pkg-config libclang-rt-14-dev
      libasio-dev libfmt-dev libspdlog-dev libgtest-dev libgmock-dev libhiredis-dev
      libjemalloc-dev liblzf-dev redis-server redis-tools)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
