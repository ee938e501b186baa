#!/usr/bin/env bash
# Builds bench-booking (release), generates the booking data set once (as booking.sh does) and runs
# the scanning benchmark: 8 devices streaming scans as fast as their acks allow, at 16, 32 and 64
# scans in flight per device; writes the "Scanning" section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh >/dev/null
swift build -c release --product bench-booking
BIN="$(swift build -c release --show-bin-path)"
if [ ! -f .data/booking.sqlite ]; then
  mkdir -p .data
  "$BIN/bench-booking" --scenario generate --database .data/booking.sqlite | tee .data/generate.json
fi
exec ../.venv/bin/python scanning.py "$@"
