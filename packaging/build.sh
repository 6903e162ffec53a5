#!/usr/bin/env bash
# Usage: packaging/build.sh BUILD_DIR [extra cmake arguments...]
# Installs missing Debian packages, configures and builds hall in BUILD_DIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build_dir="$1"; shift
"$here/install-deps.sh"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
