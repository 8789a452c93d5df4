#!/usr/bin/env bash
# Fuzzes the master-file parser with libFuzzer for a bounded time.
#   scripts/fuzz-zone-parser.sh [SECONDS] [extra libFuzzer flags…]
# The target (Sources/DNSZoneFuzz) also asserts the round trip parse(print(z)) == z on every
# accepted input. Crashing inputs land in fuzz-artifacts/; the growing corpus in
# .build-fuzz/corpus (seeded from Tests/DNSZoneTests/Corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true

swift build -c release --scratch-path .build-fuzz --product DNSZoneFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary="$(swift build -c release --scratch-path .build-fuzz --show-bin-path)/DNSZoneFuzz"

corpus=.build-fuzz/corpus
mkdir -p "$corpus" fuzz-artifacts
cp -n Tests/DNSZoneTests/Corpus/valid/*.db Tests/DNSZoneTests/Corpus/invalid/*.db "$corpus"/ 2>/dev/null || true

exec "$binary" "$corpus" \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=fuzz-artifacts/ "$@"
