#!/usr/bin/env bash
# The rentguy-scan tool against test/fake_scan_server.py (grpcio): results, replay after lost
# acks, UNIMPLEMENTED with backoff, refusals (DEVICE_MISMATCH, bad key), an unreachable server,
# stdin mode, a large queue, and TLS (verification, server name, mTLS).
#   test/run-fake.sh RENTGUY_SCAN [PYTHON]      (ctest runs it as "fake_server")
set -euo pipefail
SCAN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
PY=${2:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d)
FAKE_PID=
FAILED=0

cleanup() {
  stop_fake
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"; [ -z "${KEEP_WORK:-}" ] || echo "kept $WORK"
}
trap cleanup EXIT

stop_fake() {
  if [ -n "$FAKE_PID" ]; then
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
    FAKE_PID=
  fi
}

# start_fake ARGS...: starts the fake server, sets PORT.
start_fake() {
  stop_fake
  : > "$WORK/fake.out"
  "$PY" "$HERE/fake_scan_server.py" --state "$WORK/stored" "$@" > "$WORK/fake.out" 2> "$WORK/fake.err" &
  FAKE_PID=$!
  for _ in $(seq 1 300); do
    if grep -q '^listening ' "$WORK/fake.out"; then
      PORT=$(awk '/^listening /{print $2}' "$WORK/fake.out")
      return
    fi
    sleep 0.05
  done
  echo "fake server did not start:"; cat "$WORK/fake.err"; exit 1
}

check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; FAILED=1; fi
}

acks() { grep -cE '^[0-9a-f-]{36} ' "$1" || true; }
distinct_acks() { grep -oE '^[0-9a-f-]{36} ' "$1" | sort -u | wc -l; }
summary() { grep '^sent ' "$1"; }

# 1. Results: ACCEPTED, REJECTED and CONFLICT; attention table.
start_fake
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-1 --device dev-1 --queue "$WORK/q1.sqlite" \
  --action audit --timeout 10 A-1 A-2 BAD-1 CONFLICT-1 A-3 > "$WORK/out1" 2> "$WORK/err1"
rc=$?
set -e
check "results: exit 0" [ $rc -eq 0 ]
check "results: five acks" [ "$(acks "$WORK/out1")" -eq 5 ]
check "results: summary" grep -q '^sent 5, accepted 3, duplicate 0, conflict 1, rejected 1, pending 0$' "$WORK/out1"
check "results: REJECTED line" grep -qE '^[0-9a-f-]{36} REJECTED UNKNOWN_BARCODE no asset' "$WORK/out1"
check "results: CONFLICT line" grep -qE '^[0-9a-f-]{36} CONFLICT NOT_CHECKED_OUT CONFLICT-1: is not' "$WORK/out1"
set +e; "$SCAN" --queue "$WORK/q1.sqlite" --status > "$WORK/status1"; rc=$?; set -e
check "status: exit 0 (queue empty)" [ $rc -eq 0 ]
check "status: two attention items" grep -q '^attention 2$' "$WORK/status1"
check "status: the conflict id" grep -q 'cfl_' "$WORK/status1"
"$SCAN" --queue "$WORK/q1.sqlite" --dismiss all > /dev/null
check "dismiss all" grep -q '^attention 0$' <("$SCAN" --queue "$WORK/q1.sqlite" --status)

# 2. Lost acks: the server stores 5 scans without acknowledging them and ends the stream; the
#    client replays them on a new stream and they come back DUPLICATE. Each scan is acked once.
start_fake --lose-acks 10:5
: > "$WORK/stored"
barcodes=$(seq -f 'L-%03g' 1 40)
set +e
# shellcheck disable=SC2086
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-2 --device dev-2 --queue "$WORK/q2.sqlite" \
  --action audit --timeout 20 $barcodes > "$WORK/out2" 2> "$WORK/err2"
rc=$?
set -e
check "replay: exit 0" [ $rc -eq 0 ]
check "replay: 40 acks, 40 distinct scans" [ "$(acks "$WORK/out2")" -eq 40 ] && [ "$(distinct_acks "$WORK/out2")" -eq 40 ]
check "replay: 5 DUPLICATE" [ "$(grep -c ' DUPLICATE ' "$WORK/out2")" -eq 5 ]
check "replay: the server stored each scan once" [ "$(cut -d' ' -f1 "$WORK/stored" | sort -u | wc -l)" -eq 40 ] && [ "$(wc -l < "$WORK/stored")" -eq 40 ]
check "replay: summary counts the resends" grep -qE '^sent 4[5-9]|^sent [5-9][0-9]' "$WORK/out2"

# 3. UNIMPLEMENTED twice: retried with backoff (1 s, then ~1.6 s) within the timeout.
start_fake --unimplemented 2
start=$(date +%s%N)
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-3 --device dev-3 --queue "$WORK/q3.sqlite" \
  --action audit --timeout 20 U-1 U-2 > "$WORK/out3" 2> "$WORK/err3"
rc=$?
set -e
took=$(( ($(date +%s%N) - start) / 1000000 ))
check "unimplemented: delivered after retries (exit 0)" [ $rc -eq 0 ]
check "unimplemented: backoff waited (${took} ms)" [ "$took" -ge 1500 ] && [ "$took" -lt 10000 ]
check "unimplemented: summary" grep -q '^sent 6, accepted 2, duplicate 0, conflict 0, rejected 0, pending 0$' "$WORK/out3"
# ... and with a timeout too short for the retries: exit 3, the scans stay queued.
start_fake --unimplemented 100
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-3 --device dev-3 --queue "$WORK/q3b.sqlite" \
  --action audit --timeout 1.5 U-3 > "$WORK/out3b" 2> "$WORK/err3b"
rc=$?
set -e
check "unimplemented: exit 3 when time runs out" [ $rc -eq 3 ]
check "unimplemented: the error names UNIMPLEMENTED" grep -q 'UNIMPLEMENTED' "$WORK/err3b"
check "unimplemented: pending 1" grep -q 'pending 1$' "$WORK/out3b"

# 4. Refusals stop at once: DEVICE_MISMATCH (reason from grpc-status-details-bin), a bad key.
start_fake
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-4 --device other --queue "$WORK/q4.sqlite" \
  --action audit --timeout 20 M-1 > "$WORK/out4" 2> "$WORK/err4"
rc=$?
set -e
check "device mismatch: exit 3" [ $rc -eq 3 ]
check "device mismatch: PERMISSION_DENIED (DEVICE_MISMATCH)" grep -q 'PERMISSION_DENIED (DEVICE_MISMATCH)' "$WORK/err4"
check "device mismatch: did not wait for the timeout" [ "$(grep -c 'gave up' "$WORK/err4" || true)" -eq 0 ]
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key not-a-key --device dev-4 --queue "$WORK/q4b.sqlite" \
  --action audit --timeout 20 M-2 > "$WORK/out4b" 2> "$WORK/err4b"
rc=$?
set -e
check "bad key: exit 3, UNAUTHENTICATED (CREDENTIAL_INVALID)" [ $rc -eq 3 ] && grep -q 'UNAUTHENTICATED (CREDENTIAL_INVALID)' "$WORK/err4b"

# 5. Nobody listening: exit 3 after the timeout, scans kept; then delivered once a server is up.
stop_fake
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-5 --device dev-5 --queue "$WORK/q5.sqlite" \
  --action check-in --condition damaged --timeout 1 D-1 D-2 > "$WORK/out5" 2> "$WORK/err5"
rc=$?
set -e
check "unreachable: exit 3" [ $rc -eq 3 ]
check "unreachable: pending 2" grep -q 'pending 2$' "$WORK/out5"
check "unreachable: connection refused named" grep -q 'refused' "$WORK/err5"
start_fake
set +e
printf '' | "$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-5 --device dev-5 --queue "$WORK/q5.sqlite" \
  --action check-in --timeout 10 > "$WORK/out5b" 2> "$WORK/err5b"
rc=$?
set -e
check "unreachable: the queue drains later (exit 0, 2 accepted)" [ $rc -eq 0 ] && grep -q '^sent 2, accepted 2' "$WORK/out5b"

# 6. stdin: lines as a USB scanner types them; each is delivered before the next one comes
#    (the next line is only written once the previous ack was printed). Blank lines and CRLF
#    are ignored; the last line may lack its newline.
start_fake
mkfifo "$WORK/stdin6"
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-6 --device dev-6 --queue "$WORK/q6.sqlite" \
  --action prepare --booking bkg_1 --timeout 10 < "$WORK/stdin6" > "$WORK/out6" 2> "$WORK/err6" &
SCAN_PID=$!
exec 7> "$WORK/stdin6"
wait_acks() { for _ in $(seq 1 100); do [ "$(acks "$WORK/out6")" -ge "$1" ] && return 0; sleep 0.05; done; return 1; }
printf 'S-1\r\n' >&7
check "stdin: the first scan is acked while stdin is still open" wait_acks 1
printf '\n  S-2  \n' >&7
check "stdin: the second one too" wait_acks 2
printf 'S-3' >&7
exec 7>&-
set +e; wait $SCAN_PID; rc=$?; set -e
check "stdin: exit 0" [ $rc -eq 0 ]
check "stdin: three scans acked" grep -q '^sent 3, accepted 3, duplicate 0, conflict 0, rejected 0, pending 0$' "$WORK/out6"

# 6b. Keepalive: a connection reused after a quiet spell longer than twice the keepalive is not
#     taken for dead, and a slow server (acks 0.6 s apart) that answers PINGs keeps its
#     connection: nothing is resent.
start_fake --ack-delay-ms 600
rm -f "$WORK/stdin6b"; mkfifo "$WORK/stdin6b"
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-6 --device dev-6 --queue "$WORK/q6b.sqlite" \
  --action audit --keepalive 0.2 --timeout 10 < "$WORK/stdin6b" > "$WORK/out6b" 2> "$WORK/err6b" &
SCAN_PID=$!
exec 7> "$WORK/stdin6b"
printf 'K-1\n' >&7
sleep 1.5
printf 'K-2\nK-3\n' >&7
exec 7>&-
set +e; wait $SCAN_PID; rc=$?; set -e
check "keepalive: exit 0, nothing resent" [ $rc -eq 0 ] && grep -q '^sent 3, accepted 3, duplicate 0' "$WORK/out6b"

# 7. A large queue: more scans than the in-flight window (512), with slow acks.
start_fake
: > "$WORK/stored"
set +e
"$SCAN" --server "127.0.0.1:$PORT" --key rgk_dev-7 --device dev-7 --queue "$WORK/q7.sqlite" \
  --action audit --timeout 60 $(seq -f 'BIG-%05g' 1 3000) > "$WORK/out7" 2> "$WORK/err7"
rc=$?
set -e
check "large: exit 0, 3000 accepted" [ $rc -eq 0 ] && grep -q '^sent 3000, accepted 3000, duplicate 0, conflict 0, rejected 0, pending 0$' "$WORK/out7"
check "large: stored once each, in device_sequence order" [ "$(cut -d' ' -f2 "$WORK/stored" | tr '\n' ' ')" = "$(seq 1 3000 | tr '\n' ' ')" ]

# 8. TLS (certificates from Tests/peers/make_certs.sh).
bash "$ROOT/Tests/peers/make_certs.sh" "$WORK/pki" > /dev/null
start_fake --tls-cert "$WORK/pki/server.pem" --tls-key "$WORK/pki/server.key"
tls() { # tls NAME SERVER ARGS... -> rc in $rc
  local name=$1 server=$2; shift 2
  set +e
  "$SCAN" --server "$server" --key rgk_dev-8 --device dev-8 --queue "$WORK/q8-$name.sqlite" \
    --action audit --timeout 2 "$@" T-1 > "$WORK/out8-$name" 2> "$WORK/err8-$name"
  rc=$?
  set -e
}
tls ok "https://127.0.0.1:$PORT" --ca "$WORK/pki/ca.pem"
check "tls: verified by IP SAN, ALPN h2 (exit 0)" [ $rc -eq 0 ]
tls name "https://localhost:$PORT" --ca "$WORK/pki/ca.pem"
check "tls: verified by DNS name" [ $rc -eq 0 ]
tls untrusted "https://127.0.0.1:$PORT" --ca "$WORK/pki/other-ca.pem"
check "tls: untrusted CA refused (exit 3, verification error)" [ $rc -eq 3 ] && grep -q 'certificate verif' "$WORK/err8-untrusted"
tls wrongname "https://127.0.0.1:$PORT" --ca "$WORK/pki/ca.pem" --server-name rentguy.example
check "tls: wrong server name refused" [ $rc -eq 3 ] && grep -q 'certificate verif' "$WORK/err8-wrongname"
tls plain "127.0.0.1:$PORT"
check "tls: plaintext h2c to a TLS port fails (exit 3)" [ $rc -eq 3 ]
start_fake --tls-cert "$WORK/pki/server.pem" --tls-key "$WORK/pki/server.key" --client-ca "$WORK/pki/ca.pem"
tls nocert "https://127.0.0.1:$PORT" --ca "$WORK/pki/ca.pem"
check "mtls: no client certificate refused (a TLS error)" [ $rc -eq 3 ] && grep -q 'TLS' "$WORK/err8-nocert"
tls cert "https://127.0.0.1:$PORT" --ca "$WORK/pki/ca.pem" --cert "$WORK/pki/client.pem" --cert-key "$WORK/pki/client.key"
check "mtls: client certificate accepted" [ $rc -eq 0 ]
tls intruder "https://127.0.0.1:$PORT" --ca "$WORK/pki/ca.pem" --cert "$WORK/pki/intruder.pem" --cert-key "$WORK/pki/intruder.key"
check "mtls: certificate of another CA refused (a TLS error)" [ $rc -eq 3 ] && grep -q 'TLS' "$WORK/err8-intruder"

if [ $FAILED -ne 0 ]; then
  echo "run-fake: FAILED"
  for f in "$WORK"/err*; do echo "== $f"; head -5 "$f"; done
  exit 1
fi
echo "run-fake: all passed"
