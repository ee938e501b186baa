#!/usr/bin/env bash
# The C scanner client's own cost (clients/c, rentguy-scan as shipped, Release build):
#
#   enqueue  N scans written into its SQLite queue while no server is reachable (one durable
#            transaction per scan: WAL, synchronous=FULL), as scans/s (wall clock) and per
#            CPU-second of the client process, and its peak RSS;
#   sync     that queue delivered to a running rentguy-server (one StreamScans stream, up to 512
#            unacknowledged, each ack committed to the queue): the client process's CPU time
#            (user + sys) as scans per CPU-second (= scans/s it could sustain on one core), its
#            peak RSS, and for reference the wall clock and the server's CPU for the same scans.
#
#   Benchmarks/scanner-client.sh [SERVER_BINARY] [N] [ASSETS]
#     SERVER_BINARY  default .build/release/rentguy-server (not built here; a debug build works
#                    too, it only makes the wall clock and the server's CPU larger)
#     N              scans (default 20000): AUDIT scans of ASSETS assets (default 500), in turn
#     ROUNDS=3       enqueue + sync rounds (a fresh queue each); the table has the median
#     WRITE_DOCS=1   also replace the "scanner-client" section of docs/performance.md
#     RENTGUY_SCAN   the tool to measure (default: clients/c built Release in .build/clients-c-bench)
#     SERVER_BUILD   "debug" or "release" for the report, when the path does not tell
#     QUEUE_DIR      where the queue file lives (default: a temporary directory under /tmp); the
#                    enqueue rate is bound by that file system's fsync
#
# With two or more cores the client runs on core 1 and the server on core 0 (taskset), so the
# client's figures are one core's worth. CPU times and peak RSS are the client process's own
# (getrusage: user + sys, ru_maxrss); the server's CPU comes from /proc/PID/stat around the sync.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER=${1:-$ROOT/.build/release/rentguy-server}
N=${2:-20000}
ASSETS=${3:-500}
ROUNDS=${ROUNDS:-3}
PY=${RENTGUY_PYTHON:-$ROOT/.venv/bin/python}
[ -x /usr/bin/time ] || { echo "scanner-client: needs /usr/bin/time (Debian package time)"; exit 2; }
[ -x "$SERVER" ] || { echo "scanner-client: $SERVER is not an executable (usage: scanner-client.sh [SERVER_BINARY] [N] [ASSETS])"; exit 2; }
SERVER=$(realpath "$SERVER")
[ -x "$PY" ] || { echo "scanner-client: no python with grpcio at $PY (scripts/setup.sh)"; exit 2; }
if [ -z "${RENTGUY_SCAN:-}" ]; then
  cmake -S "$ROOT/clients/c" -B "$ROOT/.build/clients-c-bench" -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build "$ROOT/.build/clients-c-bench" -j2 --target rentguy-scan > /dev/null
  RENTGUY_SCAN=$ROOT/.build/clients-c-bench/rentguy-scan
fi
SCAN=$(realpath "$RENTGUY_SCAN")

WORK=$(mktemp -d)
QUEUES=${QUEUE_DIR:-$WORK}
mkdir -p "$QUEUES"
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  rm -f "$QUEUES"/bench-*.sqlite*
}
trap cleanup EXIT

CLIENT_PIN=() SERVER_PIN=()
if [ "$(nproc)" -ge 2 ]; then CLIENT_PIN=(taskset -c 1) SERVER_PIN=(taskset -c 0); fi

EMAIL=admin@example.com
PASSWORD='correct-horse-battery'
DEVICE=scanner-bench
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RENTGUY_ADMIN_EMAIL=$EMAIL RENTGUY_ADMIN_PASSWORD=$PASSWORD "${SERVER_PIN[@]}" \
  "$SERVER" --grpc-port "$PORT" --http-port 0 --database-path "$WORK/db.sqlite" \
  > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q "gRPC listening on" "$WORK/server.out" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "scanner-client: the server exited"; tail -20 "$WORK/server.err"; exit 1; }
  sleep 0.05
done
"$PY" "$ROOT/clients/c/test/e2e_helper.py" setup --port "$PORT" --email "$EMAIL" --password "$PASSWORD" \
  --device "$DEVICE" --assets "$ASSETS" --prefix BENCH > "$WORK/setup"
KEY=$(sed -n 1p "$WORK/setup")
mapfile -t ASSET_BARCODES < <(tail -n +3 "$WORK/setup")
BARCODES=()
while [ "${#BARCODES[@]}" -lt "$N" ]; do BARCODES+=("${ASSET_BARCODES[@]}"); done
BARCODES=("${BARCODES[@]:0:$N}")

server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
TICK=$(getconf CLK_TCK)
# timed NAME WANTED_STATUS COMMAND...: the command on the client's core. CPU and wall clock from
# bash's `time` (getrusage of the children, to the millisecond; /usr/bin/time's own share is
# ~1 ms), peak RSS from /usr/bin/time (%M, the command's ru_maxrss); in $WORK/NAME.time as
# "wall user sys maxrss_kB".
timed() {
  local name=$1 wanted=$2 rc TIMEFORMAT='%3R %3U %3S'
  shift 2
  set +e
  { time /usr/bin/time -f %M -o "$WORK/$name.rss" "${CLIENT_PIN[@]}" "$@" < /dev/null \
      > "$WORK/$name.out" 2> "$WORK/$name.err"; } 2> "$WORK/$name.cpu"
  rc=$?
  set -e
  echo "$(cat "$WORK/$name.cpu") $(tail -1 "$WORK/$name.rss")" > "$WORK/$name.time"
  if [ $rc -ne "$wanted" ]; then
    echo "scanner-client: $name exited $rc (wanted $wanted)"; tail -3 "$WORK/$name.out" "$WORK/$name.err"; exit 1
  fi
}

# Baseline: the tool opening an empty queue and printing its status (process, libraries, SQLite).
timed baseline 0 "$SCAN" --queue "$QUEUES/bench-baseline.sqlite" --status
for round in $(seq 1 "$ROUNDS"); do
  queue="$QUEUES/bench-$round.sqlite"
  # Each round is another device (a fresh queue, new sequence numbers); the key is bound to one
  # device id, so rounds reuse it with their own queue file and the server dedupes per scan id.
  timed "enqueue-$round" 3 "$SCAN" --server 127.0.0.1:1 --key "$KEY" --device "$DEVICE" --queue "$queue" \
    --action audit --timeout 0 "${BARCODES[@]}"
  grep -q "pending $N\$" "$WORK/enqueue-$round.out" || { echo "scanner-client: enqueue-$round did not queue $N scans"; exit 1; }
  before=$(server_ticks)
  timed "sync-$round" 0 "$SCAN" --server "127.0.0.1:$PORT" --key "$KEY" --device "$DEVICE" --queue "$queue" \
    --action audit --timeout 600
  after=$(server_ticks)
  grep -q "^sent $N, accepted $N, duplicate 0, conflict 0, rejected 0, pending 0\$" "$WORK/sync-$round.out" \
    || { echo "scanner-client: sync-$round: $(tail -1 "$WORK/sync-$round.out")"; exit 1; }
  echo "$(( after - before ))" > "$WORK/sync-$round.server"
  rm -f "$queue" "$queue-wal" "$queue-shm"
done

"$PY" - "$WORK" "$N" "$ROUNDS" "$TICK" "$SERVER" "$ASSETS" "${WRITE_DOCS:-}" "$ROOT" "$QUEUES" <<'PY'
import os, platform, statistics, subprocess, sys
work, n, rounds, tick, server, assets, write_docs, root, queues = sys.argv[1:10]
n, rounds, tick = int(n), int(rounds), int(tick)

def times(name):
    wall, user, sys_, rss = open(os.path.join(work, name + ".time")).read().split()[-4:]
    return float(wall), float(user) + float(sys_), float(user), float(sys_), int(rss)

def median(values):
    return statistics.median(values)

enq = [times("enqueue-%d" % r) for r in range(1, rounds + 1)]
syn = [times("sync-%d" % r) for r in range(1, rounds + 1)]
srv = [int(open(os.path.join(work, "sync-%d.server" % r)).read()) / tick for r in range(1, rounds + 1)]
base = times("baseline")
mib = lambda kb: kb / 1024.0
fs = subprocess.run(["df", "--output=fstype", queues], capture_output=True, text=True).stdout.split()[-1]
rows = [
    ("enqueue: scans/s (wall clock)", "{:,.0f}".format(median([n / e[0] for e in enq]))),
    ("enqueue: scans per client CPU-second", "{:,.0f}".format(median([n / e[1] for e in enq]))),
    ("enqueue: client CPU per scan (user + sys)", "{:.0f} µs ({:.0f} + {:.0f})".format(
        median([e[1] / n * 1e6 for e in enq]), median([e[2] / n * 1e6 for e in enq]), median([e[3] / n * 1e6 for e in enq]))),
    ("enqueue: client peak RSS", "{:.1f} MiB".format(mib(max(e[4] for e in enq)))),
    ("sync: scans per client CPU-second (= scans/s on one core)", "{:,.0f}".format(median([n / s[1] for s in syn]))),
    ("sync: client CPU per scan (user + sys)", "{:.0f} µs ({:.0f} + {:.0f})".format(
        median([s[1] / n * 1e6 for s in syn]), median([s[2] / n * 1e6 for s in syn]), median([s[3] / n * 1e6 for s in syn]))),
    ("sync: client peak RSS", "{:.1f} MiB".format(mib(max(s[4] for s in syn)))),
    ("sync: scans/s delivered (wall clock, bound by the server)", "{:,.0f}".format(median([n / s[0] for s in syn]))),
    ("sync: server CPU per scan, for reference", "{:.0f} µs".format(median([c / n * 1e6 for c in srv]))),
    ("baseline: `rentguy-scan --status` on an empty queue, peak RSS", "{:.1f} MiB".format(mib(base[4]))),
]
build = os.environ.get("SERVER_BUILD") or ("debug" if "/debug/" in server else "release" if "/release/" in server else "unknown")
lines = [
    "<!-- scanner-client:begin -->",
    "## Scanner client (C): its own cost",
    "",
    "`Benchmarks/scanner-client.sh [SERVER_BINARY] [N] [ASSETS]` (default `.build/release/rentguy-server`, 20,000 scans,",
    "500 assets): `rentguy-scan` (Release build) queues N AUDIT scans with no server reachable (one durable SQLite",
    "transaction per scan), then delivers the queue to the server in one sync (one StreamScans stream, 512 in flight,",
    "every ack committed to the queue, one output line per ack). The client is pinned to core 1, the server to core 0;",
    "CPU time (user + sys) and peak RSS are the client process's own (getrusage). Median of %d rounds." % rounds,
    "Machine: %s %s, %d cores; queue file on %s; server: %s build." % (
        platform.system(), platform.release(), os.cpu_count(), fs, build),
    "",
    "| measure (N = {:,}) | value |".format(n),
    "| --- | ---: |",
] + ["| %s | %s |" % row for row in rows] + ["<!-- scanner-client:end -->"]
section = "\n".join(lines)
print(section)
if write_docs:
    out = os.path.join(root, "docs", "performance.md")
    text = open(out).read()
    begin, end = "<!-- scanner-client:begin -->", "<!-- scanner-client:end -->"
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(out, "w").write(text)
    print("wrote the scanner-client section of %s" % out)
PY
