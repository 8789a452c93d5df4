#!/usr/bin/env bash
# Fuzzes DirectAdmin request parsing (query string, url-encoded body, names) with libFuzzer for a
# bounded time:  scripts/fuzz-directadmin-requests.sh [SECONDS] [extra libFuzzer flags…]
# The harness (Fuzz/DirectAdminRequestFuzz.swift) checks that every accepted name is safe for a
# path, an include file and a log. Crashing inputs land in fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true

scratch=.build-fuzz
mkdir -p "$scratch/da-corpus" fuzz-artifacts
swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name DirectAdminFuzz \
    -o "$scratch/directadmin-request-fuzzer" Fuzz/DirectAdminRequestFuzz.swift \
    Sources/DirectAdmin/DirectAdminCommand.swift Sources/DirectAdmin/DomainNameRules.swift Sources/DirectAdmin/FormEncoding.swift

# Seeds: the request shapes DirectAdmin sends.
printf '\x00action=rawsave&domain=example.com&hostname=da1.example&username=bob\n$TTL 300\n' > "$scratch/da-corpus/rawsave"
printf '\x00\naction=delete&cluster=yes&hostname=da1.example&select0=example.com&select1=b.net\n' > "$scratch/da-corpus/delete"
printf '\x00action=exists&domain=a.b.example.com&check_for_parent_domain=yes\n' > "$scratch/da-corpus/exists"
printf '\x01\n' > "$scratch/da-corpus/login"

exec "$scratch/directadmin-request-fuzzer" "$scratch/da-corpus" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=fuzz-artifacts/ "$@"
