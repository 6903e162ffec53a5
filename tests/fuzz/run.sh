#!/usr/bin/env bash
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [GCC_BUILD_DIR]
# Runs every libFuzzer target of BUILD_DIR (configured with CC=clang-14
# CXX=clang++-14 -DHALL_FUZZ=ON; ninja -C BUILD_DIR hall_fuzzers):
#  1. replays tests/fuzz/regressions/<target>/* (each must not crash);
#  2. fuzzes SECONDS_PER_TARGET seconds over the committed seeds
#     (tests/fuzz/corpus/<target>/), the seeds make_seeds.sh writes (from a
#     real election record when GCC_BUILD_DIR has hall-loadgen) and the
#     corpus kept from earlier runs (BUILD_DIR/fuzz/corpus/<target>/);
#  3. prints executions and coverage (cov: / ft:) per target.
# A crash, sanitizer error, leak, timeout (-timeout=10 s) or out-of-memory
# (-rss_limit_mb=2048) is saved as BUILD_DIR/fuzz/crashes/<target>-*; the
# script goes on with the other targets, then exits 1. Put each crasher,
# once fixed, in tests/fuzz/regressions/<target>/.
set -uo pipefail
build="${1:?usage: $0 BUILD_DIR SECONDS_PER_TARGET [GCC_BUILD_DIR]}"
seconds="${2:?usage: $0 BUILD_DIR SECONDS_PER_TARGET [GCC_BUILD_DIR]}"
gcc_build="${3:-}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "$build" && pwd)"
work="$build/fuzz"
mkdir -p "$work/corpus" "$work/crashes" "$work/logs"
"$here/make_seeds.sh" "$work/seeds" "$gcc_build" || exit 1

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
printf '%-14s %12s %8s %8s %8s %s\n' target executions exec/s cov ft result
for bin in "$build"/tests/fuzz/*_fuzz; do
  [[ -x "$bin" ]] || continue
  name="$(basename "$bin" _fuzz)"
  log="$work/logs/$name.log"
  result=ok
  regressions=("$here/regressions/$name"/*)
  if [[ -e "${regressions[0]}" ]]; then
    if ! "$bin" -runs=1 "${regressions[@]}" >"$work/logs/$name.replay.log" 2>&1; then
      result="REGRESSION (see $work/logs/$name.replay.log)"
    fi
  fi
  dirs=("$work/corpus/$name")
  mkdir -p "${dirs[0]}"
  for d in "$here/corpus/$name" "$work/seeds/$name" "$here/regressions/$name"; do
    [[ -d "$d" ]] && dirs+=("$d")
  done
  if ! "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$work/crashes/$name-" \
      "${dirs[@]}" >"$log" 2>&1; then
    result="CRASH (see $log; input in $work/crashes/)"
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  last="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)"
  cov="$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")"
  printf '%-14s %12s %8s %8s %8s %s\n' "$name" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "$result"
  [[ "$result" == ok ]] || failed+=("$name")
done
if ((${#failed[@]})); then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
