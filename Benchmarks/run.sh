#!/usr/bin/env bash
# Builds the benchmark binaries (release) and runs the side-by-side transport load tests;
# writes ../docs/performance.md. Needs scripts/setup.sh to have run (h2load, the Python venv).
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh >/dev/null
swift build -c release --product bench-server
swift build -c release --product bench-client
exec ../.venv/bin/python run.py "$@"
