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

# The C scanner client (clients/c): a warning-free build, its unit and fake-server tests; the same
# under ASan + UBSan (any sanitizer report fails); test_scanner and rentguy-scan syncing against
# the fake server under valgrind (memory errors, definite leaks); a 15 s libFuzzer run of each
# fuzz target from the committed corpus (skipped with a message without clang's libFuzzer); and
# rentguy-scan against the real server (offline queue, replay, 5,000 scans through kill -9 and a
# restart, a graceful restart, refusals, eight devices racing for one case, TLS). Each of the six
# counts as one test (clients/c/test/checks.sh: about 2.5 minutes on 2 cores for the three checks).
c_passed=0
c_failed=0
step() { # step TITLE LABEL COMMAND...
  local title=$1 label=$2
  shift 2
  if "$@" > ".build/c-client-$label.txt" 2>&1; then
    echo "✔ $title: $label"
    c_passed=$((c_passed + 1))
  else
    echo "✘ $title: $label (output in .build/c-client-$label.txt)"
    tail -40 ".build/c-client-$label.txt"
    c_failed=$((c_failed + 1))
  fi
}
c_step() { step "C scanner client" "$@"; }
c_step build bash -c "cmake -S clients/c -B .build/clients-c -DCMAKE_BUILD_TYPE=Release && cmake --build .build/clients-c -j2"
c_step unit-and-fake-server ctest --test-dir .build/clients-c --output-on-failure
c_step asan-ubsan bash clients/c/test/checks.sh sanitize .build/clients-c-asan
c_step valgrind bash clients/c/test/checks.sh valgrind .build/clients-c-valgrind
c_step libfuzzer bash clients/c/test/checks.sh fuzz .build/clients-c-fuzz 15
grep -h '^SKIPPED' .build/c-client-libfuzzer.txt 2>/dev/null | sed 's/^/  libfuzzer: /' || true
c_step against-the-server bash clients/c/test/run-e2e.sh .build/debug/rentguy-server .build/clients-c/rentguy-scan 1000

# The Python client (clients/python): installed into the venv as a user would (pip install), then
# its own tests (stubs for every service, connect and login, the scan-streaming example).
step "Python client" pytest bash -c ".venv/bin/pip install -q --disable-pip-version-check --no-deps --force-reinstall ./clients/python && cd clients/python && ../../.venv/bin/python -m pytest -q -p no:cacheprovider"

# Swift Testing reports each test (a parameterized test counts once) with ✔ or ✘.
passed=$(( $(grep -cE '^✔ Test "' "$log" || true) + c_passed ))
failed=$(( $(grep -cE '^✘ Test "' "$log" || true) + c_failed ))
echo
grep -E "^(✔|✘) Test run with" "$log" | tail -1 || true
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "swift test exited with status $status" >&2
fi
if [ "$status" -eq 0 ] && [ "$c_failed" -ne 0 ]; then status=1; fi
exit "$status"
