#!/usr/bin/env bash
# The test command: set up everything on a fresh Debian 12 machine, build with
# warnings as errors, run every test, then run the crypto and rules tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="$(nproc)"
"$root/packaging/build.sh" "$root/build" -DHALL_WERROR=ON
ctest --test-dir "$root/build" --output-on-failure -j "$jobs"
"$root/packaging/build.sh" "$root/build-asan" -DHALL_WERROR=ON -DHALL_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug -DHALL_SANITIZED_SUBSET=ON
ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" -L sanitized
