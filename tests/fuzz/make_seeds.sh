#!/usr/bin/env bash
# Usage: tests/fuzz/make_seeds.sh OUT_DIR [GCC_BUILD_DIR]
# Writes seed inputs for each fuzz target to OUT_DIR/<target>/ from real
# outputs: the shipped procedure files (P1-P7) and hall-rules examples,
# frames around real messages, and, when GCC_BUILD_DIR has hall-loadgen,
# hall-server and hall-admin built (ninja -C BUILD hall-loadgen), every file
# of a real election record (hall-loadgen --record-out: templates,
# statements, ballots, board, tally request, partial decryptions, key
# files...). Targets that pick their decoder with the first byte get each
# file once under each selector; libFuzzer keeps those that add coverage.
set -euo pipefail
out="${1:?usage: $0 OUT_DIR [GCC_BUILD_DIR]}"
build="${2:-}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"

# seed TARGET SELECTORS FILE: FILE prefixed by each selector byte 0..N-1
# (N = 0: the file as it is).
seed() {
  local target="$1" selectors="$2" file="$3" base
  base="$(basename "$file" | tr -c 'A-Za-z0-9._\n-' '_')"
  mkdir -p "$out/$target"
  if [[ "$selectors" == 0 ]]; then
    cp "$file" "$out/$target/$base"
    return
  fi
  local s
  for ((s = 0; s < selectors; s++)); do
    { printf "\\x$(printf %02x "$s")"; cat "$file"; } >"$out/$target/$s-$base"
  done
}

# frame_of TYPE FILE: a HALL frame (version 2) around FILE's bytes.
frame_of() {
  local type="$1" file="$2" len
  len="$(stat -c %s "$file")"
  printf 'HALL\x02'
  printf "\\x$(printf %02x $((type >> 8)))\\x$(printf %02x $((type & 255)))"
  printf "\\x$(printf %02x $(((len >> 24) & 255)))\\x$(printf %02x $(((len >> 16) & 255)))"
  printf "\\x$(printf %02x $(((len >> 8) & 255)))\\x$(printf %02x $((len & 255)))"
  cat "$file"
}

for f in "$root"/shared/procedures/*.json; do seed procedure 0 "$f"; done
for f in "$root"/shared/examples/*.json; do seed round_json 1 "$f"; done

if [[ -n "$build" && -x "$build/server/hall-loadgen" ]]; then
  record="$out/.record"
  rm -rf "$record"
  if ! "$build/server/hall-loadgen" --kind approve --persons 3 --ballots 12 \
      --kiosks 2 --max-seconds 300 --record-out "$record" \
      >"$out/.loadgen.log" 2>&1 || [[ ! -f "$record/record.json" ]]; then
    echo "make_seeds: hall-loadgen failed (see $out/.loadgen.log);" \
         "no record seeds" >&2
    build=""
  fi
fi
if [[ -n "$build" && -f "$out/.record/record.json" ]]; then
  seed record 0 "$record/record.json"
  n=0
  while IFS= read -r -d '' f; do
    [[ "$(stat -c %s "$f")" -le 65536 ]] || continue
    n=$((n + 1))
    case "$f" in
      *.json) seed ceremony 1 "$f"; seed round_json 2 "$f";
              seed kiosk_bundle 0 "$f" ;;
      *)
        seed crypto_codec 13 "$f"; seed statements 13 "$f"
        seed template 3 "$f"; seed protocol 13 "$f"; seed key_file 5 "$f"
        seed ceremony 3 "$f"
        frame_of 4 "$f" >"$out/frame_$n.bin"; mkdir -p "$out/frame"
        mv "$out/frame_$n.bin" "$out/frame/rec-$n.bin" ;;
    esac
  done < <(find "$record" -type f ! -name record.json -print0)
  rm -rf "$record"
fi
echo "seeds: $(find "$out" -type f | wc -l) files in $out"
