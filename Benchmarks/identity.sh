#!/usr/bin/env bash
# Builds bench-identity (release) and runs the identity and access benchmarks; writes the
# "Identity and access" section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh >/dev/null
swift build -c release --product bench-identity
exec ../.venv/bin/python identity.py "$@"
