#!/usr/bin/env bash
# Runs BIND 9.18's named-compilezone on every corpus file and prints PASS/FAIL
# depending on whether BIND's verdict matches the folder the file is in
# (valid/ must exit 0, invalid/ must exit non-zero). For invalid files that carry
# a third header line "; expect: TEXT", BIND's output must also contain TEXT.
# For humans; the real test is in Swift. Usage:
#   check-with-bind.sh [-v] [FILE...]     (-v: show BIND's messages)
# Needs named-compilezone (Debian/Ubuntu: apt-get install -y bind9-utils).
set -u
here=$(cd "$(dirname "$0")" && pwd)
verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
bin=$(command -v named-compilezone || ls /usr/sbin/named-compilezone /usr/bin/named-compilezone 2>/dev/null | head -n1)
if [ -z "$bin" ]; then echo "named-compilezone not found (apt-get install -y bind9-utils)" >&2; exit 2; fi
if [ $# -eq 0 ]; then set -- "$here"/valid/*.db "$here"/invalid/*.db; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for f in "$@"; do
  kind=$(basename "$(dirname "$f")")
  origin=$(head -n1 "$f" | tr -d '\r' | sed -n 's/^; origin: *//p')
  expect=$(sed -n '3s/^; expect: *//p' "$f" | tr -d '\r')
  if [ -z "$origin" ]; then echo "FAIL $kind/$(basename "$f"): no '; origin:' first line"; fail=$((fail+1)); continue; fi
  # Same checks as named-checkzone's defaults, except -i local (no network look-ups).
  out=$("$bin" -i local -k warn -n warn -f text -F text -s full -o "$tmp/out" "$origin" "$f" 2>&1)
  rc=$?
  ok=0
  case "$kind" in
    valid) [ $rc -eq 0 ] && ok=1 ;;
    invalid) if [ $rc -ne 0 ]; then ok=1; if [ -n "$expect" ] && ! grep -qF -- "$expect" <<<"$out"; then ok=0; fi; fi ;;
  esac
  if [ $ok -eq 1 ]; then echo "PASS $kind/$(basename "$f")"; pass=$((pass+1)); else echo "FAIL $kind/$(basename "$f") (exit $rc)"; fail=$((fail+1)); fi
  if [ $verbose -eq 1 ] || [ $ok -eq 0 ]; then sed 's/^/    /' <<<"$out" | grep -v -e '^    dump zone to' -e '^    OK$'; fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
