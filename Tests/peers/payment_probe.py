#!/usr/bin/env python3
"""End-to-end scenarios for payments, provider webhooks, the job queue and outbound booking
webhooks (rentguy.payment.v1, rentguy.jobs.v1, rentguy.webhooks.v1 and the REST shim's
/webhooks/*, /integrations/status, /metrics/queues), written from the contract the way an
independent client would call it: grpcio, the contract's generated messages, the admin's e-mail and
password, stripe-python to sign Stripe events, standardwebhooks to verify our outbound webhooks,
and the provider mock's customer pages and test controls (docs/provider-mock.md).

  payment_probe.py SCENARIO --port P --http-port H --mock URL --stripe-secret WHSEC --email E --password PW

  flow         Stripe and Mollie payments end to end: created, paid in the mock, SUCCEEDED from the
               webhook; a booking's payment numbers; partial and full refunds; cancel; SyncPayment;
               a dispute won and one lost; refused requests
  storm        1,000 signed Stripe events about 40 payments from 32 senders: 30 % duplicates,
               shuffled, some tampered, some too old → refused ones 400, every real event stored
               once, final states right, no state change from a refused or repeated event
  faults       (own server) rate limits, 500s and timeouts while 200 payments are created → all
               OPEN, one idempotency key per payment; a dead letter; an outbound delivery dead-
               lettered and delivered by FlushQueue; a paused queue
  partner      outbound booking webhooks verified with standardwebhooks; tampered copy refused;
               secret rotation (two signatures); redelivery with the same webhook-id
  status       /integrations/status, /metrics/queues, /metrics webhook counters, the webhook
               routes' refusals, GetPaymentProviders
  crash-start  (kill -9 test, before the crash) arms Stripe timeouts, creates --count payments,
               writes their ids to --ids and returns once checkout jobs are leased
  crash-check  (after the restart) every payment in --ids ends OPEN; every provider POST of a
               payment carried its payment id as Idempotency-Key and only one had an effect

Every scenario uses its own bookings, customers and partner names, so the shared-server ones can
run at the same time. Prints one line per check and "SCENARIO: N checks, M failed"; exits 1 when
any check failed.
"""
import argparse
import base64
import collections
import concurrent.futures
import datetime
import http.client as httpclient
import json
import os
import random
import re
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpc  # noqa: E402
import booking_probe as bp  # noqa: E402
from booking_probe import Stop, check, need, ok, describe, refused, key, unique, TALLY  # noqa: E402

# Set by main(): the contract's generated modules.
booking_pb2 = common_pb2 = identity_pb2 = payment_pb2 = jobs_pb2 = webhooks_pb2 = None
SERVICES = {
    "rentguy.booking.v1": "BookingService",
    "rentguy.identity.v1": "IdentityService",
    "rentguy.payment.v1": "PaymentService",
    "rentguy.jobs.v1": "JobService",
    "rentguy.webhooks.v1": "WebhookService",
}
TIMEOUT = 20
UTC = datetime.timezone.utc
# A booking with one service line of EUR 100.00 at 21 % VAT costs EUR 121.00.
BOOKING_TOTAL = 12100


def contract():
    global booking_pb2, common_pb2, identity_pb2, payment_pb2, jobs_pb2, webhooks_pb2
    common_pb2, identity_pb2, booking_pb2 = bp.contract()
    bp.common_pb2, bp.identity_pb2, bp.booking_pb2 = common_pb2, identity_pb2, booking_pb2
    # bp.contract() generated every .proto under proto/ onto sys.path.
    from rentguy.payment.v1 import payment_pb2 as payment
    from rentguy.jobs.v1 import jobs_pb2 as jobs
    from rentguy.webhooks.v1 import webhooks_pb2 as webhooks
    payment_pb2, jobs_pb2, webhooks_pb2 = payment, jobs, webhooks


class Client(bp.Client):
    """booking_probe's client, for every service of the contract."""

    def rpc(self, name, request, response_type=None, metadata=None, timeout=TIMEOUT):
        package = request.DESCRIPTOR.file.package
        module = {"rentguy.booking.v1": booking_pb2, "rentguy.identity.v1": identity_pb2,
                  "rentguy.payment.v1": payment_pb2, "rentguy.jobs.v1": jobs_pb2,
                  "rentguy.webhooks.v1": webhooks_pb2}[package]
        response_type = response_type or getattr(module, name + "Response")
        method = self.channel.unary_unary("/%s.%s/%s" % (package, SERVICES[package], name),
                                          request_serializer=lambda m: m.SerializeToString(),
                                          response_deserializer=response_type.FromString)
        try:
            return method(request, timeout=timeout, metadata=self.admin if metadata is None else metadata)
        except grpc.RpcError as error:
            return error


# ── Names and small helpers ────────────────────────────────────────────────────────────────────

def eur(minor):
    return common_pb2.Money(amount_minor=minor, currency="EUR")


def status_name(value):
    return payment_pb2.PaymentStatus.Name(value).replace("PAYMENT_STATUS_", "")


def P(name):
    return payment_pb2.PaymentStatus.Value("PAYMENT_STATUS_" + name)


STRIPE = MOLLIE = None  # PaymentProvider values, set in main()


def http(method, url, body=None, headers=None, form=False, raw=None, timeout=30):
    """(status, headers, bytes) of a plain HTTP call; never raises for an HTTP error status."""
    headers = dict(headers or {})
    data = raw
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        else:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, OSError) as error:
        # No answer at all (refused, reset, timed out): status 0 and what happened.
        return 0, {}, repr(error).encode()


def http_json(method, url, body=None, **kwargs):
    status, _, raw = http(method, url, body, **kwargs)
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def poll(fetch, done, timeout, interval=0.2):
    """Calls fetch() until done(value) or the timeout; the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value) or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# ── Bookings and payments ──────────────────────────────────────────────────────────────────────

DAY_OFFSET = [0]
DAY_LOCK = threading.Lock()


def booking(client, buyer=None, confirm=True, deposit=0, quiet=False):
    """A booking of EUR 121.00 (one service line), CONFIRMED unless told otherwise."""
    buyer = buyer or bp.customer(client, "Payer")
    with DAY_LOCK:
        DAY_OFFSET[0] += 1
        offset = DAY_OFFSET[0]
    start = bp.ams(2028, 3, 1, 10) + datetime.timedelta(days=offset % 300)
    request = bp.new_booking_request(buyer.id, start, start + 6 * bp.HOUR, [bp.service("Sound package", 10000)],
                                     title="Payment probe %s" % unique())
    if deposit:
        request.security_deposit.CopyFrom(eur(deposit))
    created = need("CreateBooking (EUR 121.00)", client.rpc("CreateBooking", request), quiet=quiet).booking
    if confirm:
        return bp.confirm(client, created.id, quiet=quiet)
    return created


def create_payment(client, booking_id, provider, amount, wait=True, quiet=False, label=None):
    request = payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=booking_id, provider=provider, amount=eur(amount),
        purpose=payment_pb2.PAYMENT_PURPOSE_DEPOSIT, return_url="https://shop.example.com/paid",
        wait_for_checkout_url=wait)
    return need(label or "CreatePayment %s EUR %.2f" % (payment_pb2.PaymentProvider.Name(provider), amount / 100),
                client.rpc("CreatePayment", request), quiet=quiet).payment


def get_payment(client, payment_id):
    found = client.rpc("GetPayment", payment_pb2.GetPaymentRequest(payment_id=payment_id))
    return found.payment if ok(found) else None


def wait_status(client, payment_id, wanted, timeout=20):
    """The payment once its status is one of `wanted` (names), or as it was at the timeout."""
    wanted = {P(name) for name in ([wanted] if isinstance(wanted, str) else wanted)}
    return poll(lambda: get_payment(client, payment_id), lambda p: p is not None and p.status in wanted, timeout)


def expect_status(label, client, payment_id, wanted, timeout=20):
    payment = wait_status(client, payment_id, wanted, timeout)
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    check(label, payment is not None and status_name(payment.status) in names,
          "%s (%s)" % (status_name(payment.status) if payment else "not found", payment))
    return payment


def open_payment(client, booking_id, provider, amount, quiet=False):
    """A payment that reached OPEN with its checkout URL (CreatePayment waited for it, or poll)."""
    created = create_payment(client, booking_id, provider, amount, quiet=quiet)
    payment = created
    if created.status != P("OPEN") or not created.checkout_url:
        payment = wait_status(client, created.id, "OPEN", timeout=20)
    if not check("%s payment %s is OPEN with a checkout URL" % (payment_pb2.PaymentProvider.Name(provider), created.id),
                 payment is not None and payment.status == P("OPEN") and payment.checkout_url, str(payment)) and not quiet:
        raise Stop("payment %s not OPEN" % created.id)
    return payment


def pay(url, outcome="paid"):
    """Pays a checkout in the mock like a customer (JSON API form); (status, JSON)."""
    return http_json("POST", url.rstrip("/") + "/pay", {"outcome": outcome}, headers={"Accept": "application/json"})


def payment_status(client, booking_id):
    return need("GetBookingPaymentStatus", client.rpc(
        "GetBookingPaymentStatus", payment_pb2.GetBookingPaymentStatusRequest(booking_id=booking_id)), quiet=True)


def numbers(status):
    return {name: getattr(status, name).amount_minor
            for name in ["total", "received", "refunded", "charged_back", "net_paid", "outstanding", "in_progress"]}


def check_numbers(label, client, booking_id, **wanted):
    """Waits (a little) for the booking's payment numbers to be `wanted`; checks them."""
    got = poll(lambda: numbers(payment_status(client, booking_id)),
               lambda n: all(n[k] == v for k, v in wanted.items()), timeout=10)
    check(label, all(got[k] == v for k, v in wanted.items()), "got %s, wanted %s" % (got, wanted))
    return got


def refund(client, payment_id, amount=None, label="CreateRefund"):
    request = payment_pb2.CreateRefundRequest(idempotency_key=key(), payment_id=payment_id, reason="probe")
    if amount is not None:
        request.amount.CopyFrom(eur(amount))
    return client.rpc("CreateRefund", request)


def queue_status(client, queue):
    status = client.rpc("GetQueueStatus", jobs_pb2.GetQueueStatusRequest())
    if not ok(status):
        return None
    return next((q for q in status.queues if q.queue == queue), None)


def jobs_of(client, queue=None, resource_id="", states=()):
    found, token = [], ""
    while True:
        page = client.rpc("ListJobs", jobs_pb2.ListJobsRequest(queue=queue or "", resource_id=resource_id,
                                                                states=list(states), page_size=500, page_token=token))
        if not ok(page):
            return page
        found += list(page.jobs)
        token = page.next_page_token
        if not token:
            return found


def wait_drained(client, queue, timeout=120):
    def busy():
        status = queue_status(client, queue)
        return None if status is None else status.pending + status.running + status.retrying
    left = poll(busy, lambda n: n == 0, timeout, interval=0.5)
    check("the %s queue drained (pending + running + retrying = 0)" % queue, left == 0, str(left))


def metric_values(http_base, name):
    """{labels text: value} of one Prometheus metric on /metrics."""
    status, _, raw = http("GET", http_base + "/metrics")
    values = {}
    for line in raw.decode(errors="replace").splitlines() if status == 200 else []:
        if line.startswith(name + "{") or line.startswith(name + " "):
            head, _, value = line.rpartition(" ")
            try:
                values[head[len(name):]] = float(value)
            except ValueError:
                pass
    return values


def webhook_counter(http_base, provider, outcome):
    return sum(v for labels, v in metric_values(http_base, "rentguy_webhooks_received_total").items()
               if 'provider="%s"' % provider in labels and 'outcome="%s"' % outcome in labels)


# ── Stripe events, signed the way Stripe signs them ────────────────────────────────────────────

def sign(payload, secret, timestamp=None):
    import stripe
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)


def stripe_event(event_id, event_type, obj):
    return json.dumps({"id": event_id, "object": "event", "api_version": "2024-06-20", "created": int(time.time()),
                       "livemode": False, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
                       "type": event_type, "data": {"object": obj}}, separators=(",", ":"))


def post_stripe(http_base, payload, signature, connection=None):
    """(status, JSON or text) of POST /webhooks/stripe with the raw `payload`."""
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    data = payload.encode() if isinstance(payload, str) else payload
    if connection is None:
        status, _, raw = http("POST", http_base + "/webhooks/stripe", raw=data, headers=headers)
    else:
        connection.request("POST", "/webhooks/stripe", body=data, headers=headers)
        response = connection.getresponse()
        status, raw = response.status, response.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


# ── 1. flow ────────────────────────────────────────────────────────────────────────────────────

def flow(channel, args):
    client = Client(channel, args)
    buyer = bp.customer(client, "Flow payer")

    # Booking 1: a Stripe and a Mollie payment, paid; refunds; an open payment canceled.
    first = booking(client, buyer)
    check("the booking costs EUR 121.00", first.total.amount_minor == BOOKING_TOTAL, str(first.total))
    request = payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=first.id, provider=STRIPE, amount=eur(3000),
        purpose=payment_pb2.PAYMENT_PURPOSE_DEPOSIT, return_url="https://shop.example.com/paid",
        wait_for_checkout_url=True)
    created = need("CreatePayment Stripe EUR 30.00, waiting for the checkout URL", client.rpc("CreatePayment", request))
    stripe_pay = created.payment
    again = client.rpc("CreatePayment", request)
    check("CreatePayment retried with the same key: the same payment", ok(again) and again.payment.id == stripe_pay.id,
          describe(again) if not ok(again) else again.payment.id)
    if stripe_pay.status != P("OPEN"):
        stripe_pay = wait_status(client, stripe_pay.id, "OPEN")
    mock_host = urllib.parse.urlparse(args.mock).netloc
    check("Stripe: OPEN, pay_ id, cs_ provider id, checkout URL at the mock",
          stripe_pay.status == P("OPEN") and stripe_pay.id.startswith("pay_")
          and stripe_pay.provider_payment_id.startswith("cs_")
          and stripe_pay.checkout_url.startswith("http://%s/checkout/stripe/cs_" % mock_host), str(stripe_pay))
    mollie_pay = open_payment(client, first.id, MOLLIE, 2000)
    check("Mollie: tr_ provider id, checkout URL at the mock", mollie_pay.provider_payment_id.startswith("tr_")
          and mollie_pay.checkout_url.startswith("http://%s/checkout/mollie/tr_" % mock_host), str(mollie_pay))
    found = client.rpc("GetPayment", payment_pb2.GetPaymentRequest(payment_id=mollie_pay.provider_payment_id))
    check("GetPayment by the provider's id", ok(found) and found.payment.id == mollie_pay.id, describe(found))
    check_numbers("two open payments: in_progress 50.00, received 0, outstanding 121.00", client, first.id,
                  total=BOOKING_TOTAL, received=0, in_progress=5000, outstanding=BOOKING_TOTAL)

    status, session = pay(stripe_pay.checkout_url)
    check("paid in the mock (Stripe checkout)", status == 200, "%s %s" % (status, session))
    intent = session.get("payment_intent") if isinstance(session, dict) else None
    intent = intent.get("id") if isinstance(intent, dict) else intent
    paid = expect_status("Stripe: SUCCEEDED from the webhook", client, stripe_pay.id, "SUCCEEDED")
    check("Stripe: paid_at is set", paid is not None and paid.HasField("paid_at"), str(paid))
    status, body = pay(stripe_pay.checkout_url)
    check("paying the completed checkout again is refused by the mock (409)", status == 409, "%s %s" % (status, body))
    status, body = pay(mollie_pay.checkout_url)
    check("paid in the mock (Mollie checkout)", status == 200, "%s %s" % (status, body))
    expect_status("Mollie: SUCCEEDED after the webhook and the fetch", client, mollie_pay.id, "SUCCEEDED")
    check_numbers("both paid: received 50.00, net_paid 50.00, outstanding 71.00, in_progress 0", client, first.id,
                  received=5000, refunded=0, charged_back=0, net_paid=5000, outstanding=7100, in_progress=0)

    # Refunds: Stripe partly then the rest, Mollie in full.
    partial = refund(client, stripe_pay.id, 1000)
    check("CreateRefund EUR 10.00 of the Stripe payment", ok(partial) and partial.refund.id.startswith("rfd_"),
          describe(partial))
    got = expect_status("Stripe: PARTIALLY_REFUNDED", client, stripe_pay.id, "PARTIALLY_REFUNDED")
    check("Stripe: refunded 10.00, amount still 30.00", got is not None and got.refunded.amount_minor == 1000
          and got.amount.amount_minor == 3000, str(got))
    refused("a refund larger than what is left is FAILED_PRECONDITION", refund(client, stripe_pay.id, 2001),
            "FAILED_PRECONDITION")
    rest = refund(client, stripe_pay.id)
    check("CreateRefund without an amount refunds the rest (EUR 20.00)", ok(rest) and rest.refund.amount.amount_minor == 2000,
          describe(rest) if not ok(rest) else str(rest.refund))
    got = expect_status("Stripe: REFUNDED", client, stripe_pay.id, "REFUNDED")
    check("Stripe: refunded 30.00", got is not None and got.refunded.amount_minor == 3000, str(got))
    refunds = client.rpc("ListRefunds", payment_pb2.ListRefundsRequest(payment_id=stripe_pay.id))
    check("ListRefunds: two SUCCEEDED refunds (10.00 + 20.00)", ok(refunds) and sorted(
        (r.amount.amount_minor, r.status) for r in refunds.refunds) == [
        (1000, payment_pb2.REFUND_STATUS_SUCCEEDED), (2000, payment_pb2.REFUND_STATUS_SUCCEEDED)], describe(refunds)
        if not ok(refunds) else str(list(refunds.refunds)))
    refused("a refund of a REFUNDED payment is FAILED_PRECONDITION", refund(client, stripe_pay.id, 100),
            "FAILED_PRECONDITION")
    whole = refund(client, mollie_pay.id)
    check("CreateRefund of the whole Mollie payment", ok(whole), describe(whole))
    expect_status("Mollie: REFUNDED", client, mollie_pay.id, "REFUNDED")
    check_numbers("all refunded: received 50.00, refunded 50.00, net_paid 0, outstanding 121.00", client, first.id,
                  received=5000, refunded=5000, net_paid=0, outstanding=BOOKING_TOTAL, in_progress=0)

    # Amount limits: total + deposit − net paid − in progress.
    waiting = open_payment(client, first.id, STRIPE, 4000)
    over = client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=first.id, provider=STRIPE, amount=eur(BOOKING_TOTAL - 4000 + 1)))
    refused("more than outstanding − in progress (81.01) is FAILED_PRECONDITION", over, "FAILED_PRECONDITION")
    canceled = client.rpc("CancelPayment", payment_pb2.CancelPaymentRequest(idempotency_key=key(), payment_id=waiting.id))
    check("CancelPayment of an OPEN Stripe payment → CANCELED", ok(canceled)
          and canceled.payment.status == P("CANCELED"), describe(canceled) if not ok(canceled) else str(canceled.payment))
    status, body = pay(waiting.checkout_url)
    check("its checkout can no longer be paid in the mock (409)", status == 409, "%s %s" % (status, body))
    refused("CancelPayment of a CANCELED payment is FAILED_PRECONDITION", client.rpc(
        "CancelPayment", payment_pb2.CancelPaymentRequest(idempotency_key=key(), payment_id=waiting.id)),
        "FAILED_PRECONDITION")
    refused("CancelPayment of a REFUNDED payment is FAILED_PRECONDITION", client.rpc(
        "CancelPayment", payment_pb2.CancelPaymentRequest(idempotency_key=key(), payment_id=stripe_pay.id)),
        "FAILED_PRECONDITION")
    mollie_open = open_payment(client, first.id, MOLLIE, 1500)
    canceled = client.rpc("CancelPayment", payment_pb2.CancelPaymentRequest(idempotency_key=key(), payment_id=mollie_open.id))
    check("CancelPayment of an OPEN Mollie payment → CANCELED", ok(canceled)
          and canceled.payment.status == P("CANCELED"), describe(canceled) if not ok(canceled) else str(canceled.payment))
    check_numbers("canceled payments are not in progress", client, first.id, in_progress=0, outstanding=BOOKING_TOTAL)
    exact = client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=first.id, provider=MOLLIE, amount=eur(BOOKING_TOTAL)))
    check("exactly the outstanding amount is allowed", ok(exact), describe(exact))

    # Booking 2: disputes (won, lost) and SyncPayment.
    second = booking(client, buyer)
    won = open_payment(client, second.id, STRIPE, 5000)
    lost = open_payment(client, second.id, STRIPE, 4000)
    intents = {}
    for label, payment in [("won", won), ("lost", lost)]:
        status, session = pay(payment.checkout_url)
        value = session.get("payment_intent") if isinstance(session, dict) else None
        intents[label] = value.get("id") if isinstance(value, dict) else value
        check("paid (dispute %s) in the mock, with a payment intent" % label,
              status == 200 and str(intents[label]).startswith("pi_"), "%s %s" % (status, session))
        expect_status("dispute %s: SUCCEEDED first" % label, client, payment.id, "SUCCEEDED")
    for label in ["won", "lost"]:
        status, body = http_json("POST", "%s/mock/stripe/payment_intents/%s/dispute" % (args.mock, intents[label]),
                                 {"outcome": label})
        check("the mock opens and closes a dispute (%s)" % label, status in (200, 201), "%s %s" % (status, body))
    got = poll(lambda: get_payment(client, won.id),
               lambda p: p is not None and p.dispute == payment_pb2.DISPUTE_STATUS_WON, timeout=20)
    check("dispute won: SUCCEEDED again, dispute WON, nothing charged back", got is not None
          and got.status == P("SUCCEEDED") and got.dispute == payment_pb2.DISPUTE_STATUS_WON
          and got.charged_back.amount_minor == 0, str(got))
    got = expect_status("dispute lost: CHARGED_BACK", client, lost.id, "CHARGED_BACK")
    check("dispute lost: dispute LOST, charged_back 40.00", got is not None and got.dispute == payment_pb2.DISPUTE_STATUS_LOST
          and got.charged_back.amount_minor == 4000, str(got))
    refused("a CHARGED_BACK payment cannot be refunded (FAILED_PRECONDITION)", refund(client, lost.id, 100),
            "FAILED_PRECONDITION")

    synced = open_payment(client, second.id, MOLLIE, 1000)
    same = client.rpc("SyncPayment", payment_pb2.SyncPaymentRequest(idempotency_key=key(), payment_id=synced.id))
    check("SyncPayment of an unpaid payment: still OPEN", ok(same) and same.payment.status == P("OPEN"), describe(same)
          if not ok(same) else status_name(same.payment.status))
    status, body = pay(synced.checkout_url)
    check("paid in the mock (Mollie, for SyncPayment)", status == 200, "%s %s" % (status, body))
    now = client.rpc("SyncPayment", payment_pb2.SyncPaymentRequest(idempotency_key=key(), payment_id=synced.id))
    check("SyncPayment right after paying asks Mollie: SUCCEEDED", ok(now) and now.payment.status == P("SUCCEEDED"),
          describe(now) if not ok(now) else status_name(now.payment.status))
    expect_status("…and it stays SUCCEEDED when the webhook comes too", client, synced.id, "SUCCEEDED")
    check_numbers("disputes and sync: received 100.00, charged_back 40.00, net_paid 60.00, outstanding 61.00", client,
                  second.id, received=10000, refunded=0, charged_back=4000, net_paid=6000, outstanding=6100, in_progress=0)
    listed = client.rpc("ListPayments", payment_pb2.ListPaymentsRequest(booking_id=second.id))
    check("ListPayments by booking: its three payments", ok(listed)
          and {p.id for p in listed.payments} == {won.id, lost.id, synced.id}, describe(listed))
    listed = client.rpc("ListPayments", payment_pb2.ListPaymentsRequest(
        booking_id=second.id, statuses=[P("CHARGED_BACK")]))
    check("ListPayments by status", ok(listed) and [p.id for p in listed.payments] == [lost.id], describe(listed))

    # Refused requests.
    refused("CreatePayment for an unknown booking is NOT_FOUND", client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id="bkg_doesnotexist", provider=STRIPE, amount=eur(100))), "NOT_FOUND")
    refused("CreatePayment without a provider is INVALID_ARGUMENT", client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=second.id, provider=payment_pb2.PAYMENT_PROVIDER_UNSPECIFIED, amount=eur(100))),
        "INVALID_ARGUMENT")
    refused("CreatePayment with an unknown provider number is INVALID_ARGUMENT", client.rpc(
        "CreatePayment", payment_pb2.CreatePaymentRequest(idempotency_key=key(), booking_id=second.id, provider=7,
                                                          amount=eur(100))), "INVALID_ARGUMENT")
    refused("CreatePayment of zero is INVALID_ARGUMENT", client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=second.id, provider=STRIPE, amount=eur(0))), "INVALID_ARGUMENT")
    refused("CreatePayment in another currency is INVALID_ARGUMENT", client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
        idempotency_key=key(), booking_id=second.id, provider=STRIPE,
        amount=common_pb2.Money(amount_minor=100, currency="USD"))), "INVALID_ARGUMENT")
    gone = booking(client, buyer, confirm=False)
    need("CancelBooking", client.rpc("CancelBooking", booking_pb2.CancelBookingRequest(
        idempotency_key=key(), booking_id=gone.id, reason="probe")))
    refused("CreatePayment for a CANCELED booking is FAILED_PRECONDITION", client.rpc(
        "CreatePayment", payment_pb2.CreatePaymentRequest(idempotency_key=key(), booking_id=gone.id, provider=STRIPE,
                                                          amount=eur(100))), "FAILED_PRECONDITION")
    refused("GetPayment of an unknown id is NOT_FOUND", client.rpc(
        "GetPayment", payment_pb2.GetPaymentRequest(payment_id="pay_doesnotexist")), "NOT_FOUND")
    if ok(exact):
        refused("CreateRefund of a payment not paid yet is FAILED_PRECONDITION", refund(client, exact.payment.id, 100),
                "FAILED_PRECONDITION")


# ── 2. storm ───────────────────────────────────────────────────────────────────────────────────

# What each class of payment is sent, what it must end as, and how many status changes the storm
# may cause (a range where the order of arrival decides: processing before succeeded is two
# changes, succeeded first is one and the late processing is ignored).
STORM_CLASSES = [
    # name, payments, final status, changes (low, high)
    ("succeed", 16, "SUCCEEDED", (1, 1)),
    ("settle", 6, "SUCCEEDED", (1, 2)),
    ("fail", 6, "FAILED", (1, 1)),
    ("processing", 4, "PROCESSING", (1, 1)),
    ("expire", 4, "EXPIRED", (1, 1)),
    ("refused-only", 4, "OPEN", (0, 0)),
]
STORM_TOTAL, STORM_DUPLICATES, STORM_TAMPERED, STORM_OLD = 1000, 300, 50, 50
DECLINED = "Your card was declined."


def storm_objects(payment, booking_id, intent, kind):
    """The data.object of an event of `kind` about the payment."""
    metadata = {"payment_id": payment.id, "booking_id": booking_id}
    session = {"id": payment.provider_payment_id, "object": "checkout.session", "client_reference_id": payment.id,
               "metadata": metadata, "payment_intent": intent, "amount_total": payment.amount.amount_minor,
               "currency": "eur", "mode": "payment"}
    pi = {"id": intent, "object": "payment_intent", "amount": payment.amount.amount_minor, "currency": "eur",
          "metadata": metadata, "payment_method_types": ["card"]}
    if kind == "session.paid":
        return "checkout.session.completed", dict(session, status="complete", payment_status="paid")
    if kind == "session.unpaid":
        return "checkout.session.completed", dict(session, status="complete", payment_status="unpaid")
    if kind == "session.expired":
        return "checkout.session.expired", dict(session, status="expired", payment_status="unpaid", payment_intent=None)
    if kind == "session.async_failed":
        return "checkout.session.async_payment_failed", dict(session, status="complete", payment_status="unpaid")
    if kind == "pi.succeeded":
        return "payment_intent.succeeded", dict(pi, status="succeeded", amount_received=payment.amount.amount_minor)
    if kind == "pi.processing":
        return "payment_intent.processing", dict(pi, status="processing")
    if kind == "pi.failed":
        return "payment_intent.payment_failed", dict(pi, status="requires_payment_method",
                                                     last_payment_error={"code": "card_declined", "message": DECLINED})
    if kind == "ignored":
        return "payment_intent.created", dict(pi, status="requires_payment_method")
    raise ValueError(kind)


# Which real events each class gets: its meaningful kinds (each at least once), then more of
# `extra` (new event ids saying the same) to reach 600 unique events.
STORM_KINDS = {
    "succeed": (["session.paid", "pi.succeeded"], ["session.paid", "pi.succeeded", "ignored"]),
    "settle": (["pi.processing", "session.unpaid", "pi.succeeded", "session.paid"],
               ["pi.processing", "session.unpaid", "pi.succeeded", "ignored"]),
    "fail": (["pi.failed", "session.async_failed"], ["pi.failed", "ignored"]),
    "processing": (["pi.processing", "session.unpaid"], ["pi.processing", "session.unpaid", "ignored"]),
    "expire": (["session.expired"], ["session.expired", "ignored"]),
    "refused-only": ([], ["ignored"]),
}


def storm(channel, args):
    client = Client(channel, args)
    http_base = "http://%s:%d" % (args.host, args.http_port)
    buyer = bp.customer(client, "Storm payer")
    count = sum(n for _, n, _, _ in STORM_CLASSES)

    # 40 bookings with one OPEN Stripe payment each (one payment per booking, so the booking's
    # PAYMENT_STATUS_CHANGED events are the payment's status changes).
    def setup(_):
        b = booking(client, buyer, quiet=True)
        p = create_payment(client, b.id, STRIPE, 5000, quiet=True)
        return b, p
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        made = list(pool.map(setup, range(count)))
    payments = []
    for b, p in made:
        current = wait_status(client, p.id, "OPEN", timeout=30)
        payments.append((b, current))
    check("%d Stripe payments OPEN through the checkout job" % count,
          all(p is not None and p.status == P("OPEN") and p.provider_payment_id for _, p in payments),
          str([(p.id, status_name(p.status)) for _, p in payments if p is None or p.status != P("OPEN")][:5]))
    booking_ids = [b.id for b, _ in payments]
    before = payment_changes(client, booking_ids)

    classes, index = {}, 0
    for name, n, final, changes in STORM_CLASSES:
        for b, p in payments[index:index + n]:
            classes[p.id] = (name, final, changes, b.id)
        index += n

    rng = random.Random(args.seed)
    by_payment = {p.id: (b, p, "pi_storm_%s" % unique() + unique()) for b, p in payments}
    events, sends = build_storm(classes, by_payment, rng)
    check("the storm: %d sends (%d real, %d duplicates, %d tampered, %d old)" % (
        len(sends), len(events), STORM_DUPLICATES, STORM_TAMPERED, STORM_OLD), len(sends) == STORM_TOTAL)

    counters = {o: webhook_counter(http_base, "stripe", o) for o in ["accepted", "duplicate", "rejected"]}
    answers, retried, elapsed = send_storm(args, sends)
    print("    (1,000 events sent by 32 senders in %.2f s; resent after 503/connection errors: %s)" % (
        elapsed, dict(retried)), flush=True)

    bad = [(w, e, s, a) for w, e, s, a in answers if w in ("tampered", "old") and s != 400]
    check("every tampered or too old event is refused with 400", not bad, str(bad[:3]))
    errors = [a for w, _, s, a in answers if w in ("tampered", "old") and s == 400]
    check("…with a JSON error", errors and all(isinstance(a, dict) and a.get("error") for a in errors), str(errors[:2]))
    valid = collections.defaultdict(list)
    for what, event_id, status, answer in answers:
        if what in ("real", "duplicate"):
            valid[event_id].append((status, answer))
    not_ok = [(e, r) for e, rs in valid.items() for r in rs if r[0] != 200]
    check("every real event and every duplicate is answered 200", not not_ok, str(not_ok[:3]))
    firsts = {e: sum(1 for s, a in rs if s == 200 and isinstance(a, dict) and a.get("received") is True
                     and a.get("duplicate") is False) for e, rs in valid.items()}
    wrong = {e: n for e, n in firsts.items() if n != 1}
    check("each of the %d real events was stored exactly once (\"duplicate\": false once)" % len(events),
          len(firsts) == len(events) and not wrong, str(list(wrong.items())[:5]))
    dups = sum(1 for rs in valid.values() for s, a in rs if s == 200 and isinstance(a, dict) and a.get("duplicate") is True)
    check("every repeat answered 200 with \"duplicate\": true (%d)" % STORM_DUPLICATES, dups == STORM_DUPLICATES, str(dups))

    wait_drained(client, "webhooks.inbound", timeout=120)
    finals = {}
    for pid, (name, final, _, _) in classes.items():
        finals[pid] = wait_status(client, pid, final, timeout=15)
    for name, n, final, _ in STORM_CLASSES:
        wrong = [(pid, status_name(finals[pid].status) if finals[pid] else None)
                 for pid, c in classes.items() if c[0] == name and (finals[pid] is None or finals[pid].status != P(final))]
        check("%d \"%s\" payments end %s" % (n, name, final), not wrong, str(wrong[:5]))
    failed = [finals[pid] for pid, c in classes.items() if c[0] == "fail"]
    check("FAILED payments carry Stripe's message as failure_reason",
          all(p is not None and p.failure_reason == DECLINED for p in failed), str([p.failure_reason for p in failed if p]))

    # One stored event (and one apply job) per real event id; none for refused ones.
    def jobs_for(event_id):
        return event_id, jobs_of(client, "webhooks.inbound", resource_id=event_id)
    refused_ids = {e for w, e, _, _ in answers if w in ("tampered", "old")} - set(valid)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        found = dict(pool.map(jobs_for, list(valid) + sorted(refused_ids)))
    wrong = {e: (len(j) if isinstance(j, list) else describe(j)) for e, j in found.items()
             if e in valid and (not isinstance(j, list) or len(j) != 1)}
    check("ListJobs: exactly one apply job per real event id", not wrong, str(list(wrong.items())[:5]))
    unfinished = [j.id for js in found.values() if isinstance(js, list) for j in js if j.state != jobs_pb2.JOB_STATE_SUCCEEDED]
    check("…and every one SUCCEEDED", not unfinished, str(unfinished[:5]))
    leaked = [e for e in refused_ids if isinstance(found.get(e), list) and found[e]]
    check("no job for an event that was only ever sent tampered or too old", not leaked, str(leaked[:5]))

    # Status changes: the booking events after the storm, per payment.
    after = payment_changes(client, booking_ids)
    out_of_range = []
    for b, p in payments:
        name, final, (low, high), _ = classes[p.id]
        delta = after.get(b.id, 0) - before.get(b.id, 0)
        if not low <= delta <= high:
            out_of_range.append((p.id, name, delta, (low, high)))
    check("status changes per payment: 1 for succeed/fail/processing/expire, 1–2 for settle, 0 for refused-only",
          not out_of_range, str(out_of_range[:5]))
    expected_low = sum(n * c[0] for _, n, _, c in STORM_CLASSES)
    expected_high = sum(n * c[1] for _, n, _, c in STORM_CLASSES)
    total = sum(after.get(b, 0) - before.get(b, 0) for b in booking_ids)
    check("PAYMENT_STATUS_CHANGED events caused by the storm: %d–%d for %d real events, %d duplicates, %d refused" % (
        expected_low, expected_high, len(events), STORM_DUPLICATES, STORM_TAMPERED + STORM_OLD),
        expected_low <= total <= expected_high, str(total))

    grown = {o: webhook_counter(http_base, "stripe", o) - counters[o] for o in counters}
    check("rentguy_webhooks_received_total grew by ≥ %d accepted, ≥ %d duplicate, ≥ %d rejected" % (
        len(events), STORM_DUPLICATES, STORM_TAMPERED + STORM_OLD),
        grown["accepted"] >= len(events) and grown["duplicate"] >= STORM_DUPLICATES
        and grown["rejected"] >= STORM_TAMPERED + STORM_OLD, str(grown))


def build_storm(classes, by_payment, rng):
    """The storm's real events [(event id, payload, payment id, kind)] and its shuffled sends
    [(what, event id, payload as signed, body sent if tampered)]."""
    # 600 unique real events: every class's meaningful kinds once per payment, the rest spread.
    events = []  # (event id, payload)

    def add(payment_id, kind):
        b, p, intent = by_payment[payment_id]
        event_type, obj = storm_objects(p, b.id, intent, kind)
        event_id = "evt_storm_%s%s" % (unique(), unique())
        events.append((event_id, stripe_event(event_id, event_type, obj), payment_id, kind))
    for pid, (name, _, _, _) in classes.items():
        for kind in STORM_KINDS[name][0]:
            add(pid, kind)
    unique_target = STORM_TOTAL - STORM_DUPLICATES - STORM_TAMPERED - STORM_OLD
    pids = list(classes)
    while len(events) < unique_target:
        pid = rng.choice(pids)
        add(pid, rng.choice(STORM_KINDS[classes[pid][0]][1]))

    # The sends: each real event once, 300 duplicates (same id, same body, signed afresh like a
    # Stripe retry), 50 tampered (signed, then changed), 50 signed 400–3600 s ago.
    sends = [("real", e[0], e[1], None) for e in events]
    for event_id, payload, _, _ in rng.choices(events, k=STORM_DUPLICATES):
        sends.append(("duplicate", event_id, payload, None))
    refused_only = [pid for pid, c in classes.items() if c[0] == "refused-only"]
    for n in range(STORM_TAMPERED):
        if n % 2 == 0:
            # A real event's id and body, changed after signing: it must not use up the id.
            event_id, payload, _, _ = rng.choice(events)
            changed = payload.replace('"amount":5000', '"amount":1').replace('"currency":"eur"', '"currency":"EUR"', 1)
            if changed == payload:
                changed = payload[:-1] + ',"x":1}'
        else:
            # Someone tries to make a refused-only payment SUCCEEDED.
            pid = rng.choice(refused_only)
            b, p, intent = by_payment[pid]
            event_id = "evt_storm_tampered_%s" % unique()
            _, obj = storm_objects(p, b.id, intent, "pi.failed")
            payload = stripe_event(event_id, "payment_intent.payment_failed", obj)
            changed = payload.replace("payment_intent.payment_failed", "payment_intent.succeeded")
        sends.append(("tampered", event_id, payload, changed))
    for n in range(STORM_OLD):
        if n % 2 == 0:
            event_id, payload, _, _ = rng.choice(events)
        else:
            pid = rng.choice(refused_only)
            b, p, intent = by_payment[pid]
            event_id = "evt_storm_old_%s" % unique()
            payload = stripe_event(event_id, *storm_objects(p, b.id, intent, "pi.succeeded"))
        sends.append(("old", event_id, payload, None))
    rng.shuffle(sends)
    return events, sends


def send_storm(args, sends):
    """Sends from 32 threads, each on its own keep-alive connection; [(what, event id, status,
    answer)], resends by cause, seconds taken."""
    http_base = "http://%s:%d" % (args.host, args.http_port)
    local = threading.local()
    answers = []  # (what, event id, status, body)
    lock = threading.Lock()
    retried = collections.Counter()

    def send(item):
        what, event_id, payload, changed = item
        if what == "old":
            header = sign(payload, args.stripe_secret, timestamp=int(time.time()) - rng_old(event_id))
        else:
            header = sign(payload, args.stripe_secret)
        body = changed if what == "tampered" else payload
        for attempt in range(6):
            try:
                if getattr(local, "connection", None) is None:
                    local.connection = httpclient.HTTPConnection(args.host, args.http_port, timeout=30)
                status, answer = post_stripe(http_base, body, header, connection=local.connection)
            except (OSError, httpclient.HTTPException) as error:
                local.connection = None
                status, answer = 0, repr(error)
            if status == 503 or status == 0:
                # Not stored: a sender (like Stripe) sends it again.
                with lock:
                    retried[status] += 1
                time.sleep(0.2 * (attempt + 1))
                if what != "old":
                    header = sign(payload, args.stripe_secret)
                continue
            break
        with lock:
            answers.append((what, event_id, status, answer))

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        list(pool.map(send, sends))
    return answers, retried, time.monotonic() - started


def rng_old(event_id):
    """How many seconds ago an "old" event is signed: 400–3600 s (past the 300 s tolerance)."""
    return 400 + (sum(map(ord, event_id)) * 37) % 3200


def payment_changes(client, booking_ids):
    """{booking id: number of PAYMENT_STATUS_CHANGED events} from the stored event log."""
    kind = booking_pb2.BOOKING_EVENT_TYPE_PAYMENT_STATUS_CHANGED
    replay = bp.Watcher(client, booking_pb2.WatchBookingEventsRequest(
        from_beginning=True, booking_ids=booking_ids, types=[kind]), timeout=120)
    done = replay.wait(bp.caught_up, timeout=90)
    replay.close()
    check("replayed PAYMENT_STATUS_CHANGED events up to caught_up", done,
          describe(replay.error) if replay.error else "no caught_up")
    counts = collections.Counter()
    for response in replay.responses:
        if response.WhichOneof("kind") == "caught_up":
            break
        if response.WhichOneof("kind") == "event" and response.event.type == kind:
            counts[response.event.booking_id] += 1
    return counts


# ── 3. faults (own server) ─────────────────────────────────────────────────────────────────────

def arm(args, provider, fault, count, retry_after=None):
    body = {"provider": provider, "fault": fault, "count": count}
    if retry_after is not None:
        body["retry_after"] = retry_after
    status, answer = http_json("POST", args.mock + "/mock/faults", body)
    check("armed the mock: %s %s × %d" % (provider, fault, count), status in (200, 201), "%s %s" % (status, answer))


def request_log(args, provider):
    status, body = http_json("GET", args.mock + "/mock/requests?provider=" + provider)
    return body.get("requests", []) if status == 200 and isinstance(body, dict) else []


def check_keys(label, entries, path, payment_ids):
    """Every POST to `path` carried a payment's id as its Idempotency-Key, every payment was asked
    for, and for each key at most one request had an effect (2xx, not replayed, no fault)."""
    posts = [e for e in entries if e.get("method") == "POST" and e.get("path") == path]
    keyless = [e for e in posts if not e.get("idempotency_key")]
    check("%s: every POST %s carried an Idempotency-Key (%d POSTs)" % (label, path, len(posts)), posts and not keyless,
          str(keyless[:3]))
    by_key = collections.defaultdict(list)
    for e in posts:
        by_key[e.get("idempotency_key")].append(e)
    foreign = sorted(set(by_key) - set(payment_ids))
    check("%s: each key is a payment's id" % label, not foreign, str(foreign[:5]))
    missing = sorted(set(payment_ids) - set(by_key))
    check("%s: every payment was asked for" % label, not missing, str(missing[:5]))
    effects = {k: sum(1 for e in es if 200 <= int(e.get("status") or 0) < 300 and not e.get("replayed") and not e.get("fault"))
               for k, es in by_key.items()}
    twice = {k: v for k, v in effects.items() if v != 1}
    check("%s: exactly one POST with an effect per payment (repeats only with the same key)" % label, not twice,
          str(list(twice.items())[:5]))
    return posts


def faults(channel, args):
    client = Client(channel, args)
    buyer = bp.customer(client, "Faults payer")
    http_json("DELETE", args.mock + "/mock/faults")
    http_json("DELETE", args.mock + "/mock/requests")

    # 200 payments while the mock answers 429, 500 and hangs.
    arm(args, "stripe", "rate-limit", 3, retry_after=1)
    arm(args, "stripe", "server-error", 3)
    arm(args, "stripe", "timeout", 2)
    arm(args, "mollie", "rate-limit", 3, retry_after=1)
    arm(args, "mollie", "server-error", 3)
    arm(args, "mollie", "timeout", 2)
    bookings = [booking(client, buyer, quiet=True) for _ in range(20)]
    plan = [(bookings[n % 20].id, STRIPE if n % 2 == 0 else MOLLIE) for n in range(200)]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        created = list(pool.map(lambda item: client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
            idempotency_key=key(), booking_id=item[0], provider=item[1], amount=eur(500),
            return_url="https://shop.example.com/paid")), plan))
    failures = [describe(c) for c in created if not ok(c)]
    check("200 CreatePayment calls answered while the mock fails", not failures, str(failures[:3]))
    ids = [c.payment.id for c in created if ok(c)]
    providers = {c.payment.id: c.payment.provider for c in created if ok(c)}

    def statuses():
        got = {}
        for pid in ids:
            p = get_payment(client, pid)
            got[pid] = p
        return got
    finals = poll(statuses, lambda got: all(p is not None and p.status == P("OPEN") for p in got.values()),
                  timeout=180, interval=1)
    not_open = [(pid, status_name(p.status) if p else None, p.failure_reason if p else "")
                for pid, p in finals.items() if p is None or p.status != P("OPEN") or not p.checkout_url]
    check("all 200 payments end OPEN with a checkout URL after the retries", not not_open, str(not_open[:5]))
    armed = http_json("GET", args.mock + "/mock/faults")[1]
    check("every armed fault was used", isinstance(armed, (dict, list)) and not json_count(armed),
          str(armed))
    stripe_log, mollie_log = request_log(args, "stripe"), request_log(args, "mollie")
    check("the mock logged faulted Stripe and Mollie requests (429, 500, 504)",
          sum(1 for e in stripe_log if e.get("fault")) >= 8 and sum(1 for e in mollie_log if e.get("fault")) >= 8,
          "stripe %d, mollie %d" % (sum(1 for e in stripe_log if e.get("fault")), sum(1 for e in mollie_log if e.get("fault"))))
    check_keys("Stripe", stripe_log, "/v1/checkout/sessions", [p for p in ids if providers[p] == STRIPE])
    check_keys("Mollie", mollie_log, "/v2/payments", [p for p in ids if providers[p] == MOLLIE])
    retried = [j for j in jobs_of(client, "payments.stripe") + jobs_of(client, "payments.mollie")
               if isinstance(j, jobs_pb2.Job) and j.attempts > 1]
    check("some checkout jobs needed more than one attempt", len(retried) >= 2, str(len(retried)))
    for queue in ["payments.stripe", "payments.mollie"]:
        status = queue_status(client, queue)
        check("%s: nothing dead, nothing waiting" % queue, status is not None and status.dead == 0
              and status.pending + status.running + status.retrying == 0, str(status))

    # A dead letter: Mollie fails every attempt.
    arm(args, "mollie", "server-error", 1000)
    doomed_booking = booking(client, buyer, quiet=True)
    doomed = create_payment(client, doomed_booking.id, MOLLIE, 700, wait=False)

    def dead_job():
        found = jobs_of(client, "payments.mollie", resource_id=doomed.id)
        return found if isinstance(found, list) else []
    jobs = poll(dead_job, lambda js: any(j.state == jobs_pb2.JOB_STATE_DEAD for j in js), timeout=90, interval=0.5)
    dead = next((j for j in jobs if j.state == jobs_pb2.JOB_STATE_DEAD), None)
    check("the checkout job is DEAD after its last attempt", dead is not None and dead.attempts == dead.max_attempts
          and dead.last_error, str(jobs))
    got = expect_status("the payment of the dead-lettered checkout is FAILED", client, doomed.id, "FAILED", timeout=10)
    check("…with the provider's message as failure_reason", got is not None and got.failure_reason, str(got))
    status = queue_status(client, "payments.mollie")
    check("GetQueueStatus counts the dead job and its last error", status is not None and status.dead >= 1
          and status.last_error, str(status))
    http_json("DELETE", args.mock + "/mock/faults")
    if dead is not None:
        retried = client.rpc("RetryJob", jobs_pb2.RetryJobRequest(idempotency_key=key(), job_id=dead.id))
        check("RetryJob puts the DEAD job back", ok(retried) and retried.job.state in (
            jobs_pb2.JOB_STATE_PENDING, jobs_pb2.JOB_STATE_RUNNING, jobs_pb2.JOB_STATE_SUCCEEDED), describe(retried))
        finished = poll(lambda: client.rpc("GetJob", jobs_pb2.GetJobRequest(job_id=dead.id)),
                        lambda j: ok(j) and j.job.state == jobs_pb2.JOB_STATE_SUCCEEDED, timeout=20)
        check("…it runs and succeeds without changing the FAILED payment", ok(finished)
              and finished.job.state == jobs_pb2.JOB_STATE_SUCCEEDED
              and get_payment(client, doomed.id).status == P("FAILED"), describe(finished))
        refused("RetryJob of a SUCCEEDED job is FAILED_PRECONDITION", client.rpc(
            "RetryJob", jobs_pb2.RetryJobRequest(idempotency_key=key(), job_id=dead.id)), "FAILED_PRECONDITION")
    refused("GetJob of an unknown id is NOT_FOUND", client.rpc("GetJob", jobs_pb2.GetJobRequest(job_id="job_nope")),
            "NOT_FOUND")

    # An outbound delivery: dead after its attempts, delivered by FlushQueue(include_dead).
    name = "flush-%s" % unique()
    http_json("POST", "%s/mock/partner/%s/respond" % (args.mock, name), {"status": 500, "count": 100000})
    endpoint = need("CreateEndpoint (partner answering 500)", client.rpc("CreateEndpoint", webhooks_pb2.CreateEndpointRequest(
        idempotency_key=key(), url="%s/mock/partner/%s" % (args.mock, name), event_types=["booking.confirmed"],
        description="flush probe")))
    confirmed = booking(client, buyer)

    def deliveries():
        found = client.rpc("ListDeliveries", webhooks_pb2.ListDeliveriesRequest(endpoint_id=endpoint.endpoint.id))
        return list(found.deliveries) if ok(found) else []
    listed = poll(deliveries, lambda ds: any(d.status == webhooks_pb2.DELIVERY_STATUS_FAILED for d in ds), timeout=150,
                  interval=1)
    failed = next((d for d in listed if d.status == webhooks_pb2.DELIVERY_STATUS_FAILED), None)
    check("the delivery FAILED after its attempts (the partner answered 500)", failed is not None, str(listed))
    if failed is None:
        raise Stop("no failed delivery")
    detail = client.rpc("GetDelivery", webhooks_pb2.GetDeliveryRequest(delivery_id=failed.id))
    check("GetDelivery lists the 500 attempts", ok(detail) and len(detail.delivery.attempts) >= 2
          and all(a.http_status == 500 for a in detail.delivery.attempts), describe(detail) if not ok(detail)
          else str(list(detail.delivery.attempts)[:3]))
    stored = http_json("GET", "%s/mock/partner/%s" % (args.mock, name))[1]
    tries = [r for r in stored.get("requests", []) if r["headers"].get("webhook-id") == failed.id]
    check("the partner saw the retries, each answered 500", len(tries) >= 2
          and all(r.get("answered_status") == 500 for r in tries), str(len(tries)))
    dead = jobs_of(client, "webhooks.outbound", resource_id=failed.id, states=[jobs_pb2.JOB_STATE_DEAD])
    check("its job is DEAD in webhooks.outbound", isinstance(dead, list) and len(dead) == 1, str(dead))
    http_json("POST", "%s/mock/partner/%s/respond" % (args.mock, name), {"status": 200, "count": 0})
    flushed = client.rpc("FlushQueue", jobs_pb2.FlushQueueRequest(idempotency_key=key(), queue="webhooks.outbound",
                                                                  include_dead=True))
    check("FlushQueue(webhooks.outbound, include_dead) makes the dead delivery due", ok(flushed)
          and flushed.jobs_made_due >= 1, describe(flushed))
    got = poll(lambda: client.rpc("GetDelivery", webhooks_pb2.GetDeliveryRequest(delivery_id=failed.id)),
               lambda d: ok(d) and d.delivery.status == webhooks_pb2.DELIVERY_STATUS_DELIVERED, timeout=30)
    check("…and it is DELIVERED", ok(got) and got.delivery.status == webhooks_pb2.DELIVERY_STATUS_DELIVERED,
          describe(got) if not ok(got) else str(got.delivery.status))
    stored = http_json("GET", "%s/mock/partner/%s" % (args.mock, name))[1]
    accepted = [r for r in stored.get("requests", []) if r["headers"].get("webhook-id") == failed.id
                and r.get("answered_status") == 200]
    check("the partner got it with the same webhook-id, answered 200", len(accepted) == 1, str(len(accepted)))
    if accepted:
        body = json.loads(accepted[0]["body"])
        check("it is the booking.confirmed of the booking", body.get("type") == "booking.confirmed"
              and booking_of(body) == confirmed.id, str(body)[:300])

    # A paused queue: jobs wait, then run on resume.
    paused = client.rpc("PauseQueue", jobs_pb2.PauseQueueRequest(idempotency_key=key(), queue="payments.stripe"))
    check("PauseQueue payments.stripe", ok(paused) and paused.status.paused, describe(paused))
    try:
        waiting = create_payment(client, doomed_booking.id, STRIPE, 600, wait=False)
        time.sleep(2.5)
        still = get_payment(client, waiting.id)
        check("a payment created while paused stays PENDING", still is not None and still.status == P("PENDING"), str(still))
        status = queue_status(client, "payments.stripe")
        check("GetQueueStatus: paused, its job waiting", status is not None and status.paused and status.pending >= 1,
              str(status))
        metrics = http_json("GET", "http://%s:%d/metrics/queues" % (args.host, args.http_port))[1]
        row = next((q for q in (metrics or {}).get("queues", []) if q.get("queue") == "payments.stripe"), {})
        check("/metrics/queues shows it paused", row.get("paused") is True and row.get("pending", 0) >= 1, str(row))
    finally:
        resumed = client.rpc("ResumeQueue", jobs_pb2.ResumeQueueRequest(idempotency_key=key(), queue="payments.stripe"))
    check("ResumeQueue payments.stripe", ok(resumed) and not resumed.status.paused, describe(resumed))
    expect_status("after ResumeQueue the payment becomes OPEN", client, waiting.id, "OPEN", timeout=20)


def json_count(armed):
    """How many faults are still armed in GET /mock/faults's answer (any shape with counts)."""
    if isinstance(armed, list):
        return sum(json_count(a) for a in armed)
    if isinstance(armed, dict):
        total = 0
        for k, v in armed.items():
            if k in ("count", "remaining") and isinstance(v, int):
                total += v
            elif isinstance(v, (dict, list)):
                total += json_count(v)
        return total
    return 0


def booking_of(body):
    data = body.get("data", {}) if isinstance(body, dict) else {}
    return data.get("booking_id") or data.get("bookingId") or ""


# ── 4. partner ─────────────────────────────────────────────────────────────────────────────────

def partner(channel, args):
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError
    client = Client(channel, args)
    buyer = bp.customer(client, "Partner payer")
    name = "p1-%s" % unique()
    url = "%s/mock/partner/%s" % (args.mock, name)
    created = need("CreateEndpoint for booking.confirmed and booking.payment_status_changed", client.rpc(
        "CreateEndpoint", webhooks_pb2.CreateEndpointRequest(
            idempotency_key=key(), url=url, event_types=["booking.confirmed", "booking.payment_status_changed"],
            description="partner probe")))
    endpoint, secret = created.endpoint, created.secret
    check("the endpoint: whe_ id, enabled, a whsec_ secret of 32 bytes", endpoint.id.startswith("whe_") and endpoint.enabled
          and secret.startswith("whsec_") and len(base64.b64decode(secret[6:] + "==")) == 32, "%s %s…" % (endpoint, secret[:8]))
    fetched = client.rpc("GetEndpoint", webhooks_pb2.GetEndpointRequest(endpoint_id=endpoint.id))
    check("GetEndpoint never shows the secret", ok(fetched) and secret not in str(fetched)
          and secret.encode() not in fetched.SerializeToString(), describe(fetched))

    draft = booking(client, buyer, confirm=False)
    confirmed = bp.confirm(client, draft.id)
    payment = open_payment(client, confirmed.id, STRIPE, 2500)
    status, body = pay(payment.checkout_url)
    check("paid in the mock", status == 200, "%s %s" % (status, body))
    expect_status("the payment SUCCEEDED", client, payment.id, "SUCCEEDED")

    def ours(stored):
        found = []
        for item in (stored or {}).get("requests", []):
            try:
                body = json.loads(base64.b64decode(item.get("body_base64") or "") or item.get("body") or "null")
            except ValueError:
                continue
            if booking_of(body) == confirmed.id:
                found.append((item, body))
        return found

    def fetch():
        return ours(http_json("GET", url)[1])
    wanted = lambda found: {"booking.confirmed", "booking.payment_status_changed"} <= {b.get("type") for _, b in found} \
        and sum(1 for _, b in found if b.get("type") == "booking.payment_status_changed") >= 2
    received = poll(fetch, wanted, timeout=30, interval=0.5)
    types = collections.Counter(b.get("type") for _, b in received)
    check("the partner received booking.confirmed and payment_status_changed (OPEN, SUCCEEDED) for the booking",
          wanted(received), str(types))
    check("nothing it did not subscribe to", set(types) <= {"booking.confirmed", "booking.payment_status_changed"}, str(types))
    verifier = Webhook(secret)
    bad = []
    for item, body in received:
        raw = base64.b64decode(item["body_base64"])
        try:
            verifier.verify(raw, item["headers"])
        except WebhookVerificationError as error:
            bad.append((item["headers"].get("webhook-id"), str(error)))
    check("standardwebhooks verifies every delivery (webhook-id, -timestamp, -signature)", received and not bad, str(bad[:3]))
    first_item, first_body = next(((i, b) for i, b in received if b.get("type") == "booking.confirmed"), received[0])
    headers = first_item["headers"]
    check("headers: webhook-id whd_…, webhook-timestamp now, webhook-signature v1,…, JSON content type",
          headers.get("webhook-id", "").startswith("whd_") and abs(int(headers.get("webhook-timestamp", "0")) - time.time()) < 300
          and headers.get("webhook-signature", "").startswith("v1,")
          and headers.get("content-type", "").startswith("application/json"), str(headers))
    check("the body: type, timestamp, data (the BookingEvent with its sequence)",
          set(first_body) >= {"type", "timestamp", "data"} and str(first_body["data"].get("sequence", "")).isdigit(),
          str(first_body)[:300])
    raw = base64.b64decode(first_item["body_base64"])
    for label, changed_body, changed_headers in [
            ("a changed body", raw.replace(confirmed.id.encode(), b"bkg_someoneelse") if confirmed.id.encode() in raw
             else raw + b" ", headers),
            ("another webhook-id", raw, dict(headers, **{"webhook-id": "whd_forged"})),
            ("another secret", raw, headers)]:
        try:
            (Webhook("whsec_" + base64.b64encode(b"x" * 32).decode()) if label == "another secret" else verifier).verify(
                changed_body, changed_headers)
            check("a tampered copy (%s) fails verification" % label, False, "verified")
        except WebhookVerificationError:
            check("a tampered copy (%s) fails verification" % label, True)

    delivery_id = headers.get("webhook-id")
    listed, mine, token = None, None, ""
    while mine is None:
        # Newest first, and other scenarios' bookings confirm too: page through.
        listed = client.rpc("ListDeliveries", webhooks_pb2.ListDeliveriesRequest(
            endpoint_id=endpoint.id, event_type="booking.confirmed", page_size=100, page_token=token))
        if not ok(listed):
            break
        mine = next((d for d in listed.deliveries if d.id == delivery_id), None)
        token = listed.next_page_token
        if not token:
            break
    check("ListDeliveries has it as DELIVERED", mine is not None and mine.status == webhooks_pb2.DELIVERY_STATUS_DELIVERED
          and mine.event_type == "booking.confirmed", describe(listed) if not ok(listed) else str(mine))
    detail = client.rpc("GetDelivery", webhooks_pb2.GetDeliveryRequest(delivery_id=delivery_id))
    check("GetDelivery: the payload sent and a 200 attempt", ok(detail) and detail.delivery.payload.encode() == raw
          and any(a.http_status == 200 for a in detail.delivery.attempts), describe(detail))

    # Rotation: both secrets sign for a while.
    rotated = need("RotateEndpointSecret", client.rpc("RotateEndpointSecret", webhooks_pb2.RotateEndpointSecretRequest(
        idempotency_key=key(), endpoint_id=endpoint.id)))
    new_secret = rotated.secret
    check("a new whsec_ secret; the old one signs until previous_secret_expires_at (about 24 h)",
          new_secret.startswith("whsec_") and new_secret != secret and rotated.endpoint.HasField("previous_secret_expires_at")
          and 23 * 3600 < rotated.endpoint.previous_secret_expires_at.seconds - time.time() < 25 * 3600, str(rotated.endpoint))
    other = booking(client, buyer, confirm=False)
    bp.confirm(client, other.id)
    later = poll(lambda: [(i, b) for i, b in fetch_all(url) if booking_of(b) == other.id and b.get("type") == "booking.confirmed"],
                 bool, timeout=30, interval=0.5)
    check("the next delivery arrived after the rotation", bool(later), "none")
    if later:
        item, _ = later[0]
        raw = base64.b64decode(item["body_base64"])
        signatures = item["headers"].get("webhook-signature", "").split(" ")
        check("it carries two v1 signatures", len(signatures) == 2 and all(s.startswith("v1,") for s in signatures),
              str(signatures))
        for label, key_ in [("the old secret", secret), ("the new secret", new_secret)]:
            try:
                Webhook(key_).verify(raw, item["headers"])
                check("it verifies with %s" % label, True)
            except WebhookVerificationError as error:
                check("it verifies with %s" % label, False, str(error))

    # Redelivery: the same webhook-id and body again.
    before = len([i for i, _ in fetch_all(url) if i["headers"].get("webhook-id") == delivery_id])
    again = client.rpc("RedeliverDelivery", webhooks_pb2.RedeliverDeliveryRequest(idempotency_key=key(), delivery_id=delivery_id))
    check("RedeliverDelivery", ok(again) and again.delivery.id == delivery_id, describe(again))
    copies = poll(lambda: [i for i, _ in fetch_all(url) if i["headers"].get("webhook-id") == delivery_id],
                  lambda found: len(found) > before, timeout=30, interval=0.5)
    check("the partner got the delivery again with the same webhook-id", len(copies) > before, str(len(copies)))
    if len(copies) > before:
        latest = copies[-1]
        raw_again = base64.b64decode(latest["body_base64"])
        check("…the same body", raw_again == raw_of(first_item), "")
        try:
            Webhook(new_secret).verify(raw_again, latest["headers"])
            check("…signed afresh, verifying with the new secret", True)
        except WebhookVerificationError as error:
            check("…signed afresh, verifying with the new secret", False, str(error))
    refused("RedeliverDelivery of an unknown id is NOT_FOUND", client.rpc("RedeliverDelivery", webhooks_pb2.RedeliverDeliveryRequest(
        idempotency_key=key(), delivery_id="whd_nope")), "NOT_FOUND")
    refused("CreateEndpoint with an unknown event type is INVALID_ARGUMENT", client.rpc(
        "CreateEndpoint", webhooks_pb2.CreateEndpointRequest(idempotency_key=key(), url=url, event_types=["booking.nonsense"])),
        "INVALID_ARGUMENT")
    refused("CreateEndpoint with a URL that is not http(s) is INVALID_ARGUMENT", client.rpc(
        "CreateEndpoint", webhooks_pb2.CreateEndpointRequest(idempotency_key=key(), url="ftp://example.com/x",
                                                             event_types=["*"])), "INVALID_ARGUMENT")
    removed = client.rpc("DeleteEndpoint", webhooks_pb2.DeleteEndpointRequest(idempotency_key=key(), endpoint_id=endpoint.id))
    check("DeleteEndpoint", ok(removed), describe(removed))


def fetch_all(url):
    stored = http_json("GET", url)[1]
    found = []
    for item in (stored or {}).get("requests", []) if isinstance(stored, dict) else []:
        try:
            found.append((item, json.loads(raw_of(item) or b"null")))
        except ValueError:
            pass
    return found


def raw_of(item):
    return base64.b64decode(item.get("body_base64") or "")


# ── 5. status ──────────────────────────────────────────────────────────────────────────────────

QUEUES = ["payments.stripe", "payments.mollie", "webhooks.inbound", "webhooks.outbound"]


def status(channel, args):
    client = Client(channel, args)
    base = "http://%s:%d" % (args.host, args.http_port)

    # The webhook routes' answers (so the counters exist whatever else ran).
    event_id = "evt_status_%s" % unique()
    payload = stripe_event(event_id, "customer.created", {"id": "cus_status", "object": "customer"})
    code, body = post_stripe(base, payload, sign(payload, args.stripe_secret))
    check("a signed event of a type RentGuy ignores: 200, stored", code == 200 and isinstance(body, dict)
          and body.get("received") is True and body.get("duplicate") is False, "%s %s" % (code, body))
    code, body = post_stripe(base, payload, sign(payload, args.stripe_secret))
    check("the same event again: 200, duplicate", code == 200 and isinstance(body, dict) and body.get("duplicate") is True,
          "%s %s" % (code, body))
    code, body = post_stripe(base, payload, None)
    check("no Stripe-Signature: 400 with a JSON error", code == 400 and isinstance(body, dict) and body.get("error"),
          "%s %s" % (code, body))
    code, body = post_stripe(base, payload, sign(payload, "whsec_not_the_secret"))
    check("signed with another secret: 400", code == 400, "%s %s" % (code, body))
    code, body = post_stripe(base, payload, "t=abc,v1=zz")
    check("a garbled Stripe-Signature: 400", code == 400, "%s %s" % (code, body))
    code, body = post_stripe(base, payload, sign(payload, args.stripe_secret, timestamp=int(time.time()) - 301))
    check("signed 301 s ago: 400", code == 400, "%s %s" % (code, body))
    now = int(time.time())
    two = sign(payload, "whsec_not_the_secret", now) + "," + sign(payload, args.stripe_secret, now).split(",", 1)[1]
    code, body = post_stripe(base, payload, two)
    check("two v1 signatures, one of them right: 200", code == 200, "%s %s" % (code, body))
    broken = '{"id": "evt_broken_%s", "type": ' % unique()
    code, body = post_stripe(base, broken, sign(broken, args.stripe_secret))
    check("signed but not JSON: 400", code == 400 and isinstance(body, dict), "%s %s" % (code, body))
    big = stripe_event("evt_big_%s" % unique(), "customer.created", {"id": "cus_big", "note": "x" * (300 * 1024)})
    code, body = post_stripe(base, big, sign(big, args.stripe_secret))
    check("a body over 256 KiB: 413", code == 413, "%s %s" % (code, str(body)[:200]))
    code, _, raw = http("POST", base + "/webhooks/mollie", {"id": "tr_doesnotexist%s" % unique()}, form=True)
    check("Mollie webhook for an unknown id: 200 (Mollie's rule)", code == 200, "%s %s" % (code, raw[:200]))
    code, _, raw = http("POST", base + "/webhooks/mollie", {"other": "x"}, form=True)
    check("Mollie webhook without an id: 400", code == 400, "%s %s" % (code, raw[:200]))
    code, _, raw = http("POST", base + "/webhooks/mollie", raw=b"id=%ZZ%%&&==", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    check("Mollie webhook with a garbled form: 400, not a crash", code == 400, "%s %s" % (code, raw[:200]))

    code, integrations = http_json("GET", base + "/integrations/status")
    check("GET /integrations/status: 200 JSON", code == 200 and isinstance(integrations, dict), "%s %s" % (code, integrations))
    providers = {p.get("name"): p for p in (integrations or {}).get("providers", [])} if isinstance(integrations, dict) else {}
    for provider, queue in [("stripe", "payments.stripe"), ("mollie", "payments.mollie")]:
        row = providers.get(provider, {})
        check("/integrations/status %s: configured, mode mock, its queue and size" % provider,
              row.get("configured") is True and row.get("mode") == "mock" and row.get("queue") == queue
              and isinstance(row.get("queue_size"), int) and "last_success" in row and "last_error" in row, str(row))
    check("/integrations/status lists the queues", isinstance(integrations, dict)
          and isinstance(integrations.get("queues"), list) and integrations["queues"], str(integrations)[:300])
    text = json.dumps(integrations)
    check("/integrations/status shows no secret", args.stripe_secret not in text
          and not re.search(r"\b(sk|rk)_(test|live)_", text), "")

    code, metrics = http_json("GET", base + "/metrics/queues")
    rows = {q.get("queue"): q for q in (metrics or {}).get("queues", [])} if isinstance(metrics, dict) else {}
    check("GET /metrics/queues: 200 with the four queues", code == 200 and set(QUEUES) <= set(rows), "%s %s" % (code, metrics))
    fields = {"pending": int, "running": int, "retrying": int, "dead": int, "succeeded_last_24h": int, "paused": bool}
    wrong = [(q, f) for q in QUEUES for f, t in fields.items() if not isinstance(rows.get(q, {}).get(f), t)
             or (t is int and isinstance(rows.get(q, {}).get(f), bool))]
    check("each queue row has pending, running, retrying, dead, succeeded_last_24h (numbers) and paused", not wrong,
          str(wrong[:5]))
    check("oldest_waiting_seconds is a number (or null when nothing waits)", all(
        rows.get(q, {}).get("oldest_waiting_seconds") is None or isinstance(rows[q]["oldest_waiting_seconds"], (int, float))
        for q in QUEUES) and all("oldest_waiting_seconds" in rows.get(q, {}) for q in QUEUES), str(rows)[:300])
    def inbound_done(queues):
        return any(q.get("queue") == "webhooks.inbound" and q.get("succeeded_last_24h", 0) >= 1 for q in queues)
    queues = poll(lambda: (http_json("GET", base + "/metrics/queues")[1] or {}).get("queues", []), inbound_done, 15)
    check("/metrics/queues: webhooks.inbound has succeeded jobs (the events above)", inbound_done(queues), str(queues))

    grpc_status = client.rpc("GetQueueStatus", jobs_pb2.GetQueueStatusRequest())
    names = {q.queue: q for q in grpc_status.queues} if ok(grpc_status) else {}
    # 16 workers per queue by default; webhooks.inbound (local work) at most 4.
    check("GetQueueStatus has the four queues, 16 workers each by default (webhooks.inbound 4)", set(QUEUES) <= set(names)
          and all(names[q].workers == (4 if q == "webhooks.inbound" else 16) for q in QUEUES), describe(grpc_status) if not ok(grpc_status) else str(
              {q: names[q].workers for q in names}))

    values = metric_values(base, "rentguy_webhooks_received_total")
    for outcome in ["accepted", "duplicate", "rejected"]:
        check("/metrics: rentguy_webhooks_received_total{provider=\"stripe\",outcome=\"%s\"} ≥ 1" % outcome,
              webhook_counter(base, "stripe", outcome) >= 1, str(values))
    check("/metrics: the Mollie webhooks are counted too", any('provider="mollie"' in k for k in values), str(values))
    check("/metrics: rentguy_jobs gauges for the queues", all(
        any('queue="%s"' % q in k for k in metric_values(base, "rentguy_jobs")) for q in QUEUES),
        str(list(metric_values(base, "rentguy_jobs"))[:8]))

    answer = client.rpc("GetPaymentProviders", payment_pb2.GetPaymentProvidersRequest())
    settings = {s.provider: s for s in answer.providers} if ok(answer) else {}
    check("GetPaymentProviders: Stripe and Mollie in MOCK mode at the mock's URL", ok(answer) and all(
        settings.get(p) is not None and settings[p].mode == payment_pb2.PROVIDER_MODE_MOCK
        and settings[p].api_base_url.rstrip("/") == args.mock.rstrip("/") for p in (STRIPE, MOLLIE)), describe(answer))
    check("…Stripe's webhook secret configured, its webhook URL on the shim", ok(answer) and settings.get(STRIPE)
          and settings[STRIPE].webhook_secret_configured and settings[STRIPE].webhook_url.endswith("/webhooks/stripe"),
          describe(answer))
    check("…and no secret in the answer", ok(answer) and args.stripe_secret.encode() not in answer.SerializeToString(), "")


# ── kill -9 (the Swift test orchestrates: crash-start, kill -9, clear faults, restart, crash-check)

def crash_start(channel, args):
    client = Client(channel, args)
    answer = client.rpc("GetPaymentProviders", payment_pb2.GetPaymentProvidersRequest())
    stripe_settings = next((s for s in answer.providers if s.provider == STRIPE), None) if ok(answer) else None
    check("Stripe talks to the standalone mock (TEST mode, its URL), which survives the crash",
          stripe_settings is not None and stripe_settings.api_base_url.rstrip("/") == args.mock.rstrip("/"),
          describe(answer) if not ok(answer) else str(stripe_settings))
    http_json("DELETE", args.mock + "/mock/requests")
    arm(args, "stripe", "timeout", args.count + 20)
    buyer = bp.customer(client, "Crash payer")
    bookings = [booking(client, buyer, quiet=True) for _ in range(max(1, args.count // 10))]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        created = list(pool.map(lambda n: client.rpc("CreatePayment", payment_pb2.CreatePaymentRequest(
            idempotency_key=key(), booking_id=bookings[n % len(bookings)].id, provider=STRIPE, amount=eur(500),
            return_url="https://shop.example.com/paid")), range(args.count)))
    ids = [c.payment.id for c in created if ok(c)]
    check("%d payments created (PENDING, their checkout jobs committed)" % args.count, len(ids) == args.count,
          str([describe(c) for c in created if not ok(c)][:3]))
    with open(args.ids, "w") as out:
        out.write("\n".join(ids) + "\n")
    status = poll(lambda: queue_status(client, "payments.stripe"), lambda s: s is not None and s.running >= 1, timeout=30)
    check("checkout jobs are leased (RUNNING, hanging at the mock)", status is not None and status.running >= 1, str(status))
    print("leased %d" % (status.running if status else 0), flush=True)


def crash_check(channel, args):
    client = Client(channel, args)
    ids = [line.strip() for line in open(args.ids) if line.strip()]

    def statuses():
        return {pid: get_payment(client, pid) for pid in ids}
    # A job whose worker died is leased again once its lease expires (leaseDuration, 120 s).
    got = poll(statuses, lambda g: all(p is not None and p.status == P("OPEN") for p in g.values()),
               timeout=args.seconds, interval=2)
    wrong = [(pid, status_name(p.status) if p else None) for pid, p in got.items() if p is None or p.status != P("OPEN")]
    check("after the crash and restart every one of the %d payments ends OPEN" % len(ids), ids and not wrong, str(wrong[:5]))
    check("…each with a checkout URL", all(p is not None and p.checkout_url for p in got.values()), "")
    log = request_log(args, "stripe")
    check_keys("across the crash", log, "/v1/checkout/sessions", ids)
    hung = [e for e in log if e.get("fault") == "timeout"]
    print("    (%d provider requests hung when the server died)" % len(hung), flush=True)
    sessions = {p.provider_payment_id for p in got.values() if p is not None}
    check("one checkout session per payment", len(sessions) == len(ids), "%d sessions" % len(sessions))
    for queue in ["payments.stripe"]:
        status = queue_status(client, queue)
        check("%s: nothing dead" % queue, status is not None and status.dead == 0, str(status))


SCENARIOS = {"flow": flow, "storm": storm, "faults": faults, "partner": partner, "status": status,
             "crash-start": crash_start, "crash-check": crash_check}


def main():
    global STRIPE, MOLLIE
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--target", help="HOST:PORT (instead of --host and --port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int)
    parser.add_argument("--http-port", type=int, required=True, help="the REST shim's port")
    parser.add_argument("--mock", required=True, help="the provider mock's base URL, http://127.0.0.1:PORT")
    parser.add_argument("--stripe-secret", required=True, help="the Stripe webhook secret the server verifies with")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--ids", help="crash-start/crash-check: the file of payment ids")
    parser.add_argument("--count", type=int, default=50, help="crash-start: payments to create")
    parser.add_argument("--seconds", type=float, default=300, help="crash-check: how long to wait for OPEN")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="storm: the shuffle's seed")
    args = parser.parse_args()
    if not args.target and args.port is None:
        parser.error("--target or --port is required")
    args.mock = args.mock.rstrip("/")
    contract()
    STRIPE, MOLLIE = payment_pb2.PAYMENT_PROVIDER_STRIPE, payment_pb2.PAYMENT_PROVIDER_MOLLIE
    if args.scenario == "storm":
        print("storm seed %d" % args.seed, flush=True)
    TALLY.update(checks=0, failed=0)
    with grpc.insecure_channel(args.target or "%s:%d" % (args.host, args.port)) as channel:
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
