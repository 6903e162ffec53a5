#!/usr/bin/env bash
# Usage: tests/bench/audit_bench.sh BUILD_DIR [BALLOTS] [PERSONS] [KIND]
# Benchmark (not a ctest test) of hall-audit verify: hall-loadgen casts
# BALLOTS (default 3000) ballots of KIND (default nominate: one of PERSONS,
# default 5, so a 5-option ballot; approve gives each person agree /
# disagree / none, 3 options each) through the real hall-server, tallies with 3 of 5 trustees and
# exports the election record (--record-out, via hall-admin record export);
# then times `hall-audit verify RECORD --seal FP` 3 times with --workers 2
# and once with --workers 1. Target: <= 4 s for 3000 ballots on 2 cores.
# Needs hall-loadgen, hall-server, hall-admin and hall-audit built in
# BUILD_DIR/server (ninja -C BUILD_DIR hall-loadgen hall-audit).
set -euo pipefail
build_dir="${1:?usage: $0 BUILD_DIR [BALLOTS] [PERSONS]}"
ballots="${2:-3000}"
persons="${3:-5}"
kind="${4:-nominate}"
bin="$build_dir/server"
for tool in hall-loadgen hall-server hall-admin hall-audit; do
  if [[ ! -x "$bin/$tool" ]]; then
    echo "audit_bench: $bin/$tool is not built" >&2
    exit 1
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/hall-audit-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
record="$work/record"

echo "cores: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "== hall-loadgen: $ballots ballots, $persons persons, $kind =="
"$bin/hall-loadgen" --kind "$kind" --persons "$persons" --ballots "$ballots" \
  --kiosks 20 --max-seconds 900 --record-out "$record" | tee "$work/loadgen.log"
fingerprint="$(sed -n 's/^seal fingerprint: //p' "$work/loadgen.log")"
if [[ -z "$fingerprint" ]]; then
  echo "audit_bench: hall-loadgen printed no seal fingerprint" >&2
  exit 1
fi
echo "record: $(du -sh "$record" | cut -f1) ($(ls -l "$record"/rounds/*/board.json | awk '{print $5}') bytes of board.json)"

TIMEFORMAT='%R s wall, %U s user, %S s sys'
run_verify() {
  local workers="$1" label="$2"
  echo "== hall-audit verify --workers $workers ($label) =="
  if ! time "$bin/hall-audit" verify "$record" --seal "$fingerprint" \
    --workers "$workers" > "$work/verify.out"; then
    cat "$work/verify.out"
    echo "audit_bench: hall-audit verify refused the record" >&2
    exit 1
  fi
  tail -n 1 "$work/verify.out"
}
for i in 1 2 3; do run_verify 2 "run $i"; done
run_verify 1 "one core"
