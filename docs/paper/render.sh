#!/usr/bin/env bash
# Usage: docs/paper/render.sh BUILD_DIR
# Re-makes the pictures of the committee's documents in docs/paper/ from
# real runs: the P1 and P7 demo meetings (hall-demo, which leaves each
# round's slips in DIR/committee/slips-round-R.pdf as the committee console
# prints them), the minutes printed by the real hall-admin minutes print,
# each page rendered by poppler's pdftoppm at 70 dpi.
set -euo pipefail
build="$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/hall-render-XXXXXX")"
trap 'rm -rf "$work"' EXIT
render() {  # PDF PAGE OUT.png
  pdftoppm -f "$2" -l "$2" -r 70 -png -singlefile "$1" "$work/page"
  mv "$work/page.png" "$here/$3"
  echo "docs/paper/$3"
}
"$build/server/hall-demo" --dir "$work/p1" > "$work/p1.log"
"$build/server/hall-demo" --procedure P7 --dir "$work/p7" > "$work/p7.log"
# P1: step 2's slips (round 1), step 5's minutes (round 4, announced).
render "$work/p1/committee/slips-round-1.pdf" 1 slips-p1-vi-cover.png
render "$work/p1/committee/slips-round-1.pdf" 2 slips-p1-vi-sheet.png
HALL_DIR="$work/p1/server" "$build/server/hall-admin" minutes print 4 \
  --out "$work/p1-minutes.pdf" > /dev/null
render "$work/p1-minutes.pdf" 1 minutes-p1-vi-1.png
render "$work/p1-minutes.pdf" 2 minutes-p1-vi-2.png
# P7: step 3 held again (round 4): A and B slips, and its minutes.
render "$work/p7/committee/slips-round-4.pdf" 2 slips-p7-zh-sheet.png
HALL_DIR="$work/p7/server" "$build/server/hall-admin" minutes print 4 \
  --out "$work/p7-minutes.pdf" > /dev/null
render "$work/p7-minutes.pdf" 1 minutes-p7-zh.png
