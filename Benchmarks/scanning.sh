#!/usr/bin/env bash
# Builds bench-booking (release), generates the booking data set once and runs the scanning
# benchmark: 8 devices streaming scans as fast as their acks allow, at 16, 32 and 64 scans in
# flight per device; writes the "Scanning" section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
source ./booking-data.sh
exec ../.venv/bin/python scanning.py "$@"
