#!/usr/bin/env bash
# The test command: set up everything on a fresh Debian 12 machine, build with
# warnings as errors, run every test, then run the crypto and rules tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer, then build the libFuzzer
# targets (clang-14, tests/fuzz), replay their regression inputs and fuzz each
# target a few seconds (HALL_FUZZ_SECONDS, default 5) from a real record.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="$(nproc)"
"$root/packaging/build.sh" "$root/build" -DHALL_WERROR=ON
ctest --test-dir "$root/build" --output-on-failure -j "$jobs"
"$root/packaging/build.sh" "$root/build-asan" -DHALL_WERROR=ON -DHALL_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug -DHALL_SANITIZED_SUBSET=ON
ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" -L sanitized
CC=clang-14 CXX=clang++-14 "$root/packaging/build.sh" "$root/build-fuzz" \
  -DHALL_WERROR=ON -DHALL_FUZZ=ON -DHALL_BUILD_BENCHMARKS=OFF
ctest --test-dir "$root/build-fuzz" --output-on-failure -j "$jobs" -L fuzz \
  --no-tests=ignore
"$root/tests/fuzz/run.sh" "$root/build-fuzz" "${HALL_FUZZ_SECONDS:-5}" "$root/build"
