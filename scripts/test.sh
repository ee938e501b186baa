#!/usr/bin/env bash
# Runs every test: installs what is missing (scripts/setup.sh), checks that the committed
# generated code is current, then runs the Swift test suite (unit tests and end-to-end tests
# against real sockets with grpcio and h2 peers). Ends with a line "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/generate-protos.sh --check
swift build --build-tests

log=.build/test-output.txt
set +e
swift test --skip-build 2>&1 | tee "$log" | grep --line-buffered -v "^◇"
status=${PIPESTATUS[0]}
set -e

# Swift Testing reports each test (a parameterized test counts once) with ✔ or ✘.
passed=$(grep -cE '^✔ Test "' "$log" || true)
failed=$(grep -cE '^✘ Test "' "$log" || true)
echo
grep -E "^(✔|✘) Test run with" "$log" | tail -1 || true
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "swift test exited with status $status" >&2
fi
exit "$status"
