#!/bin/sh
# binary_check.sh ldd|nm PATTERN WHAT FILE...: fails when the libraries a
# program loads (ldd) or the symbols a file defines (nm -C) match the
# extended regular expression PATTERN; WHAT names what must be absent. A
# file the tool cannot read fails the check too.
tool=$1 pattern=$2 what=$3
shift 3
case $tool in
  ldd) read_file() { ldd "$1"; } ;;
  nm) read_file() { nm -C "$1" 2>/dev/null; } ;;
  *) echo "binary_check.sh: the tool is ldd or nm, not $tool"; exit 2 ;;
esac
status=0
for file in "$@"; do
  listing=$(read_file "$file") || { echo "$tool cannot read $file"; exit 1; }
  bad=$(printf '%s\n' "$listing" | grep -E "$pattern" || true)
  if [ -n "$bad" ]; then
    echo "$file has $what:"; echo "$bad"; status=1
  else
    echo "$file: no $what"
  fi
done
exit $status
