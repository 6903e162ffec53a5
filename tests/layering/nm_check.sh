#!/bin/sh
# nm_check.sh FILE...: fails when a production library or program defines
# DeterministicRandom, the seeded test RandomSource (hall_crypto_testing, which
# only tests link). A file nm cannot read fails the check too.
status=0
for file in "$@"; do
  symbols=$(nm -C "$file" 2>/dev/null) || { echo "nm cannot read $file"; exit 1; }
  bad=$(printf '%s\n' "$symbols" | grep -i 'DeterministicRandom' || true)
  if [ -n "$bad" ]; then
    echo "$file contains the test random source:"; echo "$bad"; status=1
  else
    echo "$file: no DeterministicRandom"
  fi
done
exit $status
