#!/usr/bin/env bash
# Builds rentguy-server and bench-webhooks (release) and runs the payment benchmarks: signed
# Stripe webhooks accepted with 32 concurrent senders, and job-queue throughput against the
# built-in provider mock; writes the "Payments" section of ../docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh >/dev/null
swift build -c release --product rentguy-server
swift build -c release --product bench-webhooks
exec ../.venv/bin/python payments.py "$@"
