#!/usr/bin/env python3
"""Scanning benchmark (bench-booking --scenario scans, release build) on the booking data set:
8 scanner devices, each with its own device API key and one StreamScans stream, send AUDIT scans
of random assets (the worst case for the database: every scan writes an asset page no other scan
of its batch shares) as fast as their acks allow, with at most WINDOW scans unacknowledged each.
Every ack comes after its scan's transaction is on disk. Client and server share the 2 cores.

Writes the "Scanning" section of ../docs/performance.md (between its markers). Run through
./scanning.sh. BENCH_SECONDS (default 10) sets the seconds measured per run, BENCH_ROUNDS
(default 3) the runs per window (the median by rate is reported, with the range).
"""
import json
import os
import platform
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=HERE, text=True).strip()
DATABASE = os.path.join(HERE, ".data", "booking.sqlite")
BEGIN, END = "<!-- scanning:begin -->", "<!-- scanning:end -->"
SECONDS = os.environ.get("BENCH_SECONDS", "10")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WINDOWS = [16, 32, 64]


def run(window):
    output = subprocess.check_output([os.path.join(BIN, "bench-booking"), "--scenario", "scans", "--window", str(window),
                                      "--duration", SECONDS, "--database", DATABASE], text=True)
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")][-1]


def ms(us):
    return "%.0f" % (us / 1000)


def main():
    rows = []
    for window in WINDOWS:
        results = sorted((run(window) for _ in range(ROUNDS)), key=lambda r: r["rate"])
        middle = results[len(results) // 2]
        print(json.dumps(middle))
        rows.append((window, middle, results))
    lines = [
        BEGIN,
        "## Scanning",
        "",
        "`Benchmarks/scanning.sh` (release build, %s, %d cores; `bench-booking --scenario scans` on a copy of the booking data set): "
        "8 scanner devices, each with its own device API key and one StreamScans stream, send AUDIT scans of random assets of the "
        "20,000 as fast as their acks allow, at most *window* unacknowledged each. Every ack comes after its scan's transaction is "
        "on disk (group commit shared by the 8 streams, the log flushed before any ack). Client and server share the 2 cores. "
        "%s s per run, median of %d runs by rate (range in brackets)." % (platform.machine(), os.cpu_count(), SECONDS, ROUNDS),
        "",
        "| window per device | acknowledged scans/s | ack p50 / p99 | target |",
        "| --- | --- | --- | --- |",
    ]
    for window, middle, results in rows:
        target = "≥ 20,000/s (goal 50,000), p99 < 50 ms" if window == WINDOWS[-1] else ""
        lines.append("| %d | **%s** (%s–%s) | %s / %s ms (p99 %s–%s) | %s |" % (
            window, format(middle["rate"], ","), format(results[0]["rate"], ","), format(results[-1]["rate"], ","),
            ms(middle["p50_us"]), ms(middle["p99_us"]), ms(min(r["p99_us"] for r in results)), ms(max(r["p99_us"] for r in results)),
            target))
    lines.append(END)
    path = os.path.join(ROOT, "docs", "performance.md")
    text = open(path).read()
    section = "\n".join(lines)
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    open(path, "w").write(text)


if __name__ == "__main__":
    main()
