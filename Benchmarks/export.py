#!/usr/bin/env python3
"""Accounting export benchmark against a real rentguy-server (release build, its built-in provider
mock, the mock's Moneybird limits off and the server's limiter off: `export.rateLimits=false`):

- INVOICES (default 10,000) closed bookings with their final invoices (three VAT mixes), every
  second one paid through Mollie, are made through the RPCs first (not timed).
- Timed: StartExport (invoices and payments) until the export is SUCCEEDED (GetExport polled every
  50 ms): planning, one job per document, a lookup and a create per invoice at the mock, a payment
  booked per payment, each outcome committed. Target (the issue): 10,000 invoices < 60 s.
- A re-run of the same day (every document read back, nothing sent) is timed too.
- The planned duration of the same documents with Moneybird's and Exact's real limits: a dry run
  plans the real run against the provider's own limits.

Writes the "Accounting export" section of ../docs/performance.md (between its markers). Run
through ./export.sh, which builds the binary first.
"""
import datetime
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "peers"))
sys.path.insert(0, HERE)
import grpc  # noqa: E402
import export_probe as xp  # noqa: E402
import payments as bench  # noqa: E402  (its Server: a release rentguy-server with the built-in mock)

BEGIN, END = "<!-- export:begin -->", "<!-- export:end -->"
INVOICES = int(os.environ.get("INVOICES", "10000"))


def wait(client, export_id):
    while True:
        got = client.rpc("GetExport", xp.export_pb2.GetExportRequest(export_id=export_id))
        if xp.ok(got) and got.export.status not in (xp.E("EXPORT_STATUS_QUEUED"), xp.E("EXPORT_STATUS_RUNNING")):
            return got.export
        time.sleep(0.05)


def run():
    os.environ["RENTGUY_EXPORT_RATE_LIMITS"] = "false"
    server = bench.Server(workers=16)
    try:
        xp.contract()
        args = type("Args", (), {"email": bench.EMAIL, "password": bench.PASSWORD, "mock": server.mock})()
        with grpc.insecure_channel("127.0.0.1:%d" % server.grpc) as channel:
            client = xp.Client(channel, args)
            xp.TALLY.update(checks=0, failed=0)
            began = time.monotonic()
            invoices, payments = xp.make_bookings(client, INVOICES, paid_every=2)
            made = time.monotonic() - began
            xp.limits(args, "moneybird", False)
            xp.need("UpdateConnection", xp.connect_moneybird(client, args))
            xp.set_mapping(client, xp.moneybird_mapping(), "UpdateMapping")
            xp.set_mapping(client, xp.exact_mapping(), "UpdateMapping exact")
            # A dry run plans the real run against the providers' own limits.
            plans = {name: xp.need("dry run", xp.start(client, provider, kinds, dry_run=True)).export.planned_duration.seconds
                     for name, provider, kinds in [("Moneybird (150 / 5 min): the invoices and payments", "MONEYBIRD", ("INVOICES", "PAYMENTS")),
                                                   ("Exact Online (60 / min, 5,000 / day): the invoices", "EXACT", ("INVOICES",))]}
            began = time.monotonic()
            export = xp.need("StartExport invoices", xp.start(client, "MONEYBIRD", ("INVOICES",))).export
            accepted = time.monotonic() - began
            done = wait(client, export.id)
            elapsed = time.monotonic() - began
            held = len(xp.mock_invoices(args))
            began = time.monotonic()
            booked = wait(client, xp.need("StartExport payments", xp.start(client, "MONEYBIRD", ("PAYMENTS",))).export.id)
            payments_elapsed = time.monotonic() - began
            began = time.monotonic()
            rerun = wait(client, xp.need("StartExport again", xp.start(client, "MONEYBIRD")).export.id)
            reread = time.monotonic() - began
        return {"invoices": len(invoices), "payments": len(payments), "made_seconds": round(made, 1),
                "documents": done.counts.total, "status": xp.export_pb2.ExportStatus.Name(done.status),
                "start_seconds": round(accepted, 2), "seconds": round(elapsed, 1), "held": held,
                "rate": int(done.counts.total / elapsed), "payments_seconds": round(payments_elapsed, 1),
                "payments_status": xp.export_pb2.ExportStatus.Name(booked.status), "payments_booked": booked.counts.succeeded,
                "rerun_seconds": round(reread, 1),
                "rerun_skipped": rerun.counts.skipped, "rerun_status": xp.export_pb2.ExportStatus.Name(rerun.status),
                "planned": plans}
    finally:
        server.stop()
        os.environ.pop("RENTGUY_EXPORT_RATE_LIMITS", None)


def human(seconds):
    if seconds >= 86400:
        return "%.1f days" % (seconds / 86400)
    if seconds >= 3600:
        return "%d h %d min" % (seconds // 3600, seconds % 3600 // 60)
    return "%d min" % (seconds // 60)


def main():
    result = run()
    print(json.dumps(result, indent=2))
    lines = [
        BEGIN,
        "## Accounting export",
        "",
        "`Benchmarks/export.sh` (release build, %s, %d cores; client, server and mock on the same machine): a real"
        " `rentguy-server` with its built-in provider mock; the mock's Moneybird limits and the server's limiter off"
        " (`export.rateLimits=false`)." % (platform.machine(), os.cpu_count()),
        "",
        "| what | result | target |",
        "| --- | --- | --- |",
        "| %s invoices exported to Moneybird (StartExport until SUCCEEDED: planning, a job per invoice, a lookup and a"
        " create each, each outcome committed) | **%s s** (%s invoices/s; StartExport answered in %s s; %s invoices at the"
        " mock) | 10,000 invoices < 60 s |"
        % (format(result["invoices"], ","), result["seconds"], format(result["rate"], ","), result["start_seconds"],
           format(result["held"], ",")),
        "| then their %s payments, booked on the exported invoices | %s s (%s booked, %s) | — |"
        % (format(result["payments"], ","), result["payments_seconds"], format(result["payments_booked"], ","), result["payments_status"]),
        "| the same period again (invoices and payments): every document read back from the provider, nothing sent | %s s (%s skipped, %s) | — |"
        % (result["rerun_seconds"], format(result["rerun_skipped"], ","), result["rerun_status"]),
    ]
    for name, seconds in result["planned"].items():
        lines.append("| planned duration with the real limits of %s (a dry run's `planned_duration`) | %s |"
                     " shown before the run |" % (name, human(seconds)))
    lines += [
        "",
        "Making the %s closed bookings through the RPCs took %s s and is not counted. With real limits the export is bound"
        " by the provider, not the server: `planned_duration` (StartExport) and `expected_finish_at` (WatchExport) say so"
        " before anyone waits." % (format(result["invoices"], ","), result["made_seconds"]),
        "", END, ""]
    bench.write_section(lines, BEGIN, END)


if __name__ == "__main__":
    main()
