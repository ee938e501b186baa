#!/usr/bin/env bash
# End-to-end: the C scanner client (rentguy-scan) against a real rentguy-server.
#   clients/c/test/run-e2e.sh SERVER_BINARY [RENTGUY_SCAN] [N]
#     SERVER_BINARY  e.g. .build/debug/rentguy-server (not built by this script)
#     RENTGUY_SCAN   default: clients/c/build/rentguy-scan
#     N              scans per phase (default 200)
# Needs the repository's .venv (grpcio) to create the test data and read the server's scans.
#
# Phases: N scans queued while the server is unreachable (exit 3, all kept) -> delivered, each
# acknowledged exactly once and stored once -> the same queue replayed from a backup (lost acks):
# all DUPLICATE, nothing stored twice -> the server killed (SIGKILL) and restarted during a sync
# of 5 N scans: the client reconnects with backoff and replays, every scan acknowledged once ->
# the same with a graceful shutdown (GOAWAY) ->
# the client killed mid-sync and run again -> E2E_OUTAGE (30) seconds without a server while
# scanning goes on -> DEVICE_MISMATCH and a revoked-looking key refused at once -> stdin mode with an unknown barcode
# (REJECTED, kept in the attention table) -> eight devices checking out the same case at once
# (one ACCEPTED, seven CONFLICT) -> TLS with the test CA.
set -euo pipefail
SERVER=$(realpath "${1:?usage: run-e2e.sh SERVER_BINARY [RENTGUY_SCAN] [N]}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SCAN=$(realpath "${2:-$ROOT/clients/c/build/rentguy-scan}")
N=${3:-200}
PY=${RENTGUY_PYTHON:-$ROOT/.venv/bin/python}
for tool in "$SERVER" "$SCAN" "$PY"; do
  [ -x "$tool" ] || { echo "run-e2e: $tool is not an executable (usage: run-e2e.sh SERVER_BINARY [RENTGUY_SCAN] [N])"; exit 2; }
done
WORK=$(mktemp -d)
EMAIL=admin@example.com
PASSWORD='correct-horse-battery'
DEVICE=scanner-e2e
SERVER_PID=
FAILED=0

cleanup() {
  stop_server KILL
  if [ $FAILED -ne 0 ] || [ -n "${KEEP_WORK:-}" ]; then echo "run-e2e: files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

stop_server() { # stop_server [SIGNAL]
  if [ -n "$SERVER_PID" ]; then
    kill -"${1:-TERM}" "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

# start_server [EXTRA ARGS...]: on $PORT with the database in $WORK.
start_server() {
  : > "$WORK/server.out"
  RENTGUY_ADMIN_EMAIL=$EMAIL RENTGUY_ADMIN_PASSWORD=$PASSWORD \
    "$SERVER" --grpc-port "$PORT" --http-port 0 --database-path "$WORK/db.sqlite" "$@" \
    >> "$WORK/server.out" 2>> "$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q "gRPC listening on" "$WORK/server.out" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "run-e2e: the server did not start"; tail -20 "$WORK/server.err"; exit 1
}

check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; FAILED=1; fi
}
acks() { grep -cE '^[0-9a-f-]{36} ' "$1" || true; }
distinct_acks() { { grep -oE '^[0-9a-f-]{36} ' "$1" || true; } | sort -u | wc -l; }
count_result() { grep -cE "^[0-9a-f-]{36} $2 " "$1" || true; }
stored() { "$PY" "$HERE/e2e_helper.py" scans --port "$PORT" --email "$EMAIL" --password "$PASSWORD" --device "$1"; }
scan() { # scan NAME ARGS... : runs rentguy-scan, output in $WORK/NAME.out/.err, status in $rc
  local name=$1; shift
  set +e
  "$SCAN" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
  rc=$?
  set -e
}

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_server
"$PY" "$HERE/e2e_helper.py" setup --port "$PORT" --email "$EMAIL" --password "$PASSWORD" \
  --device "$DEVICE" --assets "$N" --prefix E2E > "$WORK/setup"
KEY=$(sed -n 1p "$WORK/setup")
mapfile -t BARCODES < <(tail -n +3 "$WORK/setup")
echo "server on 127.0.0.1:$PORT, $N assets, device key ${KEY:0:8}..."
QUEUE=$WORK/queue.sqlite
COMMON=(--key "$KEY" --device "$DEVICE" --queue "$QUEUE")

# 1. Offline: everything is queued, nothing lost.
scan offline --server 127.0.0.1:1 "${COMMON[@]}" --action audit --timeout 1 "${BARCODES[@]}"
check "offline: exit 3" [ $rc -eq 3 ]
check "offline: $N pending" grep -q "pending $N\$" "$WORK/offline.out"
sqlite3 "$QUEUE" ".backup '$WORK/queue-backup.sqlite'"

# 2. Delivered: each scan acknowledged once, stored once.
scan deliver --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 30 < /dev/null
check "deliver: exit 0" [ $rc -eq 0 ]
check "deliver: $N acks for $N distinct scans" [ "$(acks "$WORK/deliver.out")" -eq "$N" ] && [ "$(distinct_acks "$WORK/deliver.out")" -eq "$N" ]
check "deliver: all ACCEPTED" grep -q "^sent $N, accepted $N, duplicate 0, conflict 0, rejected 0, pending 0\$" "$WORK/deliver.out"
check "deliver: the server stored $N scans, $N distinct" [ "$(stored "$DEVICE")" = "$N $N" ]

# 3. Lost acks: the queue from before the delivery is replayed; the server answers DUPLICATE.
cp "$WORK/queue-backup.sqlite" "$QUEUE"
rm -f "$QUEUE-wal" "$QUEUE-shm"
scan replay --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 30 < /dev/null
check "replay: exit 0" [ $rc -eq 0 ]
check "replay: $N DUPLICATE acks" [ "$(count_result "$WORK/replay.out" DUPLICATE)" -eq "$N" ]
check "replay: nothing stored twice" [ "$(stored "$DEVICE")" = "$N $N" ]

# 4. The server crashes during a sync and comes back on the same port: the client reconnects
#    (backoff) and replays what was not acknowledged; every scan is acknowledged exactly once.
M=$((5 * N))
BIG=()
for i in $(seq 1 5); do BIG+=("${BARCODES[@]}"); done
scan offline2 --server 127.0.0.1:1 "${COMMON[@]}" --action audit --timeout 1 "${BIG[@]}"
set +e
"$SCAN" --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 90 < /dev/null \
  > "$WORK/crash.out" 2> "$WORK/crash.err" &
SCAN_PID=$!
for _ in $(seq 1 400); do [ "$(acks "$WORK/crash.out")" -ge 1 ] && break; sleep 0.005; done
acked_before=$(acks "$WORK/crash.out")
stop_server KILL
sleep 0.5
start_server
wait $SCAN_PID
rc=$?
set -e
echo "     (the server was killed after $acked_before of $M acks)"
check "crash: exit 0" [ $rc -eq 0 ]
check "crash: $M acks for $M distinct scans" [ "$(acks "$WORK/crash.out")" -eq "$M" ] && [ "$(distinct_acks "$WORK/crash.out")" -eq "$M" ]
check "crash: none lost (pending 0)" grep -q 'pending 0$' "$WORK/crash.out"
check "crash: the server stored every scan once" [ "$(stored "$DEVICE")" = "$((N + M)) $((N + M))" ]
# (Acks already in the client's socket buffer when the server died need no resend.)
echo "     (scans written to streams: $(sed -n 's/^sent \([0-9]*\),.*/\1/p' "$WORK/crash.out") for $M scans)"

# 4b. A graceful shutdown (SIGTERM: GOAWAY) during a sync: the client stops sending on that
#     connection and half-closes, so the server drains quickly (well within its 30 s grace
#     period); after the restart the rest is delivered. Every scan acknowledged once.
scan offline3 --server 127.0.0.1:1 "${COMMON[@]}" --action audit --timeout 1 "${BIG[@]}"
set +e
"$SCAN" --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 90 < /dev/null \
  > "$WORK/drain.out" 2> "$WORK/drain.err" &
SCAN_PID=$!
for _ in $(seq 1 400); do [ "$(acks "$WORK/drain.out")" -ge 1 ] && break; sleep 0.005; done
acked_before=$(acks "$WORK/drain.out")
started=$(date +%s%N)
stop_server TERM
drained_ms=$(( ($(date +%s%N) - started) / 1000000 ))
start_server
wait $SCAN_PID
rc=$?
set -e
echo "     (SIGTERM after $acked_before of $M acks; the server exited in $drained_ms ms)"
check "drain: exit 0" [ $rc -eq 0 ]
check "drain: $M acks for $M distinct scans" [ "$(acks "$WORK/drain.out")" -eq "$M" ] && [ "$(distinct_acks "$WORK/drain.out")" -eq "$M" ]
check "drain: the server stored every scan once" [ "$(stored "$DEVICE")" = "$((N + 2 * M)) $((N + 2 * M))" ]
check "drain: the server did not wait for its grace period" [ "$drained_ms" -lt 20000 ]

# 4c. The client is killed (SIGKILL) in the middle of a sync and run again: what was acknowledged
#     before is not sent again as new, what was not is replayed; every scan stored exactly once
#     and the queue ends empty.
scan offline4 --server 127.0.0.1:1 "${COMMON[@]}" --action audit --timeout 1 "${BIG[@]}"
set +e
"$SCAN" --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 90 < /dev/null \
  > "$WORK/killed.out" 2> "$WORK/killed.err" &
SCAN_PID=$!
for _ in $(seq 1 2000); do [ "$(acks "$WORK/killed.out")" -ge $((M / 4)) ] && break; sleep 0.005; done
kill -KILL $SCAN_PID
wait $SCAN_PID 2>/dev/null
set -e
echo "     (the client was killed after $(acks "$WORK/killed.out") of $M acks)"
scan rerun --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 90 < /dev/null
check "client killed: the rerun exits 0 with nothing pending" [ $rc -eq 0 ] && grep -q 'pending 0$' "$WORK/rerun.out"
check "client killed: the server stored every scan once" [ "$(stored "$DEVICE")" = "$((N + 3 * M)) $((N + 3 * M))" ]

# 4d. The network is cut (the server is gone for E2E_OUTAGE seconds, default 30) while scanning
#     goes on: every scan is kept in the queue; when the server is back, one sync delivers them all.
OUTAGE=${E2E_OUTAGE:-30}
stop_server TERM
deadline=$(( $(date +%s) + OUTAGE ))
batches=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  scan outage-$batches --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 1 "${BARCODES[@]:0:50}"
  [ $rc -eq 3 ] || { echo "FAIL outage: scanning while the server is gone should exit 3, got $rc"; FAILED=1; }
  batches=$((batches + 1))
done
scan outage-status --queue "$QUEUE" --status
check "outage: $((50 * batches)) scans made in ${OUTAGE} s, all waiting in the queue" grep -q "^pending $((50 * batches))\$" "$WORK/outage-status.out"
start_server
scan back --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 90 < /dev/null
check "outage: back online, all delivered, nothing pending" [ $rc -eq 0 ] && grep -q 'pending 0$' "$WORK/back.out"
check "outage: the server stored every scan once" \
  [ "$(stored "$DEVICE")" = "$((N + 3 * M + 50 * batches)) $((N + 3 * M + 50 * batches))" ]

# 5. Refusals end the sync at once; the scans stay queued.
scan mismatch --server "127.0.0.1:$PORT" --key "$KEY" --device someone-else \
  --queue "$WORK/other.sqlite" --action audit --timeout 30 "${BARCODES[0]}"
check "device mismatch: exit 3 with PERMISSION_DENIED (DEVICE_MISMATCH)" [ $rc -eq 3 ] && grep -q 'DEVICE_MISMATCH' "$WORK/mismatch.err"
scan badkey --server "127.0.0.1:$PORT" --key rgk_not-a-real-key --device "$DEVICE" \
  --queue "$WORK/badkey.sqlite" --action audit --timeout 30 "${BARCODES[0]}"
check "bad key: exit 3 with UNAUTHENTICATED" [ $rc -eq 3 ] && grep -q 'UNAUTHENTICATED' "$WORK/badkey.err"

# 6. stdin: an unknown barcode is REJECTED and kept for a person; a check-in of an asset that
#    is not out is a CONFLICT.
printf '%s\nNO-SUCH-BARCODE\n' "${BARCODES[1]}" > "$WORK/stdin.in"
scan stdin --server "127.0.0.1:$PORT" "${COMMON[@]}" --action audit --timeout 30 < "$WORK/stdin.in"
check "stdin: exit 0, one accepted, one rejected" [ $rc -eq 0 ] && grep -q '^sent 2, accepted 1, duplicate 0, conflict 0, rejected 1, pending 0$' "$WORK/stdin.out"
scan checkin --server "127.0.0.1:$PORT" "${COMMON[@]}" --action check-in --timeout 30 "${BARCODES[2]}"
check "check-in of an asset not out: CONFLICT NOT_CHECKED_OUT" [ $rc -eq 0 ] && grep -qE ' CONFLICT NOT_CHECKED_OUT' "$WORK/checkin.out"
scan status --queue "$QUEUE" --status
check "status: two attention items, nothing pending" [ $rc -eq 0 ] && grep -q '^attention 2$' "$WORK/status.out"

# 6b. Eight devices check out the same flight case at once (Tests/peers/scan_probe.py's "race",
#     here with eight rentguy-scan processes): a case of 3 assets on a CONFIRMED booking, eight
#     device keys and eight queue files. Each device queues a CHECK_OUT of the case (offline),
#     the eight scans are given the same scanned_at (scanned in the same instant: a loser that
#     scanned even a little earlier than the winner is CONFLICT OUT_OF_ORDER instead, because the
#     order check comes first, docs/scanning.md), then the eight syncs are started together.
#     Exactly one is ACCEPTED and checks the 3 assets out once (the line's checked_out_quantity
#     3, not 24); the other seven are CONFLICT ALREADY_CHECKED_OUT and sit in their device's
#     attention table; every queue ends empty.
RACE_DEVICES_N=8
"$PY" "$HERE/e2e_helper.py" race-setup --port "$PORT" --email "$EMAIL" --password "$PASSWORD" \
  --assets 3 --devices "$RACE_DEVICES_N" > "$WORK/race" 2> "$WORK/race-setup.err"
RACE_CASE=$(sed -n 1p "$WORK/race")
RACE_BOOKING=$(sed -n 2p "$WORK/race")
mapfile -t RACE_DEVICES < <(tail -n +3 "$WORK/race")
RACE_AT=$(date +%s)
for i in "${!RACE_DEVICES[@]}"; do
  read -r race_device race_key <<< "${RACE_DEVICES[$i]}"
  scan race-queue-$i --server 127.0.0.1:1 --key "$race_key" --device "$race_device" \
    --queue "$WORK/race-$i.sqlite" --action check-out --booking "$RACE_BOOKING" --timeout 0 "$RACE_CASE"
  [ $rc -eq 3 ] || { echo "FAIL race: queueing on device $i should exit 3, got $rc"; FAILED=1; }
  sqlite3 "$WORK/race-$i.sqlite" "UPDATE pending SET scanned_at_s = $RACE_AT, scanned_at_ns = 0"
done
RACE_PIDS=()
for i in "${!RACE_DEVICES[@]}"; do
  read -r race_device race_key <<< "${RACE_DEVICES[$i]}"
  "$SCAN" --server "127.0.0.1:$PORT" --key "$race_key" --device "$race_device" \
    --queue "$WORK/race-$i.sqlite" --action check-out --booking "$RACE_BOOKING" --timeout 30 \
    < /dev/null > "$WORK/race-$i.out" 2> "$WORK/race-$i.err" &
  RACE_PIDS+=($!)
done
race_exit0=0 race_accepted=0 race_already=0 race_devices_ok=0
for i in "${!RACE_PIDS[@]}"; do
  set +e; wait "${RACE_PIDS[$i]}"; rc=$?; set -e
  [ $rc -eq 0 ] && race_exit0=$((race_exit0 + 1))
  accepted=$(count_result "$WORK/race-$i.out" ACCEPTED)
  already=$(grep -cE '^[0-9a-f-]{36} CONFLICT ALREADY_CHECKED_OUT ' "$WORK/race-$i.out" || true)
  race_accepted=$((race_accepted + accepted))
  race_already=$((race_already + already))
  scan race-status-$i --queue "$WORK/race-$i.sqlite" --status
  # The winner's attention table is empty; a loser's holds its conflict (with the conflict id).
  if grep -q '^pending 0$' "$WORK/race-status-$i.out" && {
       { [ "$accepted" -eq 1 ] && grep -q '^attention 0$' "$WORK/race-status-$i.out"; } ||
       { [ "$already" -eq 1 ] && grep -q '^attention 1$' "$WORK/race-status-$i.out" &&
         grep -qE " CHECK_OUT $RACE_CASE CONFLICT ALREADY_CHECKED_OUT cfl_" "$WORK/race-status-$i.out"; }; }; then
    race_devices_ok=$((race_devices_ok + 1))
  fi
done
check "race: all $RACE_DEVICES_N syncs exit 0" [ "$race_exit0" -eq "$RACE_DEVICES_N" ]
check "race: one ACCEPTED, $((RACE_DEVICES_N - 1)) CONFLICT ALREADY_CHECKED_OUT (got $race_accepted, $race_already)" \
  [ "$race_accepted.$race_already" = "1.$((RACE_DEVICES_N - 1))" ]
check "race: every queue empty; each conflict in its device's attention table ($race_devices_ok of $RACE_DEVICES_N devices)" \
  [ "$race_devices_ok" -eq "$RACE_DEVICES_N" ]
race_server=$("$PY" "$HERE/e2e_helper.py" race-check --port "$PORT" --email "$EMAIL" --password "$PASSWORD" \
  --booking "$RACE_BOOKING")
race_lost=$((RACE_DEVICES_N - 1))
race_wanted="scans=$RACE_DEVICES_N accepted=1 conflict=$race_lost already_out=$race_lost"
race_wanted+=" open_conflicts=$((3 * race_lost)) conflict_scans=$race_lost lines=1 quantity=3 checked_out=3"
race_wanted+=" status=CHECKED_OUT assets_out=3"
check "race: the server stored $RACE_DEVICES_N scans, applied one (3 assets out once, the line 3 of 3), $race_lost conflicts" \
  [ "$race_server" = "$race_wanted" ]
[ "$race_server" = "$race_wanted" ] || echo "     got:    $race_server"$'\n'"     wanted: $race_wanted"

# 7. TLS: the same server restarted with a certificate; verified against the test CA.
bash "$ROOT/Tests/peers/make_certs.sh" "$WORK/pki" > /dev/null
stop_server TERM
start_server --grpc-tls-certificate "$WORK/pki/server.pem" --grpc-tls-key "$WORK/pki/server.key"
scan tls --server "https://127.0.0.1:$PORT" --ca "$WORK/pki/ca.pem" "${COMMON[@]}" --action audit \
  --timeout 30 "${BARCODES[3]}"
check "tls: delivered over TLS" [ $rc -eq 0 ] && grep -q '^sent 1, accepted 1' "$WORK/tls.out"
scan tls-untrusted --server "https://localhost:$PORT" --ca "$WORK/pki/other-ca.pem" "${COMMON[@]}" \
  --action audit --timeout 2 "${BARCODES[4]}"
check "tls: an untrusted certificate is refused (exit 3)" [ $rc -eq 3 ] && grep -q 'certificate verification failed' "$WORK/tls-untrusted.err"

if [ $FAILED -ne 0 ]; then
  for f in "$WORK"/*.err; do [ -s "$f" ] && { echo "== $f"; head -5 "$f"; }; done
  echo "run-e2e: FAILED"
  exit 1
fi
echo "run-e2e: all passed"
