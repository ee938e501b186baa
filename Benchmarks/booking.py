#!/usr/bin/env python3
"""Booking benchmarks (bench-booking, release build) on a generated data set of a large rental
company: availability checks, availability timelines, contended confirmations with a check for
overbooking, and the booking event stream under that load. Writes the "Booking" section of
../docs/performance.md (between its markers), leaving the rest of the file alone.

Run through ./booking.sh, which builds the release binary and generates the data set first.
BENCH_SECONDS (default 5) sets the seconds measured per run, BENCH_ROUNDS (default 3) how many
runs of each scenario are made (the median is reported).
"""
import json
import os
import platform
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=HERE, text=True).strip()
DATABASE = os.path.join(HERE, ".data", "booking.sqlite")
GENERATED = os.path.join(HERE, ".data", "generate.json")
BEGIN, END = "<!-- booking:begin -->", "<!-- booking:end -->"
SECONDS = os.environ.get("BENCH_SECONDS", "5")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONCURRENCY = 32


def run(scenario, concurrency=CONCURRENCY, *extra):
    output = subprocess.check_output([os.path.join(BIN, "bench-booking"), "--scenario", scenario, "--concurrency", str(concurrency),
                                      "--duration", SECONDS, "--database", DATABASE, *extra], text=True)
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")][-1]


def median(results, key):
    """The result in the middle when sorted by `key` (the upper middle for an even count)."""
    return sorted(results, key=key)[len(results) // 2]


def ms(us):
    return "%.2f" % (us / 1000)


def main():
    if not os.path.exists(DATABASE):
        raise SystemExit("no data set at %s: run ./booking.sh (it generates it)" % DATABASE)
    generated = None
    if os.path.exists(GENERATED):
        lines = [line for line in open(GENERATED).read().splitlines() if line.startswith("{")]
        generated = json.loads(lines[-1]) if lines else None

    # Shared 2-core VM: every scenario runs ROUNDS times; latency rows report the round with the
    # median p99, throughput rows the round with the median rate.
    availability = [run("availability") for _ in range(ROUNDS)]
    timeline = [run("timeline") for _ in range(ROUNDS)]
    # 32 concurrent clients, each on its own connection, as 32 planners' or services' clients are.
    confirm = [run("confirm", CONCURRENCY, "--connections", str(CONCURRENCY)) for _ in range(ROUNDS)]
    watch = [run("watch", CONCURRENCY, "--connections", str(CONCURRENCY)) for _ in range(ROUNDS)]

    availability_latency = median(availability, lambda r: r["latency"]["p99_us"])["latency"]
    availability_throughput = median(availability, lambda r: r["throughput"]["rate"])["throughput"]
    timeline_latency = median(timeline, lambda r: r["latency"]["p99_us"])["latency"]
    timeline_throughput = median(timeline, lambda r: r["throughput"]["rate"])["throughput"]
    confirm_median = median(confirm, lambda r: r["load"]["rate"])
    watch_median = median(watch, lambda r: r["load"]["rate"])
    load = confirm_median["load"]
    pool = confirm_median["pool"]
    verifications = [r["verification"] for r in confirm + watch]
    passed = sum(1 for v in verifications if v["passed"])
    overbooked = sum(v["overbooked_products"] for v in verifications)
    peak = max(v["peak_held"] for v in verifications)
    refused = sum(v["refused_answers"] for v in verifications)
    justified = sum(v["refusals_justified"] for v in verifications)
    watch_ok = sum(1 for r in watch if r["watch"]["all_received"] and r["watch"]["in_order"])
    events = watch_median["watch"]["events_committed"]
    errors = sum(r["load"]["errors"] for r in confirm + watch) + sum(
        r[k]["errors"] for r in availability + timeline for k in ("latency", "throughput"))
    ran_out = any(r["load"]["ran_out"] for r in confirm + watch)

    if generated:
        rows = generated["rows"]
        statuses = generated["bookings_by_status"]
        data_set = (
            "%s products (1,800 serialized with %s assets, 200 bulk of 50–500 units), %s flight cases, %s customers, "
            "%s bookings from 2023 to 2027 (1–7 days of usage, 1–8 rental lines of 1–3 units) with %s lines and %s firm "
            "stock holds: %s closed, %s canceled, %s confirmed, %s checked out, %s returned; "
            "%d MB, generated in %.0f s (seed %s), %d lines placed over a product's stock on some day."
            % tuple(["{:,}".format(x) for x in (rows["products"], rows["assets"], rows["cases"], rows["customers"],
                                               rows["bookings"], rows["booking_lines"], rows["stock_holds"],
                                               statuses.get("closed", 0), statuses.get("canceled", 0),
                                               statuses.get("confirmed", 0), statuses.get("checked_out", 0),
                                               statuses.get("returned", 0))]
                    + [generated["megabytes"], generated["seconds"], generated["seed"], generated["lines_over_capacity"]]))
    else:
        data_set = "(generate.json is missing: regenerate with `rm -r Benchmarks/.data && Benchmarks/booking.sh`.)"

    lines = [
        BEGIN,
        "## Booking",
        "",
        "`Benchmarks/booking.sh`: bench-booking (release) serves BookingService and IdentityService on the nghttp2",
        "transport with the server's interceptors (authentication and access with a signed-in administrator's",
        "token, idempotency) and calls it over loopback with RentGuyClient, in one process (client and server",
        "share the %d cores of %s %s). Each run works on a fresh copy of the data set (WAL; a write is answered once it is on disk);"
        % (os.cpu_count() or 0, platform.system(), platform.machine()),
        "Availability and timeline calls share one client connection; ConfirmBooking's %d clients have one"
        % load["concurrency"],
        "connection each (`--connections`); %s s measured per run after" % SECONDS,
        "a 1 s warm-up, %d runs per scenario (the median run is shown)." % ROUNDS,
        "",
        "| measure | target | result |",
        "| --- | --- | --- |",
        "| CheckAvailability, 20 random products over a random 3-day period in 2027, 1 client: p50 / p99 | p99 < 5 ms | %s / %s ms (%d calls/s) |" % (
            ms(availability_latency["p50_us"]), ms(availability_latency["p99_us"]), availability_latency["rate"]),
        "| the same, %d concurrent: throughput (p50 / p99) | | %d calls/s (%s / %s ms) |" % (
            availability_throughput["concurrency"], availability_throughput["rate"], ms(availability_throughput["p50_us"]),
            ms(availability_throughput["p99_us"])),
        "| GetAvailabilityTimeline, one random product over 2026 (365 days), 1 client: p50 / p99 | p99 < 20 ms | %s / %s ms (%d calls/s) |" % (
            ms(timeline_latency["p50_us"]), ms(timeline_latency["p99_us"]), timeline_latency["rate"]),
        "| the same, %d concurrent: throughput (p50 / p99) | | %d calls/s (%s / %s ms) |" % (
            timeline_throughput["concurrency"], timeline_throughput["rate"], ms(timeline_throughput["p50_us"]),
            ms(timeline_throughput["p99_us"])),
        "| ConfirmBooking on %d hot products, %d concurrent, fresh idempotency key each: answers/s (p50 / p99) | ≥ 2,000/s | %d/s (%s / %s ms): %d confirmed/s, %d refused for shortage/s |" % (
            pool["hot_products"], load["concurrency"], load["rate"], ms(load["p50_us"]), ms(load["p99_us"]), load["ok_rate"],
            round(load["refused"] / load["seconds"]) if load["seconds"] else 0),
        "| Overbooking after every confirm and watch run: units of a hot product held at once (sweep over its firm holds) | ≤ stock | peak %d of %d; %d products over; %d of %d refusals justified; %d of %d runs consistent |" % (
            peak, pool["capacity"], overbooked, justified, refused, passed, len(verifications)),
        "| WatchBookingEvents: %d live_only watchers while ConfirmBooking runs (%d concurrent) | every watcher gets every event, in order | %d of %d runs: all %s watchers got all %d events in order; lag p50 / p99 %d / %d ms; %d confirm answers/s meanwhile |" % (
            watch_median["watch"]["watchers"], watch_median["load"]["concurrency"], watch_ok, len(watch),
            watch_median["watch"]["watchers"], events, watch_median["watch"]["lag_p50_ms"], watch_median["watch"]["lag_p99_ms"],
            watch_median["load"]["rate"]),
        "",
        "**Data set** (`bench-booking --scenario generate`, written straight into SQLite with the store's schema,",
        "reproducible from its seed; the data set's \"today\" is 2026-01-01): " + data_set,
        "",
        "**Method.** Availability and timeline requests are drawn from a seeded generator per client, so every",
        "run asks the same questions. For ConfirmBooking, %d hot bulk products of %s units each are added with,"
        % (pool["hot_products"], "{:,}".format(pool["capacity"])),
        "in each week of 2028, CONFIRMED bookings (20–60 units) holding all but %d units and %d one-unit DRAFT"
        % (pool["free_per_week"], pool["drafts_per_week"] // max(pool["hot_products"], 1)),
        "bookings per product, every one overlapping every other; the clients take drafts from a pool of %s, week"
        % "{:,}".format(pool["drafts"]),
        "by week (shuffled within a week), so about one call in five must be refused for shortage, whatever the speed.",
        "Afterwards the benchmark sweeps each hot product's firm holds for the most units held at once,",
        "checks that every OK answer is a CONFIRMED draft with its hold, and that every refused draft has no",
        "unit free over its window. The watchers' lag runs from an event's `occurred_at` (when its",
        "ConfirmBooking began) to its arrival.",
        "",
    ]
    if errors or ran_out:
        lines += ["**Note:** %d calls failed with an unexpected error%s; see the raw results." % (
            errors, "; a run used up its pool of drafts (raise `--pool`)" if ran_out else ""), ""]
    lines += [
        "```json",
        json.dumps({"data_set": generated, "availability": {"latency": availability_latency, "throughput": availability_throughput},
                    "timeline": {"latency": timeline_latency, "throughput": timeline_throughput}, "confirm": confirm_median,
                    "watch": watch_median,
                    "rounds": {"availability_p99_us": [r["latency"]["p99_us"] for r in availability],
                               "timeline_p99_us": [r["latency"]["p99_us"] for r in timeline],
                               "confirm_rate": [r["load"]["rate"] for r in confirm],
                               "watch_rate": [r["load"]["rate"] for r in watch],
                               "verified": [v["passed"] for v in verifications],
                               "watch_all_received": [r["watch"]["all_received"] for r in watch]}}, indent=1),
        "```",
        END,
    ]
    section = "\n".join(lines) + "\n"
    out = os.path.join(ROOT, "docs", "performance.md")
    text = open(out).read() if os.path.exists(out) else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(out, "w") as f:
        f.write(text)
    print(section)


if __name__ == "__main__":
    main()
