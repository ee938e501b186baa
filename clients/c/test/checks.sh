#!/usr/bin/env bash
# The C client's checks beyond the normal build and ctest (scripts/test.sh runs each as one step):
#
#   clients/c/test/checks.sh sanitize BUILD_DIR
#       Builds with -DRG_SANITIZE=ON (ASan + UBSan, -fno-sanitize-recover=all, LeakSanitizer on;
#       compiler: CC_SANITIZE, else clang when there is one, else cc) into BUILD_DIR and runs its
#       ctest (unit + fake_server, rentguy-scan included). Every sanitizer report is written to
#       BUILD_DIR/sanitizer-logs, and any report fails the step, even from a run whose exit
#       status a test did not look at.
#   clients/c/test/checks.sh valgrind BUILD_DIR
#       Builds (RelWithDebInfo) into BUILD_DIR, then runs under valgrind memcheck
#       (--leak-check=full --errors-for-leak-kinds=definite): test_scanner, and rentguy-scan
#       syncing against test/fake_scan_server.py: ACCEPTED/REJECTED/CONFLICT, lost acks replayed,
#       --status/--dismiss, stdin, an unreachable server, TLS and mTLS. A memory error or a
#       definite leak fails the step (valgrind's exit status 99; its log is printed).
#   clients/c/test/checks.sh fuzz BUILD_DIR [SECONDS]
#       Builds the libFuzzer targets with clang (-DRG_FUZZ=ON) into BUILD_DIR and runs each for
#       SECONDS (default 15) from the committed corpus in fuzz/corpus (new inputs go to a
#       temporary directory; a crash is kept as BUILD_DIR/fuzz_<target>-crash-*). Without a clang
#       that links -fsanitize=fuzzer it prints a line starting "SKIPPED:" and exits 0.
#
# PYTHON (default: the repository's .venv/bin/python, with grpcio) runs the fake server.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$SRC/../.." && pwd)
MODE=${1:?usage: checks.sh sanitize|valgrind|fuzz BUILD_DIR [SECONDS]}
BUILD=${2:?usage: checks.sh sanitize|valgrind|fuzz BUILD_DIR [SECONDS]}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd) # absolute: ctest runs the tests in other directories
PY=${PYTHON:-$ROOT/.venv/bin/python}
JOBS=${JOBS:-2}
WORK=
FAKE_PID=
cleanup() {
  stop_fake
  [ -z "$WORK" ] || rm -rf "$WORK"
}
trap cleanup EXIT
stop_fake() {
  if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=; fi
}

sanitize() {
  # clang by default: its runtime writes UBSan reports to log_path too; GCC's libubsan prints
  # them to stderr only (the -fno-sanitize-recover exit status still fails a run that is checked).
  local cc=${CC_SANITIZE:-}
  if [ -z "$cc" ]; then if command -v clang > /dev/null; then cc=clang; else cc=cc; fi; fi
  cmake -S "$SRC" -B "$BUILD" -DRG_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER="$cc" > /dev/null
  cmake --build "$BUILD" -j"$JOBS"
  local logs="$BUILD/sanitizer-logs"
  rm -rf "$logs"
  mkdir -p "$logs"
  local status=0
  # log_path: each process that finds something writes $logs/report.<pid> (instead of stderr).
  ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:log_path=$logs/report:${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/report:${UBSAN_OPTIONS:-}" \
    ctest --test-dir "$BUILD" --output-on-failure || status=1
  if compgen -G "$logs/*" > /dev/null; then
    echo "sanitizer reports:"
    for report in "$logs"/*; do echo "== $report"; cat "$report"; done
    status=1
  fi
  [ $status -eq 0 ] && echo "sanitize: ctest passed, no sanitizer reports"
  return $status
}

valgrind_checks() {
  command -v valgrind > /dev/null || { echo "valgrind is not installed (scripts/setup.sh)"; return 1; }
  [ -x "$PY" ] || { echo "no python with grpcio at $PY"; return 1; }
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build "$BUILD" -j"$JOBS" --target test_scanner rentguy-scan
  WORK=$(mktemp -d)
  local work=$WORK failed=0 runs=0 port=""
  start_fake() {
    stop_fake
    : > "$work/fake.out"
    "$PY" "$HERE/fake_scan_server.py" --state "$work/stored" "$@" > "$work/fake.out" 2> "$work/fake.err" &
    FAKE_PID=$!
    for _ in $(seq 1 300); do
      if grep -q '^listening ' "$work/fake.out"; then port=$(awk '/^listening /{print $2}' "$work/fake.out"); return 0; fi
      sleep 0.05
    done
    echo "the fake server did not start:"; cat "$work/fake.err"; return 1
  }
  # vg NAME WANTED_STATUS COMMAND... : COMMAND under memcheck; fails on a memory error or a
  # definite leak (exit 99) and on any other status than WANTED_STATUS.
  vg() {
    local name=$1 wanted=$2 rc
    shift 2
    runs=$((runs + 1))
    set +e
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      --log-file="$work/$name.vg" "$@" > "$work/$name.out" 2> "$work/$name.err"
    rc=$?
    set -e
    if [ $rc -eq 99 ] || [ -s "$work/$name.vg" ]; then
      echo "FAIL $name: valgrind found errors (exit $rc):"; cat "$work/$name.vg"; failed=1
    elif [ $rc -ne "$wanted" ]; then
      echo "FAIL $name: exit $rc, wanted $wanted"; tail -5 "$work/$name.out" "$work/$name.err"; failed=1
    else
      echo "ok   $name (exit $rc, no memcheck errors, no definite leaks)"
    fi
  }
  local scan="$BUILD/rentguy-scan"
  vg unit 0 "$BUILD/test_scanner" "$work/unit-tmp"
  start_fake
  vg results 0 "$scan" --server "127.0.0.1:$port" --key rgk_dev-1 --device dev-1 --queue "$work/q1.sqlite" \
    --action check-out --booking bkg_1 --timeout 20 A-1 A-2 BAD-1 CONFLICT-1 A-3
  grep -q '^sent 5, accepted 3, duplicate 0, conflict 1, rejected 1, pending 0$' "$work/results.out" \
    || { echo "FAIL results: unexpected summary: $(tail -1 "$work/results.out")"; failed=1; }
  vg status 0 "$scan" --queue "$work/q1.sqlite" --status
  vg dismiss 0 "$scan" --queue "$work/q1.sqlite" --dismiss all
  printf 'S-1\r\n\nS-2\n' > "$work/stdin.in"
  vg stdin 0 "$scan" --server "127.0.0.1:$port" --key rgk_dev-1 --device dev-1 --queue "$work/q1.sqlite" \
    --action audit --timeout 20 < "$work/stdin.in"
  vg mismatch 3 "$scan" --server "127.0.0.1:$port" --key rgk_dev-1 --device dev-9 --queue "$work/q9.sqlite" \
    --action audit --timeout 20 M-1
  start_fake --lose-acks 10:5
  # shellcheck disable=SC2046
  vg lost-acks 0 "$scan" --server "127.0.0.1:$port" --key rgk_dev-2 --device dev-2 --queue "$work/q2.sqlite" \
    --action audit --timeout 30 $(seq -f 'L-%03g' 1 40)
  grep -q ' DUPLICATE ' "$work/lost-acks.out" || { echo "FAIL lost-acks: no DUPLICATE ack"; failed=1; }
  stop_fake
  vg unreachable 3 "$scan" --server "127.0.0.1:$port" --key rgk_dev-3 --device dev-3 --queue "$work/q3.sqlite" \
    --action audit --timeout 1 U-1
  bash "$ROOT/Tests/peers/make_certs.sh" "$work/pki" > /dev/null
  start_fake --tls-cert "$work/pki/server.pem" --tls-key "$work/pki/server.key" --client-ca "$work/pki/ca.pem"
  vg mtls 0 "$scan" --server "https://localhost:$port" --ca "$work/pki/ca.pem" --cert "$work/pki/client.pem" \
    --cert-key "$work/pki/client.key" --key rgk_dev-4 --device dev-4 --queue "$work/q4.sqlite" \
    --action audit --timeout 20 T-1 T-2
  vg tls-untrusted 3 "$scan" --server "https://localhost:$port" --ca "$work/pki/other-ca.pem" \
    --key rgk_dev-5 --device dev-5 --queue "$work/q5.sqlite" --action audit --timeout 1 T-3
  [ $failed -eq 0 ] && echo "valgrind: $runs runs clean"
  return $failed
}

fuzz() {
  local seconds=${3:-15} cc=${CC_FUZZ:-clang}
  if ! command -v "$cc" > /dev/null; then
    echo "SKIPPED: no $cc (libFuzzer needs clang; the Swift toolchain's clang has it)"
    return 0
  fi
  if ! printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; (void)n; return 0; }\n' \
       | "$cc" -x c -fsanitize=fuzzer -o /dev/null - > /dev/null 2>&1; then
    echo "SKIPPED: $cc cannot link -fsanitize=fuzzer (no libFuzzer runtime)"
    return 0
  fi
  cmake -S "$SRC" -B "$BUILD" -DRG_FUZZ=ON -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build "$BUILD" -j"$JOBS" --target fuzz_ack fuzz_frame fuzz_status
  local status=0 target corpus
  for target in ack frame status; do
    corpus=$(mktemp -d)
    echo "== fuzz_$target, ${seconds} s"
    if ! "$BUILD/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
         -artifact_prefix="$BUILD/fuzz_$target-" "$corpus" "$SRC/fuzz/corpus/$target" > "$BUILD/fuzz_$target.log" 2>&1; then
      echo "FAIL fuzz_$target (the input is kept as $BUILD/fuzz_$target-crash-*):"
      tail -60 "$BUILD/fuzz_$target.log"
      status=1
    else
      grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$BUILD/fuzz_$target.log" || true
    fi
    rm -rf "$corpus"
  done
  return $status
}

case "$MODE" in
  sanitize) sanitize ;;
  valgrind) valgrind_checks ;;
  fuzz) fuzz "$@" ;;
  *) echo "usage: checks.sh sanitize|valgrind|fuzz BUILD_DIR [SECONDS]"; exit 2 ;;
esac
