#!/usr/bin/env python3
"""End-to-end scenarios for rentguy.booking.v1.BookingService, written from the contract
(proto/rentguy/booking/v1/booking.proto and the conventions in common.proto) the way an independent
client would call it: grpcio, the contract's generated messages, the admin's e-mail and password.

  booking_probe.py SCENARIO --port P --email E --password PW     (or --target HOST:PORT)

  lifecycle  catalog (serialized product with assets, bulk product, kit), customer, billable days
             in the booking's time zone, per-line and per-rate rounding, every refused transition
             (FAILED_PRECONDITION / STATE_CONFLICT naming the state), quote, revise, confirm, line
             edits with stable ids, VERSION_MISMATCH, idempotent retries, close with a final invoice,
             cancel, a credit note
  race       40 concurrent ConfirmBooking calls for 3 assets: exactly 3 win, the others are
             STOCK_SHORTAGE with a ShortageDetail; the same through two kits sharing the product;
             return buffers; CheckAvailability and GetAvailabilityTimeline
  invoices   20 concurrent closes: gap-free, distinct invoice numbers; VAT per rate (not per line)
             with standard, reduced and zero rates; an advance invoice deducted on the final one
  leads      a website API key submits a lead (source = the key's name, levels not counts,
             idempotent), is refused staff RPCs; the admin converts the lead once
  crew       AssignCrew (function check, CREW_CONFLICT, allow_overlap), a crew member's own
             schedule and answer, another crew member refused
  events     WatchBookingEvents live, resumed with after_sequence, from the beginning, and refused
             without a start
  all        every scenario above, one after the other

Every scenario uses names, SKUs, barcodes and e-mail addresses with a random suffix, so it can
share a server with other tests. Prints one line per check and "SCENARIO: N checks, M failed";
exits 1 when any check failed.
"""
import argparse
import concurrent.futures
import json
import subprocess
import datetime
import os
import re
import sys
import threading
import time
import traceback
import uuid
import zoneinfo
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpc  # noqa: E402
from google.protobuf import duration_pb2, field_mask_pb2  # noqa: E402
from google.rpc import error_details_pb2  # noqa: E402
from grpc_status import rpc_status  # noqa: E402
from rentguy_probe import ROOT, contract_modules, login  # noqa: E402

TIMEOUT = 20  # seconds, every unary RPC
ZONE = "Europe/Amsterdam"
AMS = zoneinfo.ZoneInfo(ZONE)
UTC = datetime.timezone.utc
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
INVOICE_NUMBER = re.compile(r"^F(\d{4})-(\d{5})$")
CREDIT_NOTE_NUMBER = re.compile(r"^C(\d{4})-(\d{5})$")

# The contract's generated modules, set by main() (see contract()).
booking_pb2 = common_pb2 = identity_pb2 = None
SERVICES = {"rentguy.booking.v1": "BookingService", "rentguy.identity.v1": "IdentityService"}


def contract():
    """common_pb2, identity_pb2 and booking_pb2. rentguy_probe.contract_modules() generates every
    .proto under proto/ into a temporary folder on sys.path but returns only access and identity:
    import the booking module from there, or generate it here if that ever changes."""
    _, identity = contract_modules()
    try:
        from rentguy.booking.v1 import booking_pb2 as booking
    except ImportError:
        import subprocess
        import tempfile
        out = tempfile.mkdtemp(prefix="rentguy-booking-")
        subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto"),
                               "-I", "/usr/include", "--python_out", out,
                               "rentguy/common/v1/access.proto", "rentguy/common/v1/common.proto",
                               "rentguy/identity/v1/identity.proto", "rentguy/booking/v1/booking.proto"])
        sys.path.insert(0, out)
        from rentguy.booking.v1 import booking_pb2 as booking
    from rentguy.common.v1 import common_pb2 as common
    return common, identity, booking


# ── Checks ─────────────────────────────────────────────────────────────────────────────────────

class Stop(Exception):
    """A step the rest of the scenario depends on failed (already printed as FAILED)."""


TALLY = {"checks": 0, "failed": 0}
PRINT = threading.Lock()


def check(label, condition, detail=""):
    TALLY["checks"] += 1
    good = bool(condition)
    if not good:
        TALLY["failed"] += 1
    with PRINT:
        print("%-78s %s" % (label, "ok" if good else "FAILED"), flush=True)
        if not good and detail:
            detail = " ".join(str(detail).split())  # protobuf text on one line
            print("    got: %s" % (detail if len(detail) <= 600 else detail[:600] + " …"), flush=True)
    return good


def need(label, result, quiet=False):
    """A successful response, or the scenario stops here. `quiet`: print and count it only when it
    failed (for setup steps repeated in loops)."""
    if quiet and ok(result):
        return result
    if not check(label, ok(result), describe(result)):
        raise Stop(label)
    return result


def ok(result):
    return not isinstance(result, grpc.RpcError)


def code(result):
    return "OK" if ok(result) else result.code().name


def status_details(error):
    """The google.rpc.Status of grpc-status-details-bin, or None (also when it disagrees with the
    call's own status, which rpc_status reports as ValueError)."""
    try:
        return rpc_status.from_call(error)
    except ValueError:
        return None


def error_info(error):
    status = None if ok(error) else status_details(error)
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info
    return None


def reason(error):
    """The ErrorInfo reason ("STOCK_SHORTAGE"); "<domain>:<reason>" when the domain is not rentguy."""
    info = error_info(error)
    if info is None:
        return None
    return info.reason if info.domain == "rentguy" else "%s:%s" % (info.domain, info.reason)


def shortages(error):
    """The Shortage entries of the error's rentguy.booking.v1.ShortageDetail (empty without one)."""
    status = None if ok(error) else status_details(error)
    found = []
    for detail in status.details if status else []:
        if detail.Is(booking_pb2.ShortageDetail.DESCRIPTOR):
            shortage_detail = booking_pb2.ShortageDetail()
            detail.Unpack(shortage_detail)
            found += list(shortage_detail.shortages)
    return found


def describe(result):
    if ok(result):
        return "OK"
    return "%s %s: %s" % (result.code().name, reason(result) or "(no ErrorInfo)", result.details())


def refused(label, result, wanted_code, wanted_reason=None, mentions=None):
    """A check that `result` is the error `wanted_code` (with that ErrorInfo reason, and a message
    naming `mentions`)."""
    good = (code(result) == wanted_code
            and (wanted_reason is None or reason(result) == wanted_reason)
            and (mentions is None or mentions in (result.details() or "")))
    return check(label, good, describe(result))


def refused_in_state(label, result, state):
    """A transition the booking's state does not allow: FAILED_PRECONDITION, reason STATE_CONFLICT,
    and the message names the current state."""
    return refused(label, result, "FAILED_PRECONDITION", "STATE_CONFLICT", mentions=state)


# ── Calls ──────────────────────────────────────────────────────────────────────────────────────

class Client:
    """One scenario's view of the server: the channel and the admin's credential."""

    def __init__(self, channel, args):
        self.channel = channel
        self.admin = self.sign_in(args.email, args.password)

    def sign_in(self, email, password):
        return bearer(login(self.channel, identity_pb2, email, password).tokens.access_token)

    def rpc(self, name, request, response_type=None, metadata=None):
        """The response, or the grpc.RpcError. The service and response type follow from the
        request's package; `metadata` defaults to the admin's credential."""
        package = request.DESCRIPTOR.file.package
        module = booking_pb2 if package == "rentguy.booking.v1" else identity_pb2
        response_type = response_type or getattr(module, name + "Response")
        method = self.channel.unary_unary("/%s.%s/%s" % (package, SERVICES[package], name),
                                          request_serializer=lambda m: m.SerializeToString(),
                                          response_deserializer=response_type.FromString)
        try:
            return method(request, timeout=TIMEOUT, metadata=self.admin if metadata is None else metadata)
        except grpc.RpcError as error:
            return error

    def watch(self, request, timeout=TIMEOUT, metadata=None):
        """A WatchBookingEvents call (an iterator of responses that raises grpc.RpcError)."""
        method = self.channel.unary_stream("/rentguy.booking.v1.BookingService/WatchBookingEvents",
                                           request_serializer=lambda m: m.SerializeToString(),
                                           response_deserializer=booking_pb2.WatchBookingEventsResponse.FromString)
        return method(request, timeout=timeout, metadata=self.admin if metadata is None else metadata)

    def twice(self, label, name, request):
        """Calls a mutation, then retries it with the same idempotency key: the retry must return
        the same response. Returns the first response (or the error)."""
        first = self.rpc(name, request)
        second = self.rpc(name, request)
        if ok(first):
            check("%s, retried with the same key: the same response" % label, ok(second) and second == first,
                  describe(second) if not ok(second) else "another response (version %s vs %s)" % (
                      version_of(second), version_of(first)))
        return first

    def booking(self, booking_id):
        return need("GetBooking %s" % booking_id,
                    self.rpc("GetBooking", booking_pb2.GetBookingRequest(booking_id=booking_id)), quiet=True).booking


def bearer(token):
    return [("authorization", "Bearer " + token)]


def key():
    return str(uuid.uuid4())


def unique():
    return uuid.uuid4().hex[:10]


def version_of(response):
    return response.booking.version if hasattr(response, "booking") else None


def mask(*paths):
    return field_mask_pb2.FieldMask(paths=list(paths))


def hours(n):
    return duration_pb2.Duration(seconds=int(n * 3600))


def eur(minor):
    return common_pb2.Money(amount_minor=minor, currency="EUR")


def period(start, end):
    period = common_pb2.Period()
    period.start.FromDatetime(start)
    period.end.FromDatetime(end)
    return period


def schedule(start, end, preparation=None, return_buffer=None):
    value = booking_pb2.Schedule(usage=period(start, end))
    if preparation is not None:
        value.preparation_buffer.CopyFrom(hours(preparation))
    if return_buffer is not None:
        value.return_buffer.CopyFrom(hours(return_buffer))
    return value


def ams(*fields):
    return datetime.datetime(*fields, tzinfo=AMS)


def status_name(booking):
    return booking_pb2.BookingStatus.Name(booking.status).replace("BOOKING_STATUS_", "")


def run_together(calls):
    """Runs the callables at the same moment (a barrier), one thread each; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=60)
        return call()

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


# ── Money, as the contract computes it ─────────────────────────────────────────────────────────

def half_up(value):
    """Rounds a Fraction of cents to a whole cent, halves away from zero."""
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


def line_net(quantity, unit_minor, days, discount_bp=0):
    """quantity × price × days × (1 − discount), rounded half-up per line."""
    return half_up(Fraction(quantity * unit_minor * days * (10000 - discount_bp), 10000))


def vat_of(net_minor, rate_bp):
    return half_up(Fraction(net_minor * rate_bp, 10000))


def expected_totals(lines):
    """(subtotal, vat, {(category, rate): (net, vat)}) for lines of (net, category, rate): VAT per
    rate on the sum of the nets at that rate, rounded once."""
    groups = {}
    for net, category, rate in lines:
        groups[(category, rate)] = groups.get((category, rate), 0) + net
    breakdown = {group: (net, vat_of(net, group[1])) for group, net in groups.items()}
    return sum(net for net, _, _ in lines), sum(vat for _, vat in breakdown.values()), breakdown


def totals_of(message):
    """A Booking's or Invoice's (subtotal, vat, breakdown) in the shape of expected_totals."""
    return (message.subtotal.amount_minor, message.vat.amount_minor,
            {(v.category, v.rate_bp): (v.net_amount.amount_minor, v.vat_amount.amount_minor)
             for v in message.vat_breakdown})


def check_totals(label, message, lines):
    want = expected_totals(lines)
    got = totals_of(message)
    currencies = {message.subtotal.currency, message.vat.currency, message.total.currency}
    check(label, got == want and message.total.amount_minor == want[0] + want[1] and currencies == {"EUR"},
          "subtotal, vat, breakdown %s, total %d %s; expected %s, total %d" % (
              got, message.total.amount_minor, sorted(currencies), want, want[0] + want[1]))


# ── Catalog, customers and bookings ────────────────────────────────────────────────────────────

def serialized_product(client, label, assets, day_price=1000, vat=None, preparation=None, return_buffer=None):
    tag = unique()
    product = booking_pb2.Product(name="%s %s" % (label, tag), sku="SER-%s" % tag,
                                  stock_kind=booking_pb2.STOCK_KIND_SERIALIZED, day_price=eur(day_price),
                                  vat_category=vat or booking_pb2.VAT_CATEGORY_STANDARD)
    if preparation is not None:
        product.preparation_buffer.CopyFrom(hours(preparation))
    if return_buffer is not None:
        product.return_buffer.CopyFrom(hours(return_buffer))
    created = need("CreateProduct %s (serialized)" % label, client.rpc(
        "CreateProduct", booking_pb2.CreateProductRequest(idempotency_key=key(), product=product))).product
    for n in range(assets):
        need("CreateAsset %s #%d" % (label, n + 1), client.rpc("CreateAsset", booking_pb2.CreateAssetRequest(
            idempotency_key=key(), product_id=created.id, barcode="AST-%s-%d" % (tag, n + 1))))
    return created


def bulk_product(client, label, quantity, day_price=100, vat=None):
    tag = unique()
    product = booking_pb2.Product(name="%s %s" % (label, tag), sku="BLK-%s" % tag,
                                  stock_kind=booking_pb2.STOCK_KIND_BULK, day_price=eur(day_price),
                                  vat_category=vat or booking_pb2.VAT_CATEGORY_STANDARD,
                                  bulk_barcode="BLK-%s" % tag, bulk_quantity=quantity)
    return need("CreateProduct %s (bulk, %d)" % (label, quantity), client.rpc(
        "CreateProduct", booking_pb2.CreateProductRequest(idempotency_key=key(), product=product))).product


def kit(client, label, components, day_price, vat=None):
    value = booking_pb2.Kit(name="%s %s" % (label, unique()), day_price=eur(day_price),
                            vat_category=vat or booking_pb2.VAT_CATEGORY_STANDARD,
                            components=[booking_pb2.KitComponent(product_id=p, quantity=q) for p, q in components])
    return need("CreateKit %s" % label, client.rpc(
        "CreateKit", booking_pb2.CreateKitRequest(idempotency_key=key(), kit=value))).kit


def customer(client, label="Customer"):
    tag = unique()
    value = booking_pb2.Customer(contact=common_pb2.Contact(name="%s %s" % (label, tag),
                                                            email="customer-%s@example.com" % tag))
    return need("CreateCustomer", client.rpc(
        "CreateCustomer", booking_pb2.CreateCustomerRequest(idempotency_key=key(), customer=value))).customer


def rental(product=None, kit_id=None, quantity=1, discount_bp=0):
    line = booking_pb2.BookingLineInput(quantity=quantity, discount_bp=discount_bp, kind=booking_pb2.LINE_KIND_RENTAL)
    if product is not None:
        line.product_id = product
    else:
        line.kit_id = kit_id
    return line


def service(description, unit_minor, quantity=1, vat=None):
    return booking_pb2.BookingLineInput(quantity=quantity, unit_price=eur(unit_minor), description=description,
                                        kind=booking_pb2.LINE_KIND_SERVICE,
                                        vat_category=vat or booking_pb2.VAT_CATEGORY_STANDARD)


def new_booking_request(customer_id, start, end, lines, title=None, time_zone=ZONE):
    return booking_pb2.CreateBookingRequest(idempotency_key=key(), customer_id=customer_id,
                                            title=title or "Probe booking %s" % unique(),
                                            schedule=schedule(start, end), lines=lines, time_zone=time_zone)


def create_booking(client, customer_id, start, end, lines, title=None, time_zone=ZONE, quiet=False):
    return need("CreateBooking %s" % (title or ""), client.rpc(
        "CreateBooking", new_booking_request(customer_id, start, end, lines, title, time_zone)), quiet).booking


def confirm(client, booking_id, quiet=False):
    return need("ConfirmBooking %s" % booking_id, client.rpc(
        "ConfirmBooking", booking_pb2.ConfirmBookingRequest(idempotency_key=key(), booking_id=booking_id)),
        quiet).booking


def confirm_request(booking_id):
    return booking_pb2.ConfirmBookingRequest(idempotency_key=key(), booking_id=booking_id)


# ── 1. lifecycle ───────────────────────────────────────────────────────────────────────────────

def lifecycle(channel, args):
    client = Client(channel, args)
    STANDARD, REDUCED = booking_pb2.VAT_CATEGORY_STANDARD, booking_pb2.VAT_CATEGORY_REDUCED
    speaker = serialized_product(client, "Speaker", assets=2, day_price=2500, vat=STANDARD,
                                 preparation=1, return_buffer=1)
    fetched = client.rpc("GetProduct", booking_pb2.GetProductRequest(product_id=speaker.id))
    check("the serialized product counts its 2 assets", ok(fetched) and fetched.product.total_quantity == 2,
          describe(fetched) if not ok(fetched) else str(fetched.product.total_quantity))
    cable = bulk_product(client, "Cable", quantity=10, day_price=375, vat=REDUCED)
    check("the bulk product keeps its category and quantity",
          cable.vat_category == REDUCED and cable.total_quantity == 10, str(cable))
    both = kit(client, "Speaker set", [(speaker.id, 1), (cable.id, 2)], day_price=4000)
    buyer = customer(client)

    # Fri 2026-12-04 16:00 → Mon 2026-12-07 10:00 in Amsterdam touches Fri, Sat, Sun, Mon: 4 days.
    start, end = ams(2026, 12, 4, 16), ams(2026, 12, 7, 10)
    title = "Lifecycle %s" % unique()
    create = new_booking_request(buyer.id, start, end, [
        rental(speaker.id, quantity=1),
        rental(cable.id, quantity=4, discount_bp=2250),
        service("Delivery", 5000),
    ], title=title)
    created = client.twice("CreateBooking", "CreateBooking", create)
    booking = need("CreateBooking with a rental, a discounted bulk and a service line", created).booking
    listed = client.rpc("ListBookings", booking_pb2.ListBookingsRequest(query=title))
    check("the retried CreateBooking made one booking", ok(listed) and len(listed.bookings) == 1, describe(listed))
    check("a new booking is DRAFT with a bkg_ id", booking.status == booking_pb2.BOOKING_STATUS_DRAFT
          and booking.id.startswith("bkg_"), "%s %s" % (status_name(booking), booking.id))
    check("billable days of Fri 16:00 → Mon 10:00 (Europe/Amsterdam) is 4", booking.billable_days == 4,
          str(booking.billable_days))
    check("the planning period adds the 1 h buffers", booking.planning.start.ToDatetime(UTC) == start - HOUR
          and booking.planning.end.ToDatetime(UTC) == end + HOUR, str(booking.planning))
    lines = list(booking.lines)
    check("three lines with bln_ ids", len(lines) == 3 and all(line.id.startswith("bln_") for line in lines),
          str([line.id for line in lines]))
    speaker_line, cable_line, delivery_line = lines
    # 1 × 25.00 × 4 = 100.00 (21 %); 4 × 3.75 × 4 × (1 − 22.5 %) = 46.50 (9 %); 1 × 50.00 × 1 (21 %).
    model = {speaker_line.id: (line_net(1, 2500, 4), STANDARD, 2100),
             cable_line.id: (line_net(4, 375, 4, 2250), REDUCED, 900),
             delivery_line.id: (line_net(1, 5000, 1), STANDARD, 2100)}
    assert expected_totals(model.values())[:2] == (19650, 3150 + 419)  # 46.50 × 9 % = 4.185 → 4.19
    check("line days: rentals the billable days, the service line 1",
          [line.days for line in lines] == [4, 4, 1], str([line.days for line in lines]))
    check("lines copy their VAT rate: 2100, 900, 2100", [line.vat_rate_bp for line in lines] == [2100, 900, 2100],
          str([line.vat_rate_bp for line in lines]))
    check("the service line is priced per unit: EUR 50.00", delivery_line.kind == booking_pb2.LINE_KIND_SERVICE
          and delivery_line.unit_price == eur(5000) and delivery_line.description == "Delivery", str(delivery_line))
    check("line nets: quantity × price × days × (1 − discount)",
          [line.net_amount.amount_minor for line in lines] == [model[line.id][0] for line in lines],
          str([line.net_amount.amount_minor for line in lines]))
    check_totals("totals: subtotal 196.50, VAT 35.69 (21 %: 31.50, 9 %: 4.185 → 4.19), total 232.19",
                 booking, model.values())

    for label, zone, first, last, days in [
            ("Sat 00:30 → 23:30 Amsterdam, counted in Europe/Amsterdam", ZONE,
             ams(2026, 12, 5, 0, 30), ams(2026, 12, 5, 23, 30), 1),
            ("the same period counted in UTC (Fri 23:30Z → Sat 22:30Z)", "UTC",
             ams(2026, 12, 5, 0, 30), ams(2026, 12, 5, 23, 30), 2),
            ("Sat 10:00 → Sun 00:00 (half-open: Sunday is not touched)", ZONE,
             ams(2026, 12, 5, 10), ams(2026, 12, 6, 0), 1)]:
        other = create_booking(client, buyer.id, first, last, [rental(speaker.id)], time_zone=zone)
        check("billable days: %s = %d" % (label, days), other.billable_days == days and other.lines[0].days == days,
              "%d (line %d)" % (other.billable_days, other.lines[0].days))
        canceled = client.rpc("CancelBooking", booking_pb2.CancelBookingRequest(
            idempotency_key=key(), booking_id=other.id, reason="probe"))
        check("CancelBooking from DRAFT → CANCELED", ok(canceled)
              and canceled.booking.status == booking_pb2.BOOKING_STATUS_CANCELED, describe(canceled))

    # DRAFT: what it cannot do.
    refused_in_state("CloseBooking on a DRAFT is refused, naming DRAFT", client.rpc(
        "CloseBooking", booking_pb2.CloseBookingRequest(idempotency_key=key(), booking_id=booking.id)), "DRAFT")
    refused_in_state("ReviseQuote on a DRAFT is refused, naming DRAFT", client.rpc(
        "ReviseQuote", booking_pb2.ReviseQuoteRequest(idempotency_key=key(), booking_id=booking.id)), "DRAFT")
    refused_in_state("IssueAdvanceInvoice on a DRAFT is refused, naming DRAFT", client.rpc(
        "IssueAdvanceInvoice", booking_pb2.IssueAdvanceInvoiceRequest(idempotency_key=key(), booking_id=booking.id,
                                                                      share_bp=3000)), "DRAFT")
    past = booking_pb2.SendQuoteRequest(idempotency_key=key(), booking_id=booking.id)
    past.valid_until.FromDatetime(datetime.datetime.now(UTC) - DAY)
    refused("SendQuote with valid_until in the past is INVALID_ARGUMENT", client.rpc("SendQuote", past),
            "INVALID_ARGUMENT")

    # DRAFT → QUOTE.
    quoted = need("SendQuote", client.twice("SendQuote", "SendQuote", booking_pb2.SendQuoteRequest(
        idempotency_key=key(), booking_id=booking.id))).booking
    now = datetime.datetime.now(UTC)
    valid_until = quoted.quote_valid_until.ToDatetime(UTC)
    check("SendQuote → QUOTE, valid for 14 days by default", quoted.status == booking_pb2.BOOKING_STATUS_QUOTE
          and now + 13 * DAY < valid_until < now + 15 * DAY, "%s until %s" % (status_name(quoted), valid_until))
    check("the retried SendQuote had one effect", client.booking(booking.id).version == quoted.version)
    refused_in_state("UpdateBooking on a QUOTE is refused, naming QUOTE", client.rpc(
        "UpdateBooking", booking_pb2.UpdateBookingRequest(idempotency_key=key(), booking=booking_pb2.Booking(
            id=booking.id, title=title + " changed"), update_mask=mask("title"))), "QUOTE")
    refused_in_state("AddBookingLines on a QUOTE is refused, naming QUOTE", client.rpc(
        "AddBookingLines", booking_pb2.AddBookingLinesRequest(idempotency_key=key(), booking_id=booking.id,
                                                              lines=[service("Setup", 2000)])), "QUOTE")
    refused_in_state("SendQuote on a QUOTE is refused, naming QUOTE", client.rpc(
        "SendQuote", booking_pb2.SendQuoteRequest(idempotency_key=key(), booking_id=booking.id)), "QUOTE")
    refused_in_state("CloseBooking on a QUOTE is refused, naming QUOTE", client.rpc(
        "CloseBooking", booking_pb2.CloseBookingRequest(idempotency_key=key(), booking_id=booking.id)), "QUOTE")

    # QUOTE → DRAFT → (edit) → QUOTE → CONFIRMED.
    revised = need("ReviseQuote", client.twice("ReviseQuote", "ReviseQuote", booking_pb2.ReviseQuoteRequest(
        idempotency_key=key(), booking_id=booking.id))).booking
    check("ReviseQuote → DRAFT", revised.status == booking_pb2.BOOKING_STATUS_DRAFT, status_name(revised))
    renamed = need("UpdateBooking on a DRAFT", client.twice("UpdateBooking (title)", "UpdateBooking",
                                                            booking_pb2.UpdateBookingRequest(
        idempotency_key=key(), booking=booking_pb2.Booking(id=booking.id, title=title + " (revised)"),
        update_mask=mask("title"), expected_version=revised.version))).booking
    check("UpdateBooking with the right version changes the title and the version",
          renamed.title == title + " (revised)" and renamed.version > revised.version
          and client.booking(booking.id).version == renamed.version, "%r v%d" % (renamed.title, renamed.version))
    requoted = need("SendQuote again", client.rpc("SendQuote", booking_pb2.SendQuoteRequest(
        idempotency_key=key(), booking_id=booking.id))).booking
    check("SendQuote again → QUOTE", requoted.status == booking_pb2.BOOKING_STATUS_QUOTE, status_name(requoted))
    confirmed = need("ConfirmBooking", client.twice("ConfirmBooking", "ConfirmBooking",
                                                    confirm_request(booking.id))).booking
    check("ConfirmBooking → CONFIRMED", confirmed.status == booking_pb2.BOOKING_STATUS_CONFIRMED,
          status_name(confirmed))
    check("the retried ConfirmBooking had one effect", client.booking(booking.id).version == confirmed.version)
    refused_in_state("SendQuote on a CONFIRMED booking is refused, naming CONFIRMED", client.rpc(
        "SendQuote", booking_pb2.SendQuoteRequest(idempotency_key=key(), booking_id=booking.id)), "CONFIRMED")
    refused_in_state("ReviseQuote on a CONFIRMED booking is refused, naming CONFIRMED", client.rpc(
        "ReviseQuote", booking_pb2.ReviseQuoteRequest(idempotency_key=key(), booking_id=booking.id)), "CONFIRMED")
    refused_in_state("ConfirmBooking (a new key) on a CONFIRMED booking is refused", client.rpc(
        "ConfirmBooking", confirm_request(booking.id)), "CONFIRMED")

    # Line edits on a CONFIRMED booking.
    before = {line.id: line for line in confirmed.lines}
    added = need("AddBookingLines (the kit) on a CONFIRMED booking", client.twice(
        "AddBookingLines", "AddBookingLines", booking_pb2.AddBookingLinesRequest(
            idempotency_key=key(), booking_id=booking.id, lines=[rental(kit_id=both.id)],
            expected_version=confirmed.version)))
    after = {line.id: line for line in added.booking.lines}
    check("AddBookingLines returns the new line's id", len(added.line_ids) == 1 and added.line_ids[0] in after
          and added.line_ids[0] not in before, str(list(added.line_ids)))
    check("existing lines keep their ids and contents", all(after.get(i) == v for i, v in before.items())
          and len(after) == 4, "before %s after %s" % (list(before), list(after)))
    check("the retried AddBookingLines added one line", len(client.booking(booking.id).lines) == 4)
    kit_line = added.line_ids[0]
    model[kit_line] = (line_net(1, 4000, 4), STANDARD, 2100)
    check_totals("totals with the kit line (kit price 40.00 × 4 days)", added.booking, model.values())
    refused("UpdateBookingLine to 20 cables (10 in stock) is STOCK_SHORTAGE", client.rpc(
        "UpdateBookingLine", booking_pb2.UpdateBookingLineRequest(
            idempotency_key=key(), booking_id=booking.id, line_id=cable_line.id,
            line=booking_pb2.BookingLineInput(quantity=20), update_mask=mask("quantity"))),
        "FAILED_PRECONDITION", "STOCK_SHORTAGE")
    updated = need("UpdateBookingLine", client.twice(
        "UpdateBookingLine", "UpdateBookingLine", booking_pb2.UpdateBookingLineRequest(
            idempotency_key=key(), booking_id=booking.id, line_id=cable_line.id,
            line=booking_pb2.BookingLineInput(quantity=5), update_mask=mask("quantity")))).booking
    line = next((line for line in updated.lines if line.id == cable_line.id), None)
    # 5 × 3.75 × 4 × 0.775 = 58.125 → 58.13 (half-up per line).
    model[cable_line.id] = (line_net(5, 375, 4, 2250), REDUCED, 900)
    check("UpdateBookingLine changes the quantity, same id, net 58.125 → 58.13",
          line is not None and line.quantity == 5 and line.net_amount.amount_minor == 5813, str(line))
    check_totals("totals after the quantity change", updated, model.values())
    removed = need("RemoveBookingLine", client.twice(
        "RemoveBookingLine", "RemoveBookingLine", booking_pb2.RemoveBookingLineRequest(
            idempotency_key=key(), booking_id=booking.id, line_id=kit_line))).booking
    del model[kit_line]
    check("RemoveBookingLine removes that line only",
          [line.id for line in removed.lines] == [speaker_line.id, cable_line.id, delivery_line.id],
          str([line.id for line in removed.lines]))
    check_totals("totals after the removal: 208.13 + 36.73 VAT", removed, model.values())
    stale = client.rpc("UpdateBooking", booking_pb2.UpdateBookingRequest(
        idempotency_key=key(), booking=booking_pb2.Booking(id=booking.id, notes="stale"),
        update_mask=mask("notes"), expected_version=removed.version - 1))
    refused("UpdateBooking with a stale expected_version is ABORTED / VERSION_MISMATCH", stale, "ABORTED",
            "VERSION_MISMATCH")
    noted = need("UpdateBooking on a CONFIRMED booking", client.twice(
        "UpdateBooking (notes)", "UpdateBooking", booking_pb2.UpdateBookingRequest(
            idempotency_key=key(), booking=booking_pb2.Booking(id=booking.id, notes="Back door, ring twice"),
            update_mask=mask("notes"), expected_version=removed.version))).booking
    check("UpdateBooking on CONFIRMED changes the notes, once", noted.notes == "Back door, ring twice"
          and client.booking(booking.id).version == noted.version, "%r v%d" % (noted.notes, noted.version))

    # CONFIRMED (nothing checked out) → CLOSED, with the final invoice.
    closed = need("CloseBooking", client.twice("CloseBooking", "CloseBooking", booking_pb2.CloseBookingRequest(
        idempotency_key=key(), booking_id=booking.id)))
    invoice = closed.invoice
    check("CloseBooking → CLOSED", closed.booking.status == booking_pb2.BOOKING_STATUS_CLOSED,
          status_name(closed.booking))
    check("the final invoice is numbered F<year>-<5 digits>", INVOICE_NUMBER.match(invoice.number)
          and invoice.number[1:5] == invoice.issue_date[:4] and invoice.id.startswith("inv_"),
          "%s issued %s" % (invoice.number, invoice.issue_date))
    check("the invoice is FINAL, for this booking and customer", invoice.kind == booking_pb2.INVOICE_KIND_FINAL
          and invoice.booking_id == booking.id and invoice.customer_id == buyer.id, str(invoice.kind))
    check_totals("the invoice's totals equal the booking's", invoice, model.values())
    check("the invoice's total equals the booking's", invoice.total == closed.booking.total
          and invoice.subtotal == closed.booking.subtotal and invoice.vat == closed.booking.vat)
    check("the invoice bills each booking line once", sorted(l.booking_line_id for l in invoice.lines)
          == sorted(model) and all(l.net_amount.amount_minor == model[l.booking_line_id][0] for l in invoice.lines),
          str([(l.booking_line_id, l.net_amount.amount_minor) for l in invoice.lines]))
    check("the retried CloseBooking issued one invoice", list(client.booking(booking.id).invoice_ids) == [invoice.id])
    by_number = client.rpc("GetInvoice", booking_pb2.GetInvoiceRequest(invoice_id=invoice.number))
    check("GetInvoice by number", ok(by_number) and by_number.invoice == invoice, describe(by_number))
    refused_in_state("CancelBooking on a CLOSED booking is refused, naming CLOSED", client.rpc(
        "CancelBooking", booking_pb2.CancelBookingRequest(idempotency_key=key(), booking_id=booking.id,
                                                          reason="too late")), "CLOSED")
    refused_in_state("AddBookingLines on a CLOSED booking is refused, naming CLOSED", client.rpc(
        "AddBookingLines", booking_pb2.AddBookingLinesRequest(idempotency_key=key(), booking_id=booking.id,
                                                              lines=[service("Late fee", 1000)])), "CLOSED")
    refused_in_state("CloseBooking (a new key) on a CLOSED booking is refused", client.rpc(
        "CloseBooking", booking_pb2.CloseBookingRequest(idempotency_key=key(), booking_id=booking.id)), "CLOSED")

    # A second booking, canceled from CONFIRMED.
    second = create_booking(client, buyer.id, start, end, [rental(speaker.id, quantity=2)])
    confirm(client, second.id)
    canceled = need("CancelBooking on CONFIRMED", client.twice(
        "CancelBooking", "CancelBooking", booking_pb2.CancelBookingRequest(
            idempotency_key=key(), booking_id=second.id, reason="customer canceled"))).booking
    check("CancelBooking from CONFIRMED → CANCELED", canceled.status == booking_pb2.BOOKING_STATUS_CANCELED,
          status_name(canceled))
    refused_in_state("ConfirmBooking on a CANCELED booking is refused, naming CANCELED", client.rpc(
        "ConfirmBooking", confirm_request(second.id)), "CANCELED")
    free = client.rpc("CheckAvailability", booking_pb2.CheckAvailabilityRequest(
        items=[booking_pb2.ItemRequest(product_id=speaker.id, quantity=2)], schedule=schedule(start, end)))
    check("CLOSED and CANCELED bookings release their stock (2 of 2 free)", ok(free) and free.available
          and [p.available for p in free.products] == [2], describe(free) if not ok(free) else str(free.products))

    # A credit note for the whole invoice.
    credited = need("IssueCreditNote", client.twice(
        "IssueCreditNote", "IssueCreditNote", booking_pb2.IssueCreditNoteRequest(
            idempotency_key=key(), invoice_id=invoice.id, reason="probe: wrong address"))).credit_note
    check("the credit note is numbered C<year>-<5 digits>", CREDIT_NOTE_NUMBER.match(credited.number),
          credited.number)
    check("the credit note is a CREDIT_NOTE for the invoice", credited.kind == booking_pb2.INVOICE_KIND_CREDIT_NOTE
          and credited.credited_invoice_id == invoice.id, "%s %s" % (credited.kind, credited.credited_invoice_id))
    check("its totals are the invoice's, negated",
          (credited.subtotal.amount_minor, credited.vat.amount_minor, credited.total.amount_minor)
          == (-invoice.subtotal.amount_minor, -invoice.vat.amount_minor, -invoice.total.amount_minor),
          "%d %d %d" % (credited.subtotal.amount_minor, credited.vat.amount_minor, credited.total.amount_minor))
    check("the booking lists the invoice and the credit note, once each",
          list(client.booking(booking.id).invoice_ids) == [invoice.id, credited.id],
          str(list(client.booking(booking.id).invoice_ids)))


# ── 2. race ────────────────────────────────────────────────────────────────────────────────────

def confirm_race(client, label, booking_ids, product_id, winners):
    """ConfirmBooking for every booking at the same moment: exactly `winners` win; the others are
    STOCK_SHORTAGE with a ShortageDetail naming the product."""
    outcomes = run_together([lambda b=b: client.rpc("ConfirmBooking", confirm_request(b)) for b in booking_ids])
    won = [b for b, result in zip(booking_ids, outcomes) if ok(result)]
    lost = [result for result in outcomes if not ok(result)]
    check("%s: exactly %d of %d concurrent confirmations win" % (label, winners, len(booking_ids)),
          len(won) == winners, "%d won" % len(won))
    kinds = sorted({(code(r), reason(r)) for r in lost})
    check("%s: the %d others are FAILED_PRECONDITION / STOCK_SHORTAGE" % (label, len(lost)),
          kinds == [("FAILED_PRECONDITION", "STOCK_SHORTAGE")], str(kinds))
    bad = [r for r in lost if not any(s.product_id == product_id and s.missing >= 1 for s in shortages(r))]
    check("%s: each carries a ShortageDetail naming the product, missing ≥ 1" % label, lost and not bad,
          "%d without; e.g. %s" % (len(bad), [(s.product_id, s.missing) for s in shortages(bad[0])] if bad else ""))
    statuses = [client.booking(b).status for b in booking_ids]
    check("%s: afterwards %d CONFIRMED and the rest still DRAFT" % (label, winners),
          statuses.count(booking_pb2.BOOKING_STATUS_CONFIRMED) == winners
          and statuses.count(booking_pb2.BOOKING_STATUS_DRAFT) == len(booking_ids) - winners,
          str(sorted(booking_pb2.BookingStatus.Name(s) for s in set(statuses))))
    return won


def race(channel, args):
    client = Client(channel, args)
    buyer = customer(client)
    # 40 periods that all contain [base + 6.5 h, base + 2 days): any 4 of them overlap.
    base = ams(2027, 1, 12, 10)
    periods = [(base + datetime.timedelta(minutes=10 * i), base + 2 * DAY) for i in range(40)]

    lamp = serialized_product(client, "Lamp", assets=3)
    drafts = [create_booking(client, buyer.id, s, e, [rental(lamp.id)], title="Race %d" % i, quiet=True).id
              for i, (s, e) in enumerate(periods)]
    check("40 DRAFT bookings of 1 lamp over overlapping periods", len(drafts) == 40)
    won = confirm_race(client, "one product", drafts, lamp.id, 3)

    mixer = serialized_product(client, "Mixer", assets=3)
    cables = bulk_product(client, "Mixer cable", quantity=1000)
    kit_a = kit(client, "Kit A", [(mixer.id, 1)], day_price=3000)
    kit_b = kit(client, "Kit B", [(mixer.id, 1), (cables.id, 1)], day_price=3500)
    kit_drafts = [create_booking(client, buyer.id, s, e, [rental(kit_id=(kit_a if i % 2 == 0 else kit_b).id)],
                                 title="Kit race %d" % i, quiet=True).id for i, (s, e) in enumerate(periods)]
    check("40 DRAFT bookings alternating kit A and kit B", len(kit_drafts) == 40)
    confirm_race(client, "two kits sharing a product", kit_drafts, mixer.id, 3)

    # A return buffer of 24 h: X ends at T, so the asset is free again at T + 24 h.
    moving_head = serialized_product(client, "Moving head", assets=1, preparation=0, return_buffer=24)
    t = ams(2027, 2, 10, 12)
    x = create_booking(client, buyer.id, t - DAY, t, [rental(moving_head.id)], title="Buffer X")
    check("X's planning period is usage + the 24 h return buffer",
          x.planning.start.ToDatetime(UTC) == t - DAY and x.planning.end.ToDatetime(UTC) == t + DAY, str(x.planning))
    confirm(client, x.id)
    y = create_booking(client, buyer.id, t + 12 * HOUR, t + 36 * HOUR, [rental(moving_head.id)], title="Buffer Y")
    result = client.rpc("ConfirmBooking", confirm_request(y.id))
    refused("Y starting 12 h after X's end (in X's return buffer) is STOCK_SHORTAGE", result,
            "FAILED_PRECONDITION", "STOCK_SHORTAGE")
    check("its ShortageDetail names the product", any(s.product_id == moving_head.id for s in shortages(result)),
          str(shortages(result)))
    later = create_booking(client, buyer.id, t + 25 * HOUR, t + 49 * HOUR, [rental(moving_head.id)],
                           title="Buffer Y'")
    result = client.rpc("ConfirmBooking", confirm_request(later.id))
    check("Y' starting 25 h after X's end can be confirmed", ok(result), describe(result))

    # What planners see of the first product.
    seen = client.rpc("CheckAvailability", booking_pb2.CheckAvailabilityRequest(
        items=[booking_pb2.ItemRequest(product_id=lamp.id, quantity=1)], schedule=schedule(base, base + 2 * DAY)))
    product = seen.products[0] if ok(seen) and len(seen.products) == 1 else None
    check("CheckAvailability over the period: 0 of 3 free, 1 short", product is not None and not seen.available
          and (product.product_id, product.available, product.total, product.requested, product.shortage)
          == (lamp.id, 0, 3, 1, 1), describe(seen) if not ok(seen) else str(seen))
    timeline = client.rpc("GetAvailabilityTimeline", booking_pb2.GetAvailabilityTimelineRequest(
        product_id=lamp.id, range=period(ams(2027, 1, 12), ams(2027, 1, 15)), time_zone=ZONE))
    days = list(timeline.days) if ok(timeline) else []
    check("GetAvailabilityTimeline over 3 days: 3 days with their dates",
          [d.date for d in days] == ["2027-01-12", "2027-01-13", "2027-01-14"],
          describe(timeline) if not ok(timeline) else str([d.date for d in days]))
    check("each day: 0 of 3 free, held by the 3 confirmed bookings",
          days and all(d.available == 0 and d.total == 3 and sorted(d.booking_ids) == sorted(won) for d in days),
          str([(d.date, d.available, d.total, sorted(d.booking_ids)) for d in days]) + " expected " + str(sorted(won)))


# ── 3. invoices ────────────────────────────────────────────────────────────────────────────────

def invoices(channel, args):
    client = Client(channel, args)
    STANDARD = booking_pb2.VAT_CATEGORY_STANDARD
    REDUCED = booking_pb2.VAT_CATEGORY_REDUCED
    ZERO = booking_pb2.VAT_CATEGORY_ZERO
    buyer = customer(client)
    stands = bulk_product(client, "Stand", quantity=1000, day_price=1999)
    start = ams(2027, 3, 5, 10)
    bookings = []
    for i in range(20):
        booking = create_booking(client, buyer.id, start, start + 30 * HOUR, [rental(stands.id, quantity=i + 1)],
                                 title="Invoice run %d" % i, quiet=True)
        bookings.append(confirm(client, booking.id, quiet=True))
    check("20 CONFIRMED bookings of stands", len(bookings) == 20)
    closes = run_together([lambda b=b: client.rpc("CloseBooking", booking_pb2.CloseBookingRequest(
        idempotency_key=key(), booking_id=b.id)) for b in bookings])
    check("20 concurrent CloseBooking calls all succeed", all(ok(r) for r in closes),
          str(sorted({describe(r) for r in closes if not ok(r)})))
    closed = [r for r in closes if ok(r)]
    matches = [INVOICE_NUMBER.match(r.invoice.number) for r in closed]
    check("each close issued an F<year>-<n> invoice", len(closed) == 20 and all(matches),
          str([r.invoice.number for r in closed]))
    check("each invoice's total is its booking's", all(r.invoice.total == b.total and r.invoice.booking_id == b.id
                                                       for r, b in zip(closes, bookings) if ok(r)))
    numbers = sorted((int(m.group(1)), int(m.group(2))) for m in matches if m)
    sequence = [n for _, n in numbers]
    check("the 20 numbers are distinct, in one year's series", len(set(numbers)) == 20
          and len({y for y, _ in numbers}) == 1, str(numbers))
    if sequence:
        year = numbers[0][0]
        foreign = [n for n in range(sequence[0], sequence[-1] + 1) if n not in sequence][:100]
        # On a server of its own the 20 are consecutive; other tests' invoices issued in the same
        # moment may sit between them, but then every number in between must exist.
        between = [client.rpc("GetInvoice", booking_pb2.GetInvoiceRequest(invoice_id="F%04d-%05d" % (year, n)))
                   for n in foreign]
        check("no gap: the 20 are consecutive (or the numbers between them are issued)",
              sequence == list(range(sequence[0], sequence[0] + 20)) or all(ok(r) for r in between),
              "%s; between them: %s" % (sequence, [(n, code(r)) for n, r in zip(foreign, between)]))
        if foreign:
            print("    (%d numbers between them belong to other bookings)" % len(foreign))
        series = all_invoice_numbers(client, year)
        check("the whole F%d series so far is gap-free and without duplicates" % year,
              series and series == list(range(series[0], series[0] + len(series))),
              str(series[:10]) + "…" + str(series[-10:]))

    # VAT per rate, not per line: three lines of 0.03 at 21 % are 0.09 × 21 % = 0.0189 → 0.02 (per
    # line 0.0063 → 0.01 each, 0.03); three of 0.05 at 9 % are 0.15 × 9 % = 0.0135 → 0.01 (per line
    # 0.0045 → 0.00 each, 0.00); 10.00 at zero rate.
    lines = [service("Fee %d" % i, 3, vat=STANDARD) for i in range(3)] + \
            [service("Reduced fee %d" % i, 5, vat=REDUCED) for i in range(3)] + \
            [service("Zero-rated supply", 1000, vat=ZERO)]
    mixed = create_booking(client, buyer.id, start, start + HOUR, lines, title="Mixed rates")
    model = [(3, STANDARD, 2100)] * 3 + [(5, REDUCED, 900)] * 3 + [(1000, ZERO, 0)]
    assert expected_totals(model) == (1024, 3, {(STANDARD, 2100): (9, 2), (REDUCED, 900): (15, 1), (ZERO, 0): (1000, 0)})
    check("the lines carry rates 2100, 900 and 0", [l.vat_rate_bp for l in mixed.lines] == [2100] * 3 + [900] * 3 + [0],
          str([l.vat_rate_bp for l in mixed.lines]))
    check_totals("VAT per rate: 21 % of 0.09 = 0.02, 9 % of 0.15 = 0.01, 0 % of 10.00; total 10.27", mixed, model)
    confirm(client, mixed.id)
    closing = need("CloseBooking (mixed rates)", client.rpc("CloseBooking", booking_pb2.CloseBookingRequest(
        idempotency_key=key(), booking_id=mixed.id)))
    check_totals("the mixed-rate invoice computes VAT per rate too", closing.invoice, model)

    # An advance invoice of 30 %, deducted on the final invoice.
    # 3 × 19.99 × 2 days (Fri 10:00 → Sat 18:00) = 119.94; VAT 25.1874 → 25.19; total 145.13;
    # 30 % of it is 43.539.
    advance_booking = create_booking(client, buyer.id, start, start + 32 * HOUR, [rental(stands.id, quantity=3)],
                                     title="Advance")
    check("the advance booking is 3 × 19.99 × 2 days", advance_booking.billable_days == 2)
    model = [(line_net(3, 1999, 2), STANDARD, 2100)]
    check_totals("its totals", advance_booking, model)
    total = advance_booking.total.amount_minor
    confirm(client, advance_booking.id)
    advance = need("IssueAdvanceInvoice 30 %", client.twice(
        "IssueAdvanceInvoice", "IssueAdvanceInvoice", booking_pb2.IssueAdvanceInvoiceRequest(
            idempotency_key=key(), booking_id=advance_booking.id, share_bp=3000))).invoice
    check("the advance invoice is an ADVANCE numbered F<year>-<n>", advance.kind == booking_pb2.INVOICE_KIND_ADVANCE
          and INVOICE_NUMBER.match(advance.number), "%s %s" % (advance.kind, advance.number))
    check("it bills 30 %% of the total (%d → %s, ±1 cent of rounding)" % (total, Fraction(total * 3, 10)),
          abs(Fraction(advance.total.amount_minor) - Fraction(total * 3, 10)) <= 1
          and advance.subtotal.amount_minor + advance.vat.amount_minor == advance.total.amount_minor,
          "%d + %d = %d" % (advance.subtotal.amount_minor, advance.vat.amount_minor, advance.total.amount_minor))
    final = need("CloseBooking after the advance", client.rpc("CloseBooking", booking_pb2.CloseBookingRequest(
        idempotency_key=key(), booking_id=advance_booking.id))).invoice
    check("the final invoice deducts it: total = booking total − advance total",
          final.total.amount_minor == total - advance.total.amount_minor
          and final.subtotal.amount_minor + final.vat.amount_minor == final.total.amount_minor,
          "final %d/%d/%d, booking %d, advance %d" % (final.subtotal.amount_minor, final.vat.amount_minor,
                                                     final.total.amount_minor, total, advance.total.amount_minor))
    check("the deduction line refers to the advance invoice",
          any(l.reference_id == advance.id and l.net_amount.amount_minor < 0 for l in final.lines),
          str([(l.description, l.reference_id, l.net_amount.amount_minor) for l in final.lines]))
    check("the final invoice's number follows the advance's", INVOICE_NUMBER.match(final.number)
          and final.number > advance.number, "%s after %s" % (final.number, advance.number))
    check("the booking lists both, oldest first",
          list(client.booking(advance_booking.id).invoice_ids) == [advance.id, final.id])


def all_invoice_numbers(client, year):
    """The sequence numbers of every F<year> invoice, sorted (ListInvoices, every page)."""
    numbers, token = [], ""
    while True:
        page = client.rpc("ListInvoices", booking_pb2.ListInvoicesRequest(page_size=500, page_token=token))
        if not ok(page):
            check("ListInvoices", False, describe(page))
            return []
        for invoice in page.invoices:
            match = INVOICE_NUMBER.match(invoice.number)
            if match and int(match.group(1)) == year:
                numbers.append(int(match.group(2)))
        token = page.next_page_token
        if not token:
            return sorted(numbers)


# ── 4. leads ───────────────────────────────────────────────────────────────────────────────────

def leads(channel, args):
    client = Client(channel, args)
    LEVEL = booking_pb2.AvailabilityLevel
    plenty = bulk_product(client, "Chair", quantity=100)
    few = bulk_product(client, "Heater", quantity=10)
    scarce = bulk_product(client, "Tent", quantity=3)
    tag = unique()
    name = "site-%s" % tag
    created = need("CreateApiKey (service, role website)", client.rpc("CreateApiKey", identity_pb2.CreateApiKeyRequest(
        idempotency_key=key(), name=name, kind=identity_pb2.API_KEY_KIND_SERVICE, role_ids=["website"])))
    site = bearer(created.secret)

    start = ams(2027, 6, 12, 14)
    items = [booking_pb2.ItemRequest(product_id=plenty.id, quantity=2),   # 98 of 100 left: AVAILABLE
             booking_pb2.ItemRequest(product_id=few.id, quantity=9),      # 1 of 10 left (< 2): LIMITED
             booking_pb2.ItemRequest(product_id=scarce.id, quantity=5)]   # 5 of 3: NOT_AVAILABLE
    lead = booking_pb2.Lead(
        source="forged-by-the-request", contact=common_pb2.Contact(
            name="Lead %s" % tag, email="lead-%s@example.com" % tag, phone="+31612345678"),
        event_type="wedding", venue="Kasteel de Haar", guest_count=120, schedule=schedule(start, start + 10 * HOUR),
        items=items, message="Dance floor lights please", contact_consent=True)
    submit = booking_pb2.SubmitLeadRequest(idempotency_key=key(), lead=lead)
    submitted = need("SubmitLead with the website key", client.rpc("SubmitLead", submit, metadata=site))
    check("the lead is NEW with a led_ id", submitted.lead.status == booking_pb2.LEAD_STATUS_NEW
          and submitted.lead.id.startswith("led_"), str(submitted.lead.status))
    check("its source is the key's name, not the request's", submitted.lead.source == name, submitted.lead.source)
    levels = {i.item.product_id: i.level for i in submitted.availability.items}
    check("availability as levels: AVAILABLE, LIMITED, NOT_AVAILABLE",
          [levels.get(p.id) for p in (plenty, few, scarce)]
          == [booking_pb2.AVAILABILITY_LEVEL_AVAILABLE, booking_pb2.AVAILABILITY_LEVEL_LIMITED,
              booking_pb2.AVAILABILITY_LEVEL_NOT_AVAILABLE],
          str({k: LEVEL.Name(v) for k, v in levels.items()}))
    check("the overall level is the lowest: NOT_AVAILABLE",
          submitted.availability.level == booking_pb2.AVAILABILITY_LEVEL_NOT_AVAILABLE,
          LEVEL.Name(submitted.availability.level))
    check("items are named from the catalog",
          {i.item.product_id: i.name for i in submitted.availability.items}.get(plenty.id) == plenty.name)
    again = client.rpc("SubmitLead", submit, metadata=site)
    check("resubmitting with the same idempotency key returns the same lead",
          ok(again) and again.lead.id == submitted.lead.id, describe(again))
    listed = client.rpc("ListLeads", booking_pb2.ListLeadsRequest(source=name))
    check("the admin sees one lead from that site", ok(listed) and [l.id for l in listed.leads] == [submitted.lead.id],
          describe(listed) if not ok(listed) else str([l.id for l in listed.leads]))

    refused("the website key may not ListLeads", client.rpc("ListLeads", booking_pb2.ListLeadsRequest(), metadata=site),
            "PERMISSION_DENIED", "PERMISSION_MISSING")
    refused("the website key may not GetLead (even its own)", client.rpc(
        "GetLead", booking_pb2.GetLeadRequest(lead_id=submitted.lead.id), metadata=site), "PERMISSION_DENIED")
    refused("the website key may not CheckAvailability (exact counts)", client.rpc(
        "CheckAvailability", booking_pb2.CheckAvailabilityRequest(items=items, schedule=lead.schedule),
        metadata=site), "PERMISSION_DENIED", "PERMISSION_MISSING")
    refused("the website key may not ConvertLead", client.rpc("ConvertLead", booking_pb2.ConvertLeadRequest(
        idempotency_key=key(), lead_id=submitted.lead.id), metadata=site), "PERMISSION_DENIED")
    public = client.rpc("CheckPublicAvailability", booking_pb2.CheckPublicAvailabilityRequest(
        items=items[:1], schedule=lead.schedule), metadata=site)
    check("the website key may CheckPublicAvailability: AVAILABLE", ok(public)
          and public.level == booking_pb2.AVAILABILITY_LEVEL_AVAILABLE
          and [i.level for i in public.items] == [booking_pb2.AVAILABILITY_LEVEL_AVAILABLE], describe(public))

    converted = need("ConvertLead by the admin", client.twice("ConvertLead", "ConvertLead", booking_pb2.ConvertLeadRequest(
        idempotency_key=key(), lead_id=submitted.lead.id)))
    booking = converted.booking
    check("the lead is CONVERTED and points at the booking", converted.lead.status == booking_pb2.LEAD_STATUS_CONVERTED
          and converted.lead.booking_id == booking.id, "%s %s" % (converted.lead.status, converted.lead.booking_id))
    check("the booking is a DRAFT from the lead", booking.status == booking_pb2.BOOKING_STATUS_DRAFT
          and booking.lead_id == submitted.lead.id and booking.schedule.usage == lead.schedule.usage,
          "%s lead %s" % (status_name(booking), booking.lead_id))
    check("with the lead's items", sorted((l.product_id, l.quantity) for l in booking.lines)
          == sorted((i.product_id, i.quantity) for i in items), str([(l.product_id, l.quantity) for l in booking.lines]))
    buyer = client.rpc("GetCustomer", booking_pb2.GetCustomerRequest(customer_id=booking.customer_id))
    check("for a new customer made from the lead's contact", ok(buyer) and booking.customer_id.startswith("cus_")
          and buyer.customer.contact.email == lead.contact.email, describe(buyer))
    refused("a second ConvertLead is FAILED_PRECONDITION", client.rpc("ConvertLead", booking_pb2.ConvertLeadRequest(
        idempotency_key=key(), lead_id=submitted.lead.id)), "FAILED_PRECONDITION", "STATE_CONFLICT")


# ── 5. crew ────────────────────────────────────────────────────────────────────────────────────

def crew(channel, args):
    client = Client(channel, args)
    DRIVER, DJ = identity_pb2.CREW_FUNCTION_DRIVER, identity_pb2.CREW_FUNCTION_DJ

    def crew_member(label):
        tag = unique()
        email, password = "%s-%s@example.com" % (label, tag), "crew password %s" % tag
        user = need("CreateUser %s (crew, DRIVER)" % label, client.rpc("CreateUser", identity_pb2.CreateUserRequest(
            idempotency_key=key(), email=email, display_name="%s %s" % (label, tag), role_ids=["crew"],
            crew=identity_pb2.CrewProfile(functions=[DRIVER]), initial_password=password))).user
        return user, client.sign_in(email, password)

    driver, driver_token = crew_member("driver")
    other, other_token = crew_member("other")
    buyer = customer(client)
    day = ams(2027, 4, 10)
    first = confirm(client, create_booking(client, buyer.id, day + 8 * HOUR, day + 20 * HOUR,
                                           [service("Crew", 10000)], title="Crew 1").id)
    second = confirm(client, create_booking(client, buyer.id, day + 14 * HOUR, day + 26 * HOUR,
                                            [service("Crew", 10000)], title="Crew 2 (overlaps 1)").id)
    third = confirm(client, create_booking(client, buyer.id, day + 2 * DAY, day + 2 * DAY + 6 * HOUR,
                                           [service("Crew", 10000)], title="Crew 3 (two days later)").id)

    def assign(booking, function, allow_overlap=False):
        return client.rpc("AssignCrew", booking_pb2.AssignCrewRequest(
            idempotency_key=key(), booking_id=booking.id, user_id=driver.id, function=function,
            allow_overlap=allow_overlap))

    assigned = need("AssignCrew as DRIVER", assign(first, DRIVER)).assignment
    check("the assignment is PROPOSED, for the user and function, over the booking's planning period",
          assigned.id.startswith("asg_") and assigned.status == booking_pb2.ASSIGNMENT_STATUS_PROPOSED
          and assigned.user_id == driver.id and assigned.function == DRIVER and assigned.period == first.planning,
          str(assigned))
    refused("AssignCrew as DJ (not the user's function) is STATE_CONFLICT", assign(first, DJ),
            "FAILED_PRECONDITION", "STATE_CONFLICT")
    overlap = assign(second, DRIVER)
    refused("an overlapping assignment on another booking is CREW_CONFLICT", overlap,
            "FAILED_PRECONDITION", "CREW_CONFLICT")
    info = error_info(overlap)
    check("its ErrorInfo names the other assignment", info is not None
          and info.metadata.get("assignment_id") == assigned.id, str(info))
    overridden = assign(second, DRIVER, allow_overlap=True)
    check("with allow_overlap it is made, marked overridden", ok(overridden)
          and overridden.assignment.overlap_overridden, describe(overridden))
    later = assign(third, DRIVER)
    check("an assignment that does not overlap needs no override", ok(later)
          and not later.assignment.overlap_overridden, describe(later))

    window = period(day - DAY, day + 4 * DAY)
    mine = client.rpc("ListCrewAssignments", booking_pb2.ListCrewAssignmentsRequest(period=window),
                      metadata=driver_token)
    wanted = {assigned.id} | {r.assignment.id for r in (overridden, later) if ok(r)}
    check("the crew member lists their own assignments (no user_id)", ok(mine)
          and {a.id for a in mine.assignments} == wanted and all(a.user_id == driver.id for a in mine.assignments),
          describe(mine) if not ok(mine) else str([a.id for a in mine.assignments]))
    accepted = client.rpc("RespondToAssignment", booking_pb2.RespondToAssignmentRequest(
        idempotency_key=key(), assignment_id=assigned.id, accept=True), metadata=driver_token)
    check("the crew member accepts: ACCEPTED", ok(accepted)
          and accepted.assignment.status == booking_pb2.ASSIGNMENT_STATUS_ACCEPTED, describe(accepted))
    refused("another crew member may not respond to it", client.rpc(
        "RespondToAssignment", booking_pb2.RespondToAssignmentRequest(
            idempotency_key=key(), assignment_id=assigned.id, accept=False), metadata=other_token),
        "PERMISSION_DENIED")
    refused("another crew member may not list the first one's assignments", client.rpc(
        "ListCrewAssignments", booking_pb2.ListCrewAssignmentsRequest(user_id=driver.id, period=window),
        metadata=other_token), "PERMISSION_DENIED")
    own = client.rpc("ListCrewAssignments", booking_pb2.ListCrewAssignmentsRequest(period=window),
                     metadata=other_token)
    check("the other crew member's own list is empty", ok(own) and not own.assignments, describe(own))
    planned = client.rpc("ListCrewAssignments", booking_pb2.ListCrewAssignmentsRequest(booking_id=first.id))
    check("the planner sees the booking's assignment, still ACCEPTED", ok(planned)
          and [(a.id, a.status) for a in planned.assignments] == [(assigned.id, booking_pb2.ASSIGNMENT_STATUS_ACCEPTED)],
          describe(planned) if not ok(planned) else str([(a.id, a.status) for a in planned.assignments]))


# ── 6. events ──────────────────────────────────────────────────────────────────────────────────

class Watcher:
    """A WatchBookingEvents stream read by a thread into `responses`."""

    def __init__(self, client, request, timeout=60):
        self.call = client.watch(request, timeout=timeout)
        self.responses, self.error, self.done = [], None, False
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for response in self.call:
                with self.changed:
                    self.responses.append(response)
                    self.changed.notify_all()
        except grpc.RpcError as error:
            self.error = error
        with self.changed:
            self.done = True
            self.changed.notify_all()

    def wait(self, predicate, timeout=TIMEOUT):
        """Until predicate(responses) holds or the stream ends; whether it holds."""
        with self.changed:
            self.changed.wait_for(lambda: predicate(self.responses) or self.done, timeout=timeout)
            return predicate(self.responses)

    def close(self):
        self.call.cancel()
        self.thread.join(10)


def events_of(responses, booking_id, before_caught_up=False):
    """(sequence, type) of the booking's events (only those before the caught_up marker)."""
    found = []
    for response in responses:
        if before_caught_up and response.WhichOneof("kind") == "caught_up":
            break
        if response.WhichOneof("kind") == "event" and response.event.booking_id == booking_id:
            found.append((response.event.sequence, response.event.type))
    return found


def caught_up(responses):
    return any(r.WhichOneof("kind") == "caught_up" for r in responses)


def events(channel, args):
    client = Client(channel, args)
    TYPES = booking_pb2.BookingEventType
    wanted = [TYPES.Value("BOOKING_EVENT_TYPE_CREATED"), TYPES.Value("BOOKING_EVENT_TYPE_QUOTE_SENT"),
              TYPES.Value("BOOKING_EVENT_TYPE_CONFIRMED")]
    buyer = customer(client)
    live = Watcher(client, booking_pb2.WatchBookingEventsRequest(live_only=True))
    # A live-only stream may say caught_up at once (nothing to replay); without it, give the call
    # time to reach the server before the first change.
    if not live.wait(caught_up, timeout=3):
        time.sleep(1)
    start = ams(2027, 5, 20, 9)
    booking = create_booking(client, buyer.id, start, start + 8 * HOUR, [service("Setup", 15000)], title="Events")
    need("SendQuote", client.rpc("SendQuote", booking_pb2.SendQuoteRequest(idempotency_key=key(), booking_id=booking.id)))
    confirm(client, booking.id)
    live.wait(lambda rs: len(events_of(rs, booking.id)) >= 3)
    live.close()
    seen = events_of(live.responses, booking.id)
    check("the live watcher saw CREATED, QUOTE_SENT, CONFIRMED for the booking", [t for _, t in seen] == wanted,
          "%s %s" % ([TYPES.Name(t) for _, t in seen], describe(live.error) if live.error else ""))
    sequences = [s for s, _ in seen]
    check("in increasing sequence", sequences and all(a < b for a, b in zip(sequences, sequences[1:]))
          and sequences[0] >= 1, str(sequences))
    statuses = [r.event.booking.status for r in live.responses
                if r.WhichOneof("kind") == "event" and r.event.booking_id == booking.id]
    check("each event carries the booking as it was right after it", statuses == [
        booking_pb2.BOOKING_STATUS_DRAFT, booking_pb2.BOOKING_STATUS_QUOTE, booking_pb2.BOOKING_STATUS_CONFIRMED],
          str([booking_pb2.BookingStatus.Name(s) for s in statuses]))
    if not sequences:
        raise Stop("no live events to resume from")

    resumed = Watcher(client, booking_pb2.WatchBookingEventsRequest(after_sequence=sequences[0] - 1))
    resumed.wait(caught_up)
    resumed.close()
    check("resuming after (first − 1) replays the same three events, then caught_up",
          events_of(resumed.responses, booking.id, before_caught_up=True) == seen and caught_up(resumed.responses),
          "%s caught_up=%s %s" % (events_of(resumed.responses, booking.id), caught_up(resumed.responses),
                                  describe(resumed.error) if resumed.error else ""))
    marker = next((r.caught_up for r in resumed.responses if r.WhichOneof("kind") == "caught_up"), None)
    check("caught_up.last_sequence is at least the last replayed sequence",
          marker is not None and marker.last_sequence >= sequences[-1], str(marker))

    filtered = Watcher(client, booking_pb2.WatchBookingEventsRequest(from_beginning=True, booking_ids=[booking.id]))
    filtered.wait(caught_up)
    filtered.close()
    replayed = [(r.event.sequence, r.event.type) for r in filtered.responses
                if r.WhichOneof("kind") == "event"]
    check("from_beginning filtered to the booking: exactly its three events, then caught_up",
          replayed == seen and caught_up(filtered.responses), str(replayed))

    everything = Watcher(client, booking_pb2.WatchBookingEventsRequest(from_beginning=True))
    everything.wait(caught_up, timeout=60)
    everything.close()
    kinds = [r.WhichOneof("kind") for r in everything.responses if r.WhichOneof("kind") != "heartbeat"]
    first = everything.responses[0] if everything.responses else None
    check("from_beginning starts with an event of sequence ≥ 1", first is not None
          and first.WhichOneof("kind") == "event" and first.event.sequence >= 1, str(first))
    replay = [r.event.sequence for r in everything.responses if r.WhichOneof("kind") == "event"]
    check("from_beginning replays in increasing sequence, including the booking's, then caught_up",
          "caught_up" in kinds and all(a < b for a, b in zip(replay, replay[1:]))
          and set(sequences) <= set(replay[:kinds.index("caught_up")] if "caught_up" in kinds else []),
          "%d events, caught_up=%s" % (len(replay), "caught_up" in kinds))

    try:
        list(client.watch(booking_pb2.WatchBookingEventsRequest()))
        check("WatchBookingEvents without a start is INVALID_ARGUMENT", False, "the stream ended normally")
    except grpc.RpcError as error:
        refused("WatchBookingEvents without a start is INVALID_ARGUMENT", error, "INVALID_ARGUMENT")


def connect(channel, args):
    """The marketing site's path with nothing but curl: the Connect protocol's unary JSON form on
    the REST shim (--http-port), authenticated with the site's API key."""
    client = Client(channel, args)
    base = "http://%s:%d" % (args.host, args.http_port)
    tag = unique()
    plenty = bulk_product(client, "Speaker", quantity=100)
    created = need("CreateApiKey (service, role website)", client.rpc("CreateApiKey", identity_pb2.CreateApiKeyRequest(
        idempotency_key=key(), name="site-%s" % tag, kind=identity_pb2.API_KEY_KIND_SERVICE, role_ids=["website"])))

    def curl(method, body, token=created.secret, content_type="application/json"):
        command = ["curl", "-sS", "-X", "POST", "-w", "\n%{http_code}", base + "/" + method, "-H", "Content-Type: " + content_type,
                   "--data-binary", body]
        if token:
            command += ["-H", "Authorization: Bearer " + token]
        output = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
        text, _, status = output.rpartition("\n")
        try:
            return int(status), json.loads(text) if text else None
        except ValueError:
            return int(status or 0), text

    start = ams(2027, 8, 14, 12).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = ams(2027, 8, 14, 23).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lead = {"idempotencyKey": "form-%s" % tag, "lead": {
        "contact": {"name": "Curl Lead %s" % tag, "email": "curl-%s@example.com" % tag}, "contactConsent": True,
        "eventType": "wedding", "schedule": {"usage": {"start": start, "end": end}},
        "items": [{"productId": plenty.id, "quantity": 2}]}}
    status, body = curl("rentguy.booking.v1.BookingService/SubmitLead", json.dumps(lead))
    check("curl SubmitLead → 200 with the lead", status == 200 and isinstance(body, dict) and body.get("lead", {}).get("id", "").startswith("led_"),
          "%s %s" % (status, body))
    submitted = body.get("lead", {}) if isinstance(body, dict) else {}
    check("the lead's source is the API key's name", submitted.get("source") == "site-%s" % tag, str(submitted.get("source")))
    levels = [item.get("level") for item in (body or {}).get("availability", {}).get("items", [])] if isinstance(body, dict) else []
    check("the answer carries availability levels, not counts", levels == ["AVAILABILITY_LEVEL_AVAILABLE"]
          and "available" not in json.dumps((body or {}).get("availability", {})).replace("AVAILABILITY_LEVEL_AVAILABLE", ""), str(levels))
    status, again = curl("rentguy.booking.v1.BookingService/SubmitLead", json.dumps(lead))
    check("the same form again (same idempotency key) → the same lead", status == 200 and isinstance(again, dict)
          and again.get("lead", {}).get("id") == submitted.get("id"), "%s %s" % (status, again))
    check_request = {"items": [{"productId": plenty.id, "quantity": 200}], "schedule": {"usage": {"start": start, "end": end}}}
    status, body = curl("rentguy.booking.v1.BookingService/CheckPublicAvailability", json.dumps(check_request))
    check("curl CheckPublicAvailability → NOT_AVAILABLE for more than the stock", status == 200 and isinstance(body, dict)
          and body.get("level") == "AVAILABILITY_LEVEL_NOT_AVAILABLE", "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/CheckAvailability", json.dumps(check_request))
    check("the site key may not see exact counts: 403 permission_denied", status == 403 and isinstance(body, dict)
          and body.get("code") == "permission_denied", "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/SubmitLead", '{"lead": {"contact": ')
    check("a malformed body → 400 invalid_argument, not a 500", status == 400 and isinstance(body, dict)
          and body.get("code") == "invalid_argument", "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/SubmitLead", '{"lead": {"guestCount": "many"}}')
    check("a wrongly typed field → 400 invalid_argument", status == 400 and isinstance(body, dict)
          and body.get("code") == "invalid_argument", "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/SubmitLead", json.dumps({"lead": {"contactConsent": True}}))
    check("a lead without contact → 400 invalid_argument naming the field, with a BadRequest detail", status == 400
          and isinstance(body, dict) and "lead.contact" in body.get("message", "")
          and any(d.get("type") == "google.rpc.BadRequest" for d in body.get("details", [])), "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/SubmitLead", json.dumps(lead), token=None)
    check("no credential → 401 unauthenticated", status == 401 and isinstance(body, dict) and body.get("code") == "unauthenticated",
          "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/NoSuchMethod", "{}")
    check("an unknown method → 501 unimplemented", status == 501 and isinstance(body, dict) and body.get("code") == "unimplemented",
          "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/SubmitLead", json.dumps(lead), content_type="text/plain")
    check("a body that is not JSON → 415", status == 415, "%s %s" % (status, body))
    status, body = curl("rentguy.booking.v1.BookingService/WatchBookingEvents", "{}")
    check("a streaming RPC is not on the JSON endpoint → 501", status == 501, "%s %s" % (status, body))
    leads = client.rpc("ListLeads", booking_pb2.ListLeadsRequest(source="site-%s" % tag))
    check("staff see exactly one lead from that site over gRPC", ok(leads) and len(leads.leads) == 1, describe(leads))

    # The rest of the lifecycle over the same JSON endpoint, as staff: lead → draft → quote →
    # confirmed → closed → invoiced.
    staff = client.admin[0][1].split(" ", 1)[1]

    def step(method, body):
        status, answer = curl("rentguy.booking.v1.BookingService/" + method, json.dumps(body), token=staff)
        check("curl %s → 200" % method, status == 200 and isinstance(answer, dict), "%s %s" % (status, answer))
        return answer if isinstance(answer, dict) else {}

    converted = step("ConvertLead", {"idempotencyKey": key(), "leadId": submitted.get("id", "")})
    booking_id = converted.get("booking", {}).get("id", "")
    step("SendQuote", {"idempotencyKey": key(), "bookingId": booking_id})
    confirmed = step("ConfirmBooking", {"idempotencyKey": key(), "bookingId": booking_id})
    check("the booking is CONFIRMED", confirmed.get("booking", {}).get("status") == "BOOKING_STATUS_CONFIRMED", str(confirmed))
    closed = step("CloseBooking", {"idempotencyKey": key(), "bookingId": booking_id})
    number = closed.get("invoice", {}).get("number", "")
    check("CloseBooking over JSON issues the final invoice", INVOICE_NUMBER.match(number) is not None
          and closed.get("invoice", {}).get("total") == closed.get("booking", {}).get("total"), str(closed.get("invoice")))
    fetched = step("GetInvoice", {"invoiceId": number})
    check("GetInvoice by number over JSON", fetched.get("invoice", {}).get("number") == number, str(fetched))
    status, body = curl("rentguy.booking.v1.BookingService/ConfirmBooking", json.dumps({"idempotencyKey": key(), "bookingId": booking_id}),
                        token=staff)
    check("ConfirmBooking on the CLOSED booking → 400 failed_precondition with reason STATE_CONFLICT", status == 400
          and isinstance(body, dict) and body.get("code") == "failed_precondition"
          and any(d.get("debug", {}).get("reason") == "STATE_CONFLICT" for d in body.get("details", [])), "%s %s" % (status, body))


def burst(channel, args):
    """Confirms bookings from 16 threads for --seconds, printing "ack <booking id>" for each
    confirmation the server acknowledged (the kill -9 test crashes the server meanwhile)."""
    client = Client(channel, args)
    stock = bulk_product(client, "Crash", quantity=100000)
    buyer = customer(client)
    start = ams(2027, 9, 1, 10)
    print("product %s" % stock.id, flush=True)
    deadline = time.monotonic() + args.seconds
    printing = threading.Lock()

    def worker():
        while time.monotonic() < deadline:
            created = client.rpc("CreateBooking", new_booking_request(buyer.id, start, start + 6 * HOUR, [rental(stock.id)]))
            if not ok(created):
                return
            confirmed = client.rpc("ConfirmBooking", confirm_request(created.booking.id))
            if not ok(confirmed):
                return
            with printing:
                sys.stdout.write("ack %s\n" % created.booking.id)
                sys.stdout.flush()

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def acknowledged(channel, args):
    """After a crash and restart: every booking in --ids is CONFIRMED, holds its stock, and has
    its CONFIRMED event in the stored log."""
    client = Client(channel, args)
    ids = [line.strip() for line in open(args.ids) if line.strip()]
    product = None
    missing = []
    for booking_id in ids:
        found = client.rpc("GetBooking", booking_pb2.GetBookingRequest(booking_id=booking_id))
        if not ok(found) or found.booking.status != booking_pb2.BOOKING_STATUS_CONFIRMED:
            missing.append(booking_id)
        elif product is None:
            product = found.booking.lines[0].product_id
            usage = found.booking.schedule
    check("every acknowledged booking is CONFIRMED after the crash (%d)" % len(ids), ids and not missing, str(missing[:5]))
    if product is None:
        raise Stop("no acknowledged booking")
    count, token = 0, ""
    while True:
        page = client.rpc("ListBookings", booking_pb2.ListBookingsRequest(
            statuses=[booking_pb2.BOOKING_STATUS_CONFIRMED], page_size=1000, page_token=token))
        if not ok(page):
            count = -1
            break
        count += sum(1 for b in page.bookings if b.lines and b.lines[0].product_id == product)
        token = page.next_page_token
        if not token:
            break
    availability = client.rpc("CheckAvailability", booking_pb2.CheckAvailabilityRequest(
        items=[booking_pb2.ItemRequest(product_id=product, quantity=1)], schedule=usage))
    held = availability.products[0].total - availability.products[0].available if ok(availability) else -1
    check("their stock is held: the product's holds equal the confirmed bookings (≥ acknowledged)",
          held == count and count >= len(ids), "held %s, confirmed %s, acknowledged %s" % (held, count, len(ids)))
    replay = Watcher(client, booking_pb2.WatchBookingEventsRequest(
        from_beginning=True, types=[booking_pb2.BOOKING_EVENT_TYPE_CONFIRMED]))
    replay.wait(caught_up, timeout=60)
    replay.close()
    seen = {r.event.booking_id for r in replay.responses if r.WhichOneof("kind") == "event"}
    lost = [i for i in ids if i not in seen]
    check("every acknowledged confirmation has its CONFIRMED event", not lost, str(lost[:5]))


SCENARIOS = {"acknowledged": acknowledged, "burst": burst, "connect": connect, "lifecycle": lifecycle, "race": race, "invoices": invoices, "leads": leads, "crew": crew,
             "events": events}


def main():
    global booking_pb2, common_pb2, identity_pb2
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS) + ["all"])
    parser.add_argument("--target", help="HOST:PORT (instead of --host and --port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int)
    parser.add_argument("--http-port", type=int, help="the REST shim's port (the connect scenario)")
    parser.add_argument("--seconds", type=float, default=5, help="how long burst runs")
    parser.add_argument("--ids", help="acknowledged: a file of booking ids, one a line")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    if not args.target and args.port is None:
        parser.error("--target or --port is required")
    common_pb2, identity_pb2, booking_pb2 = contract()
    names = ["lifecycle", "race", "invoices", "leads", "crew", "events"] if args.scenario == "all" else [args.scenario]
    failed = 0
    with grpc.insecure_channel(args.target or "%s:%d" % (args.host, args.port)) as channel:
        for name in names:
            TALLY.update(checks=0, failed=0)
            try:
                SCENARIOS[name](channel, args)
            except Stop as stop:
                print("    (%s stopped: the rest depends on \"%s\")" % (name, stop), flush=True)
            except Exception as error:  # noqa: BLE001 - a crash is a failed check, with its trace
                traceback.print_exc()
                check("%s crashed: %s: %s" % (name, type(error).__name__, error), False)
            print("%s: %d checks, %d failed" % (name, TALLY["checks"], TALLY["failed"]), flush=True)
            failed += TALLY["failed"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
