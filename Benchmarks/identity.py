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
    # The ratio of two separate runs is noisy on a shared 2-core machine: the median of three.
    rounds = [{r["scenario"]: r for r in run("auth-overhead", 32)} for _ in range(3)]
    overhead = sorted(rounds, key=lambda r: r["auth-overhead"]["ratio"])[1]
    mutations = run("mutations", 32)[0]
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
        "cores). A file database in WAL mode with `synchronous = FULL`. %s s per scenario after a 1 s warm-up." % SECONDS,
        "",
        "| measure | target | result |",
        "| --- | --- | --- |",
        "| Login (Argon2id, m=19 MiB t=2 p=1), 8 concurrent: p50 / p99 | p99 < 100 ms | %.1f / %.1f ms (%d logins/s) |" % (
            login["p50_us"] / 1000, login["p99_us"] / 1000, login["rate"]),
        "| ListPermissions with a verified access token vs without the auth interceptor, 32 concurrent (median of 3) | ≥ 0.8 | %s (%d vs %d RPCs/s) |" % (
            ratio, overhead["with-auth"]["rate"], overhead["without-auth"]["rate"]),
        "| CreateUser, audited and idempotent (fresh key each), 32 concurrent | ≥ 3,000/s | %d/s (p50 %.1f ms, p99 %.1f ms) |" % (
            mutations["rate"], mutations["p50_us"] / 1000, mutations["p99_us"] / 1000),
        "| the same, without an idempotency key (audited, group-committed) | | %d/s |" % without_key["rate"],
        "| CreateUser's unit of work through the group commit alone, no RPC (with the key lookup) | | %d/s (%d/s), %.1f writes per transaction |" % (
            store["rate"], store_find["rate"], store["rate"] * float(SECONDS) / max(store["transactions"], 1)),
        "",
        "The group commit itself is not the limit (the last row); the idempotency interceptor's work on",
        "the RPC path is, and it is the next thing to profile.",
        "",
        "Every CreateUser commits its user, role, audit event (hash-chained), idempotency key and the",
        "response kept for replays in one savepoint of a group-committed transaction (`BatchedWriter`),",
        "and is answered after that commit. Login is bound by Argon2id: at OWASP's parameters one hash",
        "costs ~25 ms of CPU, and 8 concurrent sign-ins on 2 cores (shared with the load generator)",
        "queue behind each other.",
        "",
        "```json",
        json.dumps({"login": login, "auth_overhead": overhead, "mutations": mutations, "mutations_without_key": without_key,
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
