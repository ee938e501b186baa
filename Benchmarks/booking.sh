#!/usr/bin/env bash
# Builds bench-booking (release), generates the data set once and runs the booking benchmarks;
# writes the "Booking" section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
source ./booking-data.sh
exec ../.venv/bin/python booking.py "$@"
