"""End-to-end scenarios for accounting exports (rentguy.export.v1.ExportService), written from the
contract the way an independent client would call it: grpcio and the contract's generated
messages, the admin's e-mail and password, and the provider mock's Moneybird and Exact Online APIs
and test controls (docs/provider-mock.md).

  export_probe.py SCENARIO --port P --http-port H --mock URL --email E --password PW [--count N]

  flow          Moneybird: connection, a missing mapping refused before any call, a dry run, an
                export watched to its end, the reconciliation (per VAT rate) and its CSV, a re-run
                that sends nothing, a document deleted at the provider found MISSING_AT_PROVIDER;
                faults (429, 500, timeouts) on the way; UBL files valid against the OASIS schemas;
                Exact Online through the OAuth flow, with access tokens expiring mid-run;
                schedules (create, refuse bad times, update with a stale version, delete); the
                rentguy CLI (login, dry run, watched export, report as table and CSV, UBL, schedule)
  volume-start  (kill -9 test) --count closed bookings with invoices and payments; connects
                Moneybird (the mock's limits off) and starts the export; returns when part is sent
  volume-check  (after the restart) the export ends, every invoice and payment is at the mock
                exactly once, the totals per VAT rate match; a re-run sends nothing new
  exact-start   (crash at the Exact refresh) authorizes Exact with 1-second access tokens, starts
                an export (the server dies right after Exact answers the first refresh)
  exact-check   (after a restart without the fault) the export ends with every entry at Exact
                once and the integration still authorized

Prints one line per check and "SCENARIO: N checks, M failed"; exits 1 when any check failed.
"""
import argparse
import http.client
import concurrent.futures
import datetime
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpc  # noqa: E402
import booking_probe as bp  # noqa: E402
import payment_probe as pp  # noqa: E402
from booking_probe import Stop, check, need, ok, describe, key, unique, TALLY  # noqa: E402

export_pb2 = booking_pb2 = common_pb2 = None
ADMINISTRATION = "100000000000000001"
DIVISION = 123456
EXACT_REDIRECT = "https://finance.example.com/exact/callback"
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "ubl", "maindoc")


def contract():
    global export_pb2, booking_pb2, common_pb2
    pp.contract()
    booking_pb2, common_pb2 = pp.booking_pb2, pp.common_pb2
    from rentguy.export.v1 import export_pb2 as export
    export_pb2 = export


class Client(pp.Client):
    """payment_probe's client, for the export service too (unary and server streams)."""

    def rpc(self, name, request, response_type=None, metadata=None, timeout=60):
        if request.DESCRIPTOR.file.package != "rentguy.export.v1":
            return super().rpc(name, request, response_type, metadata, timeout)
        response_type = response_type or getattr(export_pb2, name + "Response")
        method = self.channel.unary_unary("/rentguy.export.v1.ExportService/" + name,
                                          request_serializer=lambda m: m.SerializeToString(),
                                          response_deserializer=response_type.FromString)
        try:
            return method(request, timeout=timeout, metadata=self.admin if metadata is None else metadata)
        except grpc.RpcError as error:
            return error

    def stream(self, name, request, response_type, timeout=600):
        method = self.channel.unary_stream("/rentguy.export.v1.ExportService/" + name,
                                           request_serializer=lambda m: m.SerializeToString(),
                                           response_deserializer=response_type.FromString)
        return method(request, timeout=timeout, metadata=self.admin)


def E(name):
    return getattr(export_pb2, name)


def today_period():
    """Today (Europe/Amsterdam, the server's zone) as a Period: the invoices issued by this run."""
    import zoneinfo
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    now = datetime.datetime.now(zone)
    start = datetime.datetime(now.year, now.month, now.day, tzinfo=zone)
    end = start + datetime.timedelta(days=1)
    period = common_pb2.Period()
    period.start.FromDatetime(start.astimezone(datetime.timezone.utc))
    period.end.FromDatetime(end.astimezone(datetime.timezone.utc))
    return period


# ── Data: closed bookings with invoices, some paid ────────────────────────────────────────────────

def closed_booking(client, buyer, lines, paid=False):
    """A CLOSED booking (its final invoice) and, with `paid`, a Mollie payment of its total, SUCCEEDED
    (Mollie: the mock calls back the webhook URL the server gave it, wherever the mock runs)."""
    with pp.DAY_LOCK:
        pp.DAY_OFFSET[0] += 1
        offset = pp.DAY_OFFSET[0]
    start = bp.ams(2029, 3, 1, 10) + datetime.timedelta(days=offset % 600)
    request = bp.new_booking_request(buyer.id, start, start + 6 * bp.HOUR, lines, title="Export probe %s" % unique())
    created = need("CreateBooking", client.rpc("CreateBooking", request), quiet=True).booking
    bp.confirm(client, created.id, quiet=True)
    payment = None
    if paid:
        opened = pp.open_payment(client, created.id, pp.payment_pb2.PAYMENT_PROVIDER_MOLLIE, created.total.amount_minor, quiet=True)
        status, _ = pp.pay(opened.checkout_url)
        payment = pp.wait_status(client, opened.id, "SUCCEEDED", timeout=60)
        if payment is None or payment.status != pp.P("SUCCEEDED"):
            check("payment %s SUCCEEDED" % opened.id, False, str(payment))
    closed = need("CloseBooking", client.rpc("CloseBooking", booking_pb2.CloseBookingRequest(
        idempotency_key=key(), booking_id=created.id)), quiet=True)
    return closed.invoice, payment


def make_bookings(client, count, paid_every=1, threads=16):
    """`count` closed bookings of mixed VAT (21 % and 9 %), every `paid_every`-th paid."""
    buyers = [bp.customer(client, "Export buyer") for _ in range(max(1, min(50, count // 20)))]
    lines = [
        [bp.service("Sound package", 10000)],
        [bp.service("Light show", 25050), bp.service("Catering", 3333, vat=booking_pb2.VAT_CATEGORY_REDUCED)],
        [bp.service("Stage", 99999), bp.service("Drinks", 1234, quantity=3, vat=booking_pb2.VAT_CATEGORY_REDUCED),
         bp.service("Crew", 4567)],
    ]
    invoices, payments = [], []
    lock = threading.Lock()

    def one(index):
        invoice, payment = closed_booking(client, buyers[index % len(buyers)], lines[index % len(lines)],
                                          paid=paid_every and index % paid_every == 0)
        with lock:
            invoices.append(invoice)
            if payment is not None:
                payments.append(payment)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(one, i) for i in range(count)]:
            future.result()
    return invoices, payments


# ── Mock controls ────────────────────────────────────────────────────────────────────────────────

def mock(args, method, path, body=None):
    return pp.http_json(method, args.mock + path, body)


def redirect(url):
    """(status, Location) of a GET that is not followed (Exact's authorization redirect)."""
    parsed = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parsed.netloc, timeout=30)
    connection.request("GET", parsed.path + "?" + parsed.query)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location", "")


def mock_invoices(args):
    status, body = mock(args, "GET", "/mock/moneybird/%s/sales_invoices" % ADMINISTRATION)
    return body.get("sales_invoices", []) if status == 200 else []


def mock_entries(args):
    status, body = mock(args, "GET", "/mock/exact/%d/sales_entries" % DIVISION)
    return body.get("sales_entries", []) if status == 200 else []


def limits(args, provider, enabled):
    status, body = mock(args, "POST", "/mock/ratelimits", {"provider": provider, "enabled": enabled})
    check("the mock's %s rate limits %s" % (provider, "on" if enabled else "off"), status == 200, "%s %s" % (status, body))


# ── Export helpers ───────────────────────────────────────────────────────────────────────────────

def connect_moneybird(client, args):
    connection = export_pb2.Connection(provider=E("ACCOUNTING_PROVIDER_MONEYBIRD"),
                                       moneybird=export_pb2.MoneybirdSettings(administration_id=ADMINISTRATION,
                                                                              api_token="mb-probe-token", base_url=args.mock))
    request = export_pb2.UpdateConnectionRequest(idempotency_key=key(), connection=connection)
    request.update_mask.paths.extend(["moneybird.administration_id", "moneybird.api_token", "moneybird.base_url"])
    return client.rpc("UpdateConnection", request)


def moneybird_mapping(reduced=True):
    mapping = export_pb2.AccountingMapping(provider=E("ACCOUNTING_PROVIDER_MONEYBIRD"))
    mapping.vat.add(category=booking_pb2.VAT_CATEGORY_STANDARD, revenue_account="mb_ledger_8000", tax_code="mb_tax_21")
    if reduced:
        mapping.vat.add(category=booking_pb2.VAT_CATEGORY_REDUCED, revenue_account="mb_ledger_8000", tax_code="mb_tax_9")
    return mapping


def exact_mapping():
    mapping = export_pb2.AccountingMapping(provider=E("ACCOUNTING_PROVIDER_EXACT"), journal="70")
    mapping.vat.add(category=booking_pb2.VAT_CATEGORY_STANDARD, revenue_account="8000", tax_code="2")
    mapping.vat.add(category=booking_pb2.VAT_CATEGORY_REDUCED, revenue_account="8000", tax_code="1")
    return mapping


def set_mapping(client, mapping, label):
    current = client.rpc("GetMapping", export_pb2.GetMappingRequest(provider=mapping.provider))
    version = current.mapping.version if ok(current) else 0
    return need(label, client.rpc("UpdateMapping", export_pb2.UpdateMappingRequest(
        idempotency_key=key(), mapping=mapping, expected_version=version)))


def start(client, provider, kinds=("INVOICES", "PAYMENTS"), dry_run=False, period=None):
    return client.rpc("StartExport", export_pb2.StartExportRequest(
        idempotency_key=key(), provider=E("ACCOUNTING_PROVIDER_" + provider),
        kinds=[E("EXPORT_KIND_" + k) for k in kinds], period=period or today_period(), dry_run=dry_run))


def watch(client, export_id, timeout=900):
    """Every progress message of WatchExport until the stream ends."""
    messages = []
    try:
        for progress in client.stream("WatchExport", export_pb2.WatchExportRequest(export_id=export_id),
                                      export_pb2.ExportProgress, timeout=timeout):
            messages.append(progress)
    except grpc.RpcError as error:
        check("WatchExport %s streams to the end" % export_id, False, describe(error))
    return messages


def wait_finished(client, export_id, timeout=900):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = client.rpc("GetExport", export_pb2.GetExportRequest(export_id=export_id))
        if ok(got) and got.export.status in (E("EXPORT_STATUS_SUCCEEDED"), E("EXPORT_STATUS_PARTIALLY_FAILED"),
                                              E("EXPORT_STATUS_FAILED"), E("EXPORT_STATUS_CANCELED")):
            return got.export
        time.sleep(0.3)
    return None


def report(client, export_id, problems_only=False):
    """(every line, the last page's totals) of the reconciliation report."""
    lines, token, page = [], "", None
    while True:
        page = need("GetReconciliationReport", client.rpc("GetReconciliationReport", export_pb2.GetReconciliationReportRequest(
            export_id=export_id, page_size=500, page_token=token, problems_only=problems_only)), quiet=True)
        lines += list(page.lines)
        token = page.next_page_token
        if not token:
            return lines, page


def status_name(value):
    return export_pb2.ReconciliationStatus.Name(value).replace("RECONCILIATION_STATUS_", "")


def expected_vat(invoices):
    """Per (category, rate): (net, vat) summed over the invoices' breakdowns."""
    sums = {}
    for invoice in invoices:
        for vat in invoice.vat_breakdown:
            entry = sums.setdefault((vat.category, vat.rate_bp), [0, 0])
            entry[0] += vat.net_amount.amount_minor
            entry[1] += vat.vat_amount.amount_minor
    return sums


def check_vat_totals(label, page, invoices, provider_side=True):
    wanted = expected_vat(invoices)
    got = {(t.category, t.rate_bp): [t.local_net.amount_minor, t.local_vat.amount_minor] for t in page.vat_totals}
    provider = {(t.category, t.rate_bp): [t.provider_net.amount_minor, t.provider_vat.amount_minor] for t in page.vat_totals}
    check(label + ": RentGuy's totals per VAT rate are the invoices'", got == wanted, "got %s, wanted %s" % (got, wanted))
    if provider_side:
        check(label + ": the provider's totals per VAT rate match RentGuy's", provider == wanted, "provider %s, RentGuy %s" % (provider, wanted))


# ── flow ─────────────────────────────────────────────────────────────────────────────────────────

def flow(channel, args):
    client = Client(channel, args)
    count = args.count or 24
    invoices, payments = make_bookings(client, count, paid_every=3)
    check("%d closed bookings with final invoices, %d paid" % (count, len(payments)), len(invoices) == count and payments)

    # Not connected: refused, naming what is missing.
    refused = start(client, "MONEYBIRD")
    check("StartExport before Moneybird is connected → FAILED_PRECONDITION naming the token", not ok(refused)
          and refused.code() == grpc.StatusCode.FAILED_PRECONDITION and "moneybird.api_token" in refused.details(), describe(refused))
    connected = need("UpdateConnection moneybird (administration and token)", connect_moneybird(client, args))
    check("the connection says the token is set, never shows it", connected.connection.secret_set
          and connected.connection.moneybird.api_token == "", str(connected.connection))
    stale = connect_moneybird(client, args)
    tested = client.rpc("TestConnection", export_pb2.TestConnectionRequest(provider=E("ACCOUNTING_PROVIDER_MONEYBIRD")))
    check("TestConnection moneybird: ok, naming the administration", ok(tested) and tested.ok and ADMINISTRATION in tested.message,
          describe(tested) if not ok(tested) else tested.message)

    # A mapping without the reduced rate: refused before any call, naming the gap.
    set_mapping(client, moneybird_mapping(reduced=False), "UpdateMapping without the reduced rate")
    before = len(pp.request_log(args, "moneybird"))
    gap = start(client, "MONEYBIRD")
    info = bp.error_info(gap) if not ok(gap) else None
    check("StartExport with a VAT category unmapped → FAILED_PRECONDITION MAPPING_MISSING naming vat[VAT_CATEGORY_REDUCED]",
          not ok(gap) and gap.code() == grpc.StatusCode.FAILED_PRECONDITION and bp.reason(gap) == "MAPPING_MISSING"
          and "VAT_CATEGORY_REDUCED" in gap.details() and info is not None and "VAT_CATEGORY_REDUCED" in info.metadata.get("missing", ""),
          describe(gap))
    check("nothing was sent to Moneybird for the refused export", len(pp.request_log(args, "moneybird")) == before)
    listed = client.rpc("ListExports", export_pb2.ListExportsRequest(page_size=50))
    check("nothing was stored for the refused export", ok(listed) and len(listed.exports) == 0, describe(listed))
    set_mapping(client, moneybird_mapping(), "UpdateMapping with both rates")
    old = client.rpc("UpdateMapping", export_pb2.UpdateMappingRequest(idempotency_key=key(), mapping=moneybird_mapping(), expected_version=1))
    check("UpdateMapping with a stale expected_version → ABORTED VERSION_MISMATCH",
          not ok(old) and old.code() == grpc.StatusCode.ABORTED and bp.reason(old) == "VERSION_MISMATCH", describe(old))

    # Dry run: the documents and report, nothing sent.
    dry = need("StartExport dry run", start(client, "MONEYBIRD", dry_run=True)).export
    documents = count + len(payments)
    check("the dry run is done at once with every document WOULD_EXPORT, nothing sent",
          dry.status == E("EXPORT_STATUS_SUCCEEDED") and dry.counts.total == documents and dry.counts.succeeded == documents
          and len(pp.request_log(args, "moneybird")) == before, str(dry))
    lines, page = report(client, dry.id)
    check("the dry run's report: one WOULD_EXPORT line per invoice and payment",
          len(lines) == documents and all(status_name(line.status) == "WOULD_EXPORT" for line in lines),
          str(sorted({status_name(line.status) for line in lines})))
    check_vat_totals("dry run", page, invoices, provider_side=False)

    # The export, through faults, watched to its end.
    for fault, n in [("rate-limit", 2), ("server-error", 2), ("timeout", 1)]:
        pp.arm(args, "moneybird", fault, n, retry_after=1 if fault == "rate-limit" else None)
    export = need("StartExport moneybird", start(client, "MONEYBIRD")).export
    check("the export is QUEUED with its documents counted and a planned duration within Moneybird's limits",
          export.status in (E("EXPORT_STATUS_QUEUED"), E("EXPORT_STATUS_RUNNING")) and export.counts.total == documents
          and export.HasField("planned_duration"), str(export))
    overlapping = start(client, "MONEYBIRD")
    check("a second Moneybird export while one runs → FAILED_PRECONDITION", not ok(overlapping)
          and overlapping.code() == grpc.StatusCode.FAILED_PRECONDITION, describe(overlapping))
    messages = watch(client, export.id)
    final = messages[-1] if messages else None
    check("WatchExport streams progress to SUCCEEDED, counts growing", final is not None and final.status == E("EXPORT_STATUS_SUCCEEDED")
          and final.counts.succeeded == documents and len(messages) >= 2
          and all(a.counts.succeeded <= b.counts.succeeded for a, b in zip(messages, messages[1:])),
          str(final) if final else "no messages")
    check("progress messages name the document that finished", any(m.HasField("last_item") and m.last_item.invoice_number for m in messages[1:]))
    held = mock_invoices(args)
    references = [invoice["reference"] for invoice in held]
    check("Moneybird holds each invoice exactly once (faults and retries included)",
          sorted(references) == sorted(invoice.number for invoice in invoices), "%d held for %d invoices" % (len(held), count))
    by_reference = {invoice["reference"]: invoice for invoice in held}
    totals_right = all(by_reference.get(i.number, {}).get("total_price_incl_tax") == "%.2f" % (i.total.amount_minor / 100) for i in invoices)
    check("each Moneybird invoice's total including VAT is RentGuy's", totals_right)
    paid = sum(len(invoice.get("payments", [])) for invoice in held)
    check("each payment is booked once on its invoice", paid == len(payments), "%d booked for %d payments" % (paid, len(payments)))
    lines, page = report(client, export.id)
    check("the report: every line EXPORTED with the provider's amount equal to RentGuy's",
          len(lines) == documents and all(status_name(l.status) == "EXPORTED" and l.provider_amount == l.local_amount for l in lines),
          str([(l.invoice_number, status_name(l.status), l.message) for l in lines if status_name(l.status) != "EXPORTED"][:5]))
    check("the report's totals agree", page.local_total == page.provider_total, "%s vs %s" % (page.local_total, page.provider_total))
    check_vat_totals("export", page, invoices)
    csv = client.rpc("RenderReconciliationReport", export_pb2.RenderReconciliationReportRequest(
        export_id=export.id, format=E("REPORT_FORMAT_CSV")), response_type=export_pb2.ReportFile)
    text = csv.content.decode("utf-8") if ok(csv) else ""
    check("the CSV report: a header, one line per document, the VAT section", ok(csv) and text.startswith("document,")
          and text.count("\r\n") >= documents + 3 and "EXPORTED" in text and csv.content_type.startswith("text/csv"),
          describe(csv) if not ok(csv) else text[:300])

    # A re-run sends nothing; a document deleted at the provider is found missing.
    deleted = held[0]
    status, _ = mock(args, "DELETE", "/mock/moneybird/%s/sales_invoices/%s" % (ADMINISTRATION, deleted["id"]))
    check("deleted one invoice at the mock", status == 200)
    creates = sum(1 for entry in pp.request_log(args, "moneybird") if entry.get("method") == "POST")
    rerun = need("StartExport again for the same day", start(client, "MONEYBIRD")).export
    done = wait_finished(client, rerun.id)
    check("the re-run skips every document (exported before) and sends nothing new",
          done is not None and done.counts.skipped == documents and done.counts.succeeded == 0
          and sum(1 for e in pp.request_log(args, "moneybird") if e.get("method") == "POST") == creates, str(done))
    problems, _ = report(client, rerun.id, problems_only=True)
    check("the re-run's problems: only the deleted invoice, MISSING_AT_PROVIDER",
          [(l.invoice_number, status_name(l.status)) for l in problems] == [(deleted["reference"], "MISSING_AT_PROVIDER")],
          str([(l.invoice_number, status_name(l.status)) for l in problems]))
    check("the re-run is PARTIALLY_FAILED (it needs attention)", done is not None and done.status == E("EXPORT_STATUS_PARTIALLY_FAILED"), str(done))

    # UBL for the day, valid against the OASIS UBL 2.1 schemas.
    files = list(client.stream("DownloadUbl", export_pb2.DownloadUblRequest(period=today_period()), export_pb2.ReportFile))
    check("DownloadUbl: one XML file per invoice", sorted(f.filename for f in files) == sorted(i.number + ".xml" for i in invoices),
          str([f.filename for f in files][:5]))
    with tempfile.TemporaryDirectory() as directory:
        for f in files[:5]:
            path = os.path.join(directory, f.filename)
            with open(path, "wb") as out:
                out.write(f.content)
            schema = os.path.join(FIXTURES, "UBL-CreditNote-2.1.xsd" if b"<CreditNote" in f.content else "UBL-Invoice-2.1.xsd")
            result = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", schema, path], capture_output=True, text=True)
            check("%s validates against the UBL 2.1 schema" % f.filename, result.returncode == 0, result.stderr[-500:])

    exact(client, args, invoices)
    schedules(client)
    cli(args, invoices)


def cli(args, invoices):
    """The finance user's path through the `rentguy` CLI: login, a dry run, an export watched to
    its end, the report as a table and as CSV, UBL files, a schedule."""
    binary = os.environ.get("RENTGUY_CLI") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "debug", "rentguy")
    if not check("the rentguy CLI is built", os.path.exists(binary), binary):
        return
    home = tempfile.mkdtemp(prefix="rentguy-cli-")
    environment = dict(os.environ, RENTGUY_SERVER="%s:%d" % (args.host, args.port), XDG_CONFIG_HOME=home)

    def run(*arguments, stdin=None):
        done = subprocess.run([binary, *arguments], input=stdin, capture_output=True, text=True, env=environment, timeout=300)
        return done.returncode, done.stdout, done.stderr

    status, out, err = run("login", "--email", args.email, "--password-stdin", stdin=args.password + "\n")
    check("rentguy login", status == 0, out + err)
    status, out, err = run("exports", "start", "--provider", "moneybird", "--kinds", "invoices", "--month",
                           datetime.date.today().strftime("%Y-%m"), "--dry-run", "--output", "json")
    try:
        dry = json.loads(out) if status == 0 else {}
    except ValueError:
        dry = {}
    check("rentguy exports start --dry-run --output json: every invoice of the month, nothing sent, the real run planned",
          dry.get("dryRun") is True and dry.get("status") == "EXPORT_STATUS_SUCCEEDED" and "plannedDuration" in dry
          and dry.get("counts", {}).get("total", 0) >= len(invoices), out + err)
    status, out, err = run("exports", "start", "--provider", "moneybird", "--month", datetime.date.today().strftime("%Y-%m"), "--watch")
    # In `flow` one invoice was deleted at the provider: the run ends PARTIALLY_FAILED, and watch says so by exit 1.
    ended = out.strip().splitlines()[-1] if out.strip() else ""
    check("rentguy exports start --watch follows the export to its end; exit 0 only when SUCCEEDED",
          (status == 0 and " SUCCEEDED " in ended) or (status == 1 and " PARTIALLY_FAILED " in ended), out[-800:] + err[-800:])
    status, out, err = run("exports", "list", "--output", "json")
    exports = json.loads(out) if status == 0 else []
    latest = exports[0]["id"] if exports else ""
    status, out, err = run("exports", "report", latest)
    check("rentguy exports report: a line per document and the VAT totals", status == 0 and "MATCHED" in out and "STANDARD" in out
          and "REDUCED" in out, out[-800:] + err)
    csv_path = os.path.join(home, "report.csv")
    status, out, err = run("exports", "report", latest, "--output", "csv", "--file", csv_path)
    text = open(csv_path, encoding="utf-8").read() if os.path.exists(csv_path) else ""
    check("rentguy exports report --output csv --file: the CSV", status == 0 and text.startswith("document,") and "MATCHED" in text, err)
    ubl = os.path.join(home, "ubl")
    status, out, err = run("exports", "ubl", "--month", datetime.date.today().strftime("%Y-%m"), "--dir", ubl)
    written = sorted(os.listdir(ubl)) if os.path.isdir(ubl) else []
    check("rentguy exports ubl: one XML file per invoice of the month", status == 0
          and set(i.number + ".xml" for i in invoices) <= set(written), "%s %s" % (written[:5], err))
    status, out, err = run("export-schedules", "create", "--provider", "moneybird", "--frequency", "monthly", "--at", "06:00")
    check("rentguy export-schedules create monthly at 06:00", status == 0 and "MONTHLY" in out and "06:00" in out, out + err)
    status, out, err = run("export-schedules", "create", "--provider", "moneybird", "--frequency", "monthly", "--at", "24:00")
    check("rentguy export-schedules create at 24:00 is refused", status != 0, out + err)


def exact(client, args, invoices):
    connection = export_pb2.Connection(provider=E("ACCOUNTING_PROVIDER_EXACT"), exact=export_pb2.ExactSettings(
        division=DIVISION, client_id="rentguy-probe", client_secret="probe-secret", redirect_uri=EXACT_REDIRECT, base_url=args.mock))
    request = export_pb2.UpdateConnectionRequest(idempotency_key=key(), connection=connection)
    request.update_mask.paths.extend(["exact.division", "exact.client_id", "exact.client_secret", "exact.redirect_uri", "exact.base_url"])
    need("UpdateConnection exact", client.rpc("UpdateConnection", request))
    started = need("StartExactAuthorization", client.rpc("StartExactAuthorization", export_pb2.StartExactAuthorizationRequest(idempotency_key=key())))
    url = started.authorization_url
    check("the authorization URL is Exact's (the mock's) with our client id and state", url.startswith(args.mock + "/api/oauth2/auth?")
          and "client_id=rentguy-probe" in url and urllib.parse.quote(started.state) in url, url)
    status, location = redirect(url)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    check("Exact redirects to our redirect URI with a code and our state", location.startswith(EXACT_REDIRECT)
          and query.get("state") == [started.state] and query.get("code"), "%s %s" % (status, location))
    wrong = client.rpc("CompleteExactAuthorization", export_pb2.CompleteExactAuthorizationRequest(
        idempotency_key=key(), code=query.get("code", [""])[0], state="not-our-state"))
    check("CompleteExactAuthorization with another state → FAILED_PRECONDITION", not ok(wrong)
          and wrong.code() == grpc.StatusCode.FAILED_PRECONDITION, describe(wrong))
    completed = need("CompleteExactAuthorization", client.rpc("CompleteExactAuthorization", export_pb2.CompleteExactAuthorizationRequest(
        idempotency_key=key(), code=query.get("code", [""])[0], state=started.state)))
    check("Exact is authorized", completed.connection.authorized, str(completed.connection))
    mapping = exact_mapping()
    set_mapping(client, mapping, "UpdateMapping exact (journal 70, VAT codes 2 and 1)")
    tested = client.rpc("TestConnection", export_pb2.TestConnectionRequest(provider=E("ACCOUNTING_PROVIDER_EXACT")))
    check("TestConnection exact: ok, naming the division", ok(tested) and tested.ok and str(DIVISION) in tested.message,
          describe(tested) if not ok(tested) else tested.message)
    status, _ = mock(args, "POST", "/mock/exact/oauth", {"expire_access_tokens": True})
    check("expired Exact's access tokens (the next call gets 401)", status == 200)
    payments = start(client, "EXACT")
    check("StartExport exact with payments → FAILED_PRECONDITION (Exact matches payments from its bank feed)",
          not ok(payments) and payments.code() == grpc.StatusCode.FAILED_PRECONDITION and "kinds" in payments.details(), describe(payments))
    export = need("StartExport exact (invoices)", start(client, "EXACT", kinds=("INVOICES",))).export
    done = wait_finished(client, export.id)
    entries = mock_entries(args)
    check("the Exact export SUCCEEDED after refreshing its token", done is not None and done.status == E("EXPORT_STATUS_SUCCEEDED"), str(done))
    check("Exact holds one sales entry per invoice (type 20), amounts equal",
          sorted(e["YourRef"] for e in entries) == sorted(i.number for i in invoices)
          and all(e.get("Type") == 20 for e in entries), "%d entries" % len(entries))
    _, page = report(client, export.id)
    check_vat_totals("Exact", page, invoices)


def schedules(client):
    import zoneinfo
    schedule = export_pb2.ExportSchedule(provider=E("ACCOUNTING_PROVIDER_MONEYBIRD"), kinds=[E("EXPORT_KIND_INVOICES")],
                                         frequency=E("SCHEDULE_FREQUENCY_DAILY"), time_zone="Europe/Amsterdam", enabled=True,
                                         time_of_day=export_pb2.LocalTime(hours=6, minutes=30))
    created = need("CreateSchedule daily 06:30 Europe/Amsterdam", client.rpc("CreateSchedule", export_pb2.CreateScheduleRequest(
        idempotency_key=key(), schedule=schedule))).schedule
    next_run = created.next_run_at.ToDatetime(tzinfo=datetime.timezone.utc)
    import zoneinfo
    local = next_run.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam"))
    check("its next run is the next 06:30 in Amsterdam", (local.hour, local.minute) == (6, 30)
          and next_run > datetime.datetime.now(datetime.timezone.utc), str(local))
    for label, bad in [("25:00", export_pb2.LocalTime(hours=25)), ("time zone Mars/Base", None)]:
        wrong = export_pb2.ExportSchedule()
        wrong.CopyFrom(schedule)
        if bad is not None:
            wrong.time_of_day.CopyFrom(bad)
        else:
            wrong.time_zone = "Mars/Base"
        refused = client.rpc("CreateSchedule", export_pb2.CreateScheduleRequest(idempotency_key=key(), schedule=wrong))
        check("CreateSchedule at %s → INVALID_ARGUMENT" % label, not ok(refused) and refused.code() == grpc.StatusCode.INVALID_ARGUMENT,
              describe(refused))
    change = export_pb2.UpdateScheduleRequest(idempotency_key=key(), schedule=export_pb2.ExportSchedule(
        id=created.id, frequency=E("SCHEDULE_FREQUENCY_WEEKLY")), expected_version=created.version)
    change.update_mask.paths.append("frequency")
    updated = need("UpdateSchedule → weekly", client.rpc("UpdateSchedule", change)).schedule
    check("weekly: the next run is a Monday", updated.next_run_at.ToDatetime(tzinfo=datetime.timezone.utc)
          .astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam")).weekday() == 0, str(updated))
    change.idempotency_key = key()
    stale = client.rpc("UpdateSchedule", change)
    check("UpdateSchedule with the old version → ABORTED", not ok(stale) and stale.code() == grpc.StatusCode.ABORTED, describe(stale))
    need("DeleteSchedule", client.rpc("DeleteSchedule", export_pb2.DeleteScheduleRequest(idempotency_key=key(), schedule_id=created.id)))
    listed = client.rpc("ListSchedules", export_pb2.ListSchedulesRequest())
    check("no schedule is left", ok(listed) and len(listed.schedules) == 0, describe(listed))


# ── kill -9 during a large export ────────────────────────────────────────────────────────────────

def volume_start(channel, args):
    client = Client(channel, args)
    count = args.count or 1000
    began = time.time()
    invoices, payments = make_bookings(client, count, paid_every=2)
    print("made %d closed bookings (%d paid) in %.1f s" % (len(invoices), len(payments), time.time() - began), flush=True)
    with open(args.ids, "w") as out:
        json.dump({"invoices": [i.number for i in invoices], "payments": [p.id for p in payments],
                   "vat": {"%d:%d" % k: v for k, v in expected_vat(invoices).items()}}, out)
    limits(args, "moneybird", False)
    need("UpdateConnection moneybird", connect_moneybird(client, args))
    set_mapping(client, moneybird_mapping(), "UpdateMapping moneybird")
    began = time.time()
    export = need("StartExport moneybird (%d invoices, %d payments)" % (len(invoices), len(payments)), start(client, "MONEYBIRD")).export
    with open(args.ids + ".export", "w") as out:
        json.dump({"export": export.id, "started": began}, out)
    deadline = time.time() + 300
    while time.time() < deadline:
        got = client.rpc("GetExport", export_pb2.GetExportRequest(export_id=export.id))
        if ok(got) and got.export.counts.succeeded >= export.counts.total // 4:
            break
        time.sleep(0.05)
    check("a quarter of the export is sent before the crash", ok(got) and got.export.counts.succeeded < got.export.counts.total,
          str(got.export.counts) if ok(got) else describe(got))


def volume_check(channel, args):
    client = Client(channel, args)
    with open(args.ids) as source:
        made = json.load(source)
    with open(args.ids + ".export") as source:
        export_id = json.load(source)["export"]
    done = wait_finished(client, export_id, timeout=900)
    documents = len(made["invoices"]) + len(made["payments"])
    check("after the restart the export ends SUCCEEDED with every document", done is not None
          and done.status == E("EXPORT_STATUS_SUCCEEDED") and done.counts.succeeded == documents, str(done))
    held = mock_invoices(args)
    references = [invoice["reference"] for invoice in held]
    check("Moneybird holds every invoice exactly once (none twice, none missing)", sorted(references) == sorted(made["invoices"]),
          "%d held, %d distinct, %d invoices" % (len(references), len(set(references)), len(made["invoices"])))
    booked = [p["transaction_identifier"] for invoice in held for p in invoice.get("payments", [])]
    check("every payment is booked exactly once", sorted(booked) == sorted(made["payments"]), "%d booked, %d payments" % (len(booked), len(made["payments"])))
    lines, page = report(client, export_id)
    got = {"%d:%d" % (t.category, t.rate_bp): [t.provider_net.amount_minor, t.provider_vat.amount_minor] for t in page.vat_totals}
    check("the reconciliation's totals per VAT rate (read from the provider) match the invoices'", got == made["vat"],
          "got %s, wanted %s" % (got, made["vat"]))
    began = time.time()
    rerun = need("StartExport again", start(client, "MONEYBIRD")).export
    again = wait_finished(client, rerun.id, timeout=900)
    check("a re-run: 0 new documents, every one skipped and matched at the provider", again is not None
          and again.counts.succeeded == 0 and again.counts.skipped == documents and again.status == E("EXPORT_STATUS_SUCCEEDED")
          and len(mock_invoices(args)) == len(made["invoices"]), str(again))
    print("re-run (read back %d documents) took %.1f s" % (documents, time.time() - began), flush=True)


# ── a crash right after Exact answered a refresh ─────────────────────────────────────────────────

def exact_start(channel, args):
    client = Client(channel, args)
    invoices, _ = make_bookings(client, args.count or 10, paid_every=0)
    with open(args.ids, "w") as out:
        json.dump({"invoices": [i.number for i in invoices]}, out)
    status, _ = mock(args, "POST", "/mock/exact/oauth", {"access_token_seconds": 1})
    check("the mock's Exact access tokens live 1 second", status == 200)
    connection = export_pb2.Connection(provider=E("ACCOUNTING_PROVIDER_EXACT"), exact=export_pb2.ExactSettings(
        division=DIVISION, client_id="rentguy-crash", client_secret="crash-secret", redirect_uri=EXACT_REDIRECT, base_url=args.mock))
    request = export_pb2.UpdateConnectionRequest(idempotency_key=key(), connection=connection)
    request.update_mask.paths.extend(["exact.division", "exact.client_id", "exact.client_secret", "exact.redirect_uri", "exact.base_url"])
    need("UpdateConnection exact", client.rpc("UpdateConnection", request))
    started = need("StartExactAuthorization", client.rpc("StartExactAuthorization", export_pb2.StartExactAuthorizationRequest(idempotency_key=key())))
    _, location = redirect(started.authorization_url)
    code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query).get("code", [""])[0]
    need("CompleteExactAuthorization", client.rpc("CompleteExactAuthorization", export_pb2.CompleteExactAuthorizationRequest(
        idempotency_key=key(), code=code, state=started.state)))
    mapping = exact_mapping()
    set_mapping(client, mapping, "UpdateMapping exact")
    time.sleep(1.2)  # the access token from the authorization has expired: the first job refreshes
    export = need("StartExport exact", start(client, "EXACT", kinds=("INVOICES",))).export
    with open(args.ids + ".export", "w") as out:
        json.dump({"export": export.id}, out)


def exact_check(channel, args):
    client = Client(channel, args)
    with open(args.ids) as source:
        made = json.load(source)
    with open(args.ids + ".export") as source:
        export_id = json.load(source)["export"]
    done = wait_finished(client, export_id, timeout=300)
    check("after the crash at the refresh, the Exact export ends SUCCEEDED", done is not None
          and done.status == E("EXPORT_STATUS_SUCCEEDED"), str(done))
    entries = mock_entries(args)
    check("Exact holds each invoice exactly once", sorted(e["YourRef"] for e in entries) == sorted(made["invoices"]), "%d entries" % len(entries))
    connection = client.rpc("GetConnection", export_pb2.GetConnectionRequest(provider=E("ACCOUNTING_PROVIDER_EXACT")))
    check("the integration is still authorized (not locked out)", ok(connection) and connection.connection.authorized, describe(connection))
    tested = client.rpc("TestConnection", export_pb2.TestConnectionRequest(provider=E("ACCOUNTING_PROVIDER_EXACT")))
    check("TestConnection exact still works", ok(tested) and tested.ok, describe(tested) if not ok(tested) else tested.message)


SCENARIOS = {"flow": flow, "volume-start": volume_start, "volume-check": volume_check,
             "exact-start": exact_start, "exact-check": exact_check}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--mock", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--ids", help="volume/exact: the file the start step writes and the check step reads")
    args = parser.parse_args()
    args.mock = args.mock.rstrip("/")
    contract()
    TALLY.update(checks=0, failed=0)
    with grpc.insecure_channel("%s:%d" % (args.host, args.port)) as channel:
        try:
            SCENARIOS[args.scenario](channel, args)
        except Stop as stop:
            print("    (%s stopped: the rest depends on \"%s\")" % (args.scenario, stop), flush=True)
        except Exception as error:  # noqa: BLE001 - a crash is a failed check, with its trace
            traceback.print_exc()
            check("%s crashed: %s: %s" % (args.scenario, type(error).__name__, error), False)
    print("%s: %d checks, %d failed" % (args.scenario, TALLY["checks"], TALLY["failed"]), flush=True)
    sys.exit(1 if TALLY["failed"] else 0)


if __name__ == "__main__":
    main()
