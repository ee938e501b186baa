#!/usr/bin/env bash
# Builds bench-booking (release), generates the data set once (.data/booking.sqlite, ~175 MB,
# reproducible from its seed; delete .data/ to regenerate) and runs the booking benchmarks;
# writes the "Booking" section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh >/dev/null
swift build -c release --product bench-booking
BIN="$(swift build -c release --show-bin-path)"
if [ ! -f .data/booking.sqlite ]; then
  mkdir -p .data
  "$BIN/bench-booking" --scenario generate --database .data/booking.sqlite | tee .data/generate.json
fi
exec ../.venv/bin/python booking.py "$@"
