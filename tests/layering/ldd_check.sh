#!/bin/sh
# ldd_check.sh PROGRAM...: fails when a program loads SQLCipher, qrencode or
# OpenSSL (hall-trustee runs on a trustee's laptop, hall-rules anywhere).
status=0
for program in "$@"; do
  libs=$(ldd "$program") || { echo "ldd cannot read $program"; exit 1; }
  bad=$(printf '%s\n' "$libs" | grep -E 'libsqlcipher|libqrencode|libssl|libcrypto\.so' || true)
  if [ -n "$bad" ]; then
    echo "$program loads what it must not:"; echo "$bad"; status=1
  else
    echo "$program: no SQLCipher, qrencode or OpenSSL"
  fi
done
exit $status
