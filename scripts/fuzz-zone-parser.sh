#!/usr/bin/env bash
# Fuzzes the master-file parser with libFuzzer for a bounded time.
#   scripts/fuzz-zone-parser.sh [SECONDS] [extra libFuzzer flags…]
# The harness (Fuzz/ZoneParserFuzz.swift) also asserts the round trip parse(print(z)) == z on
# every accepted input. Crashing inputs land in fuzz-artifacts/; the growing corpus in
# .build-fuzz/corpus (seeded from Tests/DNSZoneTests/Corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true

scratch=.build-fuzz
flags=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
swift build -c release --scratch-path "$scratch" --target DNSZone "${flags[@]}"
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 \
    -I "$bin/Modules" -o "$scratch/zone-parser-fuzzer" \
    Fuzz/ZoneParserFuzz.swift "$bin"/DNSZone.build/*.o

corpus="$scratch/corpus"
mkdir -p "$corpus" fuzz-artifacts
cp -n Tests/DNSZoneTests/Corpus/valid/*.db Tests/DNSZoneTests/Corpus/invalid/*.db "$corpus"/ 2>/dev/null || true

exec "$scratch/zone-parser-fuzzer" "$corpus" \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=fuzz-artifacts/ "$@"
