#!/usr/bin/env python3
"""Identity and access benchmarks (bench-identity, release build): sign-in latency, the auth
interceptor's cost on the same RPC, audited idempotent mutations. Writes the "Identity and access"
section of ../docs/performance.md (between its markers), leaving the rest of the file alone.

Run through ./identity.sh, which builds the release binary first.
"""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=HERE, text=True).strip()
BEGIN, END = "<!-- identity:begin -->", "<!-- identity:end -->"
SECONDS = os.environ.get("BENCH_SECONDS", "5")


def run(scenario, concurrency):
    output = subprocess.check_output([os.path.join(BIN, "bench-identity"), "--scenario", scenario,
                                      "--concurrency", str(concurrency), "--duration", SECONDS], text=True)
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def main():
    login = run("login", 8)[0]
    login_per_core = run("login", 2)[0]
    # The ratio of two separate runs is noisy on a shared 2-core machine: the median of three.
    rounds = [{r["scenario"]: r for r in run("auth-overhead", 32)} for _ in range(3)]
    overhead = sorted(rounds, key=lambda r: r["auth-overhead"]["ratio"])[1]
    # Throughput on this shared VM varies by ±10 % between runs: the median of five.
    mutations = sorted((run("mutations", 32)[0] for _ in range(5)), key=lambda r: r["rate"])[2]
    without_key = run("mutations-without-key", 32)[0]
    store = run("store", 32)[0]
    store_find = run("store-with-find", 32)[0]
    ratio = overhead["auth-overhead"]["ratio"]
    lines = [
        BEGIN,
        "## Identity and access",
        "",
        "`Benchmarks/identity.sh`: bench-identity (release) serves IdentityService on the nghttp2 transport",
        "and calls it over loopback with RentGuyClient, in one process (client and server share the two",
        "cores). A file database in WAL mode; every write answered only once it is on disk. %s s per scenario after a 1 s warm-up." % SECONDS,
        "",
        "| measure | target | result |",
        "| --- | --- | --- |",
        "| Login (Argon2id, m=7 MiB t=5 p=1), 8 concurrent: p50 / p99 | p99 < 100 ms | %.1f / %.1f ms (%d logins/s) |" % (
            login["p50_us"] / 1000, login["p99_us"] / 1000, login["rate"]),
        "| Login, 2 concurrent (one per core): p50 / p99 | | %.1f / %.1f ms (%d logins/s) |" % (
            login_per_core["p50_us"] / 1000, login_per_core["p99_us"] / 1000, login_per_core["rate"]),
        "| ListPermissions with a verified access token vs without the auth interceptor, 32 concurrent (median of 3) | ≥ 0.8 | %s (%d vs %d RPCs/s) |" % (
            ratio, overhead["with-auth"]["rate"], overhead["without-auth"]["rate"]),
        "| CreateUser, audited and idempotent (fresh key each), 32 concurrent (median of 5) | ≥ 3,000/s | %d/s (p50 %.1f ms, p99 %.1f ms) |" % (
            mutations["rate"], mutations["p50_us"] / 1000, mutations["p99_us"] / 1000),
        "| the same, without an idempotency key (audited, group-committed) | | %d/s |" % without_key["rate"],
        "| CreateUser's unit of work through the group commit alone, no RPC (with the key lookup) | | %d/s (%d/s), %.1f writes per transaction |" % (
            store["rate"], store_find["rate"], store["rate"] * float(SECONDS) / max(store["transactions"], 1)),
        "",
        "The group commit runs its batches back to back on the writer's connection (`writeWithoutTransaction`,",
        "one transaction per batch): the next batch starts the moment the last one committed, without a",
        "hop back to the cooperative pool; after 8 batches the lead passes to the oldest waiting caller, so",
        "the leader's own answer is not held. That took CreateUser from ~2,750/s to the figure above.",
        "",
        "Every CreateUser commits its user, role, audit event (hash-chained), idempotency key and the",
        "response kept for replays in one savepoint of a group-committed transaction (`BatchedWriter`),",
        "and is answered after that commit.",
        "",
        "**Login misses its target, and cannot meet it at OWASP's cost on two cores.** 88 % of a sign-in's CPU",
        "is Argon2id (perf). OWASP lists five equally strong settings; the cheapest here is 7 MiB × 5 passes",
        "(~18 ms a hash alone, ~21 ms with both cores hashing; 19 MiB × 2 passes costs ~22 / ~28 ms). Two",
        "cores therefore finish at most ~95 sign-ins a second, and 8 clients that each sign in again the",
        "moment they are answered wait, by Little's law, at least 8 / 95 s ≈ 85 ms on average, before any",
        "variance. With one sign-in per core (second row) the latency is the hash itself. The business",
        "plan's KPI (p99 < 200 ms) is met; the issue's p99 < 100 ms at 8 concurrent needs ~4 cores, or a",
        "setting weaker than OWASP's minimum, which we do not ship.",
        "",
        "```json",
        json.dumps({"login": login, "login_per_core": login_per_core, "auth_overhead": overhead, "mutations": mutations, "mutations_without_key": without_key,
                    "store": store, "store_with_find": store_find}, indent=1),
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
