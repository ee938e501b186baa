#!/usr/bin/env bash
# Sourced by booking.sh and scanning.sh: builds bench-booking (release) and generates the booking
# data set once (.data/booking.sqlite, ~180 MB, reproducible from its seed; delete .data/ to
# regenerate). Leaves the binary's folder in BIN.
set -euo pipefail
bash ../scripts/setup.sh >/dev/null
swift build -c release --product bench-booking
BIN="$(swift build -c release --show-bin-path)"
if [ ! -f .data/booking.sqlite ]; then
  mkdir -p .data
  "$BIN/bench-booking" --scenario generate --database .data/booking.sqlite | tee .data/generate.json
fi
