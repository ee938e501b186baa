#!/usr/bin/env bash
# Builds rentguy-server (release) and runs the export benchmark: 10,000 invoices (and 5,000
# payments) exported to the built-in provider mock with its rate limits off, end to end; and the
# planned duration with Moneybird's and Exact's real limits. Writes the "Accounting export"
# section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh >/dev/null
swift build -c release --product rentguy-server
exec ../.venv/bin/python export.py "$@"
