#!/usr/bin/env python3
"""Fidelity check of rentguy-provider-mock against the REAL provider SDKs, used unchanged.

Usage:
    python Tests/peers/provider_mock_sdk.py .build/debug/rentguy-provider-mock
        Starts the mock itself (--port 0) with its Stripe webhook URL pointing at a small
        http.server run by this script, so signed Stripe events and Mollie webhooks are checked too.
    python Tests/peers/provider_mock_sdk.py http://127.0.0.1:12111
        Uses a mock that is already running; the webhook checks are skipped (the mock's webhook
        URL is not ours), everything else runs.

Needs: pip install stripe mollie-api-python standardwebhooks (scripts/requirements.txt).
Prints one line per check ("ok  …" / "FAIL …"), exits 1 if any failed.
"""

import base64
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import stripe
from mollie.api.client import Client as MollieClient
from mollie.api.error import NotFoundError as MollieNotFoundError
from mollie.api.error import ResponseError as MollieResponseError
from mollie.api.error import UnprocessableEntityError as MollieUnprocessableError
from standardwebhooks.webhooks import Webhook as StandardWebhook

STRIPE_KEY = "sk_test_mock"
STRIPE_SECRET = "whsec_provider_mock_sdk_check"
MOLLIE_KEY = "test_mockmockmockmockmockmockmockmock"

FAILURES = []


def check(name, condition, detail=""):
    if condition:
        print(f"ok   {name}")
    else:
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))
        FAILURES.append(name)
    sys.stdout.flush()
    return condition


def expect_raises(name, exception_type, function):
    try:
        function()
    except exception_type as error:
        return check(name, True), error
    except Exception as error:  # noqa: BLE001 - report what came instead
        return check(name, False, f"raised {type(error).__name__}: {error}"), error
    return check(name, False, "no exception"), None


# ---------------------------------------------------------------------------
# Webhook receiver (the role RentGuy plays)


class Receiver:
    def __init__(self):
        self.requests = []
        self.condition = threading.Condition()
        self.fail_type = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver.condition:
                    status = 200
                    if receiver.fail_type is not None and receiver.fail_type.encode() in body:
                        receiver.fail_type = None  # fail this delivery once: the mock must retry
                        status = 500
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body, "status": status}
                    )
                    receiver.condition.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout=10.0):
        """Waits until predicate(requests) is truthy; returns its value (or None on timeout)."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                value = predicate(self.requests)
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.condition.wait(remaining)

    def stripe_events(self, requests):
        events = []
        for request in requests:
            if request["path"] == "/stripe":
                try:
                    events.append((request, json.loads(request["body"])))
                except ValueError:
                    pass
        return events

    def events_of(self, type_, object_id):
        def predicate(requests):
            found = [
                (request, event)
                for request, event in self.stripe_events(requests)
                if event.get("type") == type_ and event["data"]["object"].get("id") == object_id
            ]
            return found or None

        return predicate


# ---------------------------------------------------------------------------
# Plain HTTP helpers (the customer's side and the controls)


def http(base, method, path, body=None, headers=None, form=False):
    data = None
    headers = dict(headers or {})
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        else:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def http_json(base, method, path, body=None, **kwargs):
    status, headers, raw = http(base, method, path, body, **kwargs)
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw


# ---------------------------------------------------------------------------
# Starting the mock


def start_mock(binary, receiver):
    process = subprocess.Popen(
        [
            binary,
            "--port", "0",
            "--stripe-webhook-url", f"http://127.0.0.1:{receiver.port}/stripe",
            "--stripe-webhook-secret", STRIPE_SECRET,
            "--timeout-delay-seconds", "1",
            "--log-level", os.environ.get("MOCK_LOG_LEVEL", "warning"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("provider mock listening on "):
            address = line.strip().rsplit(" ", 1)[-1]
            host, port = address.rsplit(":", 1)
            return process, f"http://{host}:{port}"
    process.kill()
    raise SystemExit("the provider mock did not print its 'listening' line")


# ---------------------------------------------------------------------------
# Stripe


def stripe_checks(base, receiver):
    stripe.api_key = STRIPE_KEY
    stripe.api_base = base
    stripe.max_network_retries = 0

    params = dict(
        mode="payment",
        line_items=[
            {
                "price_data": {"currency": "eur", "unit_amount": 1250, "product_data": {"name": "Beamer 3 days"}},
                "quantity": 2,
            },
            {
                "price_data": {"currency": "eur", "unit_amount": 500, "product_data": {"name": "Cable kit"}},
                "quantity": 1,
            },
        ],
        success_url="https://rentguy.example/paid?session={CHECKOUT_SESSION_ID}",
        cancel_url="https://rentguy.example/cancel",
        client_reference_id="booking_42",
        metadata={"payment_id": "pay_1", "booking_id": "42"},
        payment_intent_data={"metadata": {"payment_id": "pay_1"}},
        expires_at=int(time.time()) + 3600,
    )
    session = stripe.checkout.Session.create(**params)
    check("stripe: Session.create returns a checkout.session", session.object == "checkout.session")
    check("stripe: session id has the cs_test_ prefix", session.id.startswith("cs_test_"), session.id)
    check(
        "stripe: session is open/unpaid, amount_total 3000 eur, no payment_intent yet",
        session.status == "open" and session.payment_status == "unpaid" and session.amount_total == 3000
        and session.currency == "eur" and session.payment_intent is None,
        str(session),
    )
    check("stripe: session url is the mock's checkout page", session.url == f"{base}/checkout/stripe/{session.id}", session.url)
    check(
        "stripe: metadata and client_reference_id echo",
        session.metadata.to_dict() == {"payment_id": "pay_1", "booking_id": "42"} and session.client_reference_id == "booking_42",
    )
    check("stripe: livemode false and created set", session.livemode is False and isinstance(session.created, int))

    status, _, page = http(base, "GET", f"/checkout/stripe/{session.id}")
    check("stripe: checkout page is HTML with pay buttons", status == 200 and b"<form" in page and b"outcome" in page)

    retrieved = stripe.checkout.Session.retrieve(session.id)
    check("stripe: Session.retrieve", retrieved.id == session.id and retrieved.status == "open")

    # The customer pays.
    status, paid = http_json(base, "POST", f"/checkout/stripe/{session.id}/pay", {"outcome": "paid"}, form=True)
    check("stripe: pay endpoint answers 200 JSON", status == 200 and isinstance(paid, dict), f"{status} {paid}")
    session = stripe.checkout.Session.retrieve(session.id)
    check(
        "stripe: paid session is complete/paid with a payment_intent",
        session.status == "complete" and session.payment_status == "paid" and str(session.payment_intent).startswith("pi_"),
        str(session),
    )
    intent = stripe.PaymentIntent.retrieve(session.payment_intent)
    check(
        "stripe: PaymentIntent.retrieve succeeded, amount_received, metadata from payment_intent_data, latest_charge",
        intent.object == "payment_intent" and intent.status == "succeeded" and intent.amount == 3000
        and intent.amount_received == 3000 and intent.metadata.to_dict() == {"payment_id": "pay_1"}
        and str(intent.latest_charge).startswith("ch_"),
        str(intent),
    )

    # Refunds, with idempotency.
    refund = stripe.Refund.create(payment_intent=intent.id, amount=1000, metadata={"reason_code": "damaged"}, idempotency_key="refund-key-1")
    check("stripe: Refund.create", refund.object == "refund" and refund.id.startswith("re_") and refund.status == "succeeded" and refund.amount == 1000, str(refund))
    again = stripe.Refund.create(payment_intent=intent.id, amount=1000, metadata={"reason_code": "damaged"}, idempotency_key="refund-key-1")
    check("stripe: same Idempotency-Key and body replays the same refund", again.id == refund.id, f"{again.id} != {refund.id}")
    check(
        "stripe: replay carries Idempotent-Replayed: true",
        (again.last_response is not None and again.last_response.headers.get("Idempotent-Replayed") == "true"),
    )
    expect_raises(
        "stripe: same key, different body raises IdempotencyError",
        stripe.IdempotencyError,
        lambda: stripe.Refund.create(payment_intent=intent.id, amount=999, idempotency_key="refund-key-1"),
    )
    fetched = stripe.Refund.retrieve(refund.id)
    check("stripe: Refund.retrieve", fetched.id == refund.id and fetched.payment_intent == intent.id and fetched.metadata["reason_code"] == "damaged")
    _, error = expect_raises(
        "stripe: refunding more than is left raises InvalidRequestError",
        stripe.InvalidRequestError,
        lambda: stripe.Refund.create(payment_intent=intent.id, amount=5000),
    )
    if error is not None:
        check("stripe: that error names param amount", getattr(error, "param", None) == "amount", str(error))
    rest = stripe.Refund.create(payment_intent=intent.id)
    check("stripe: Refund.create without amount refunds the rest (2000)", rest.amount == 2000, str(rest))

    # Errors.
    _, error = expect_raises(
        "stripe: unknown session raises InvalidRequestError (404)",
        stripe.InvalidRequestError,
        lambda: stripe.checkout.Session.retrieve("cs_test_doesnotexist"),
    )
    if error is not None:
        check(
            "stripe: 404 has code resource_missing and Stripe's message",
            error.http_status == 404 and error.code == "resource_missing" and "No such checkout.session: 'cs_test_doesnotexist'" in str(error),
            f"{error.http_status} {error.code} {error}",
        )
    status, body = http_json(base, "GET", "/v1/checkout/sessions/x")
    check("stripe: no API key gives 401 with an error object", status == 401 and body["error"]["type"] == "invalid_request_error", f"{status} {body}")
    expect_raises(
        "stripe: a bad key raises AuthenticationError",
        stripe.AuthenticationError,
        lambda: stripe.checkout.Session.retrieve(session.id, api_key="sk_live_nope"),
    )

    # Faults.
    status, _ = http_json(base, "POST", "/mock/faults", {"provider": "stripe", "fault": "rate-limit", "count": 1})
    check("mock: arming a fault answers 201", status == 201)
    _, error = expect_raises(
        "stripe: an armed rate limit raises RateLimitError",
        stripe.RateLimitError,
        lambda: stripe.checkout.Session.retrieve(session.id),
    )
    if error is not None:
        check("stripe: 429 carries Retry-After", error.headers.get("Retry-After") == "1" if error.headers else False)
    check("stripe: the fault was used up", stripe.checkout.Session.retrieve(session.id).id == session.id)
    http_json(base, "POST", "/mock/faults", {"provider": "stripe", "fault": "server-error", "count": 1})
    expect_raises("stripe: an armed server error raises APIError", stripe.APIError, lambda: stripe.checkout.Session.retrieve(session.id))
    status, _, _ = http(base, "GET", f"/v1/checkout/sessions/{session.id}", headers={"Authorization": f"Bearer {STRIPE_KEY}", "X-RentGuy-Simulate": "timeout"})
    check("stripe: X-RentGuy-Simulate: timeout answers 504 after the delay", status == 504, str(status))

    # Expire.
    other = stripe.checkout.Session.create(**{k: v for k, v in params.items() if k != "expires_at"})
    expired = stripe.checkout.Session.expire(other.id)
    check("stripe: Session.expire", expired.status == "expired" and expired.url is None, str(expired))
    expect_raises("stripe: expiring twice raises InvalidRequestError", stripe.InvalidRequestError, lambda: stripe.checkout.Session.expire(other.id))

    # The request log.
    status, log = http_json(base, "GET", "/mock/requests?provider=stripe")
    entries = log["requests"] if status == 200 else []
    refund_posts = [e for e in entries if e["method"] == "POST" and e["path"] == "/v1/refunds"]
    check(
        "mock: request log lists the refund calls with their idempotency keys",
        any(e["idempotency_key"] == "refund-key-1" and e["replayed"] for e in refund_posts)
        and all(e["provider"] == "stripe" for e in entries),
        json.dumps(refund_posts)[:400],
    )

    if receiver is None:
        print("skip stripe webhook checks (the mock was not started by this script)")
        return

    # Signed events.
    found = receiver.wait_for(receiver.events_of("checkout.session.completed", session.id))
    check("stripe: checkout.session.completed delivered", bool(found))
    if found:
        request, _ = found[0]
        try:
            event = stripe.Webhook.construct_event(request["body"].decode(), request["headers"].get("Stripe-Signature"), STRIPE_SECRET)
            check(
                "stripe: Webhook.construct_event accepts the mock's Stripe-Signature",
                event.type == "checkout.session.completed" and event.data.object.payment_status == "paid" and event.id.startswith("evt_"),
            )
        except Exception as error:  # noqa: BLE001
            check("stripe: Webhook.construct_event accepts the mock's Stripe-Signature", False, repr(error))
        try:
            stripe.Webhook.construct_event(request["body"].decode(), request["headers"].get("Stripe-Signature"), "whsec_wrong")
            check("stripe: a wrong secret is refused", False)
        except stripe.SignatureVerificationError:
            check("stripe: a wrong secret is refused", True)
    check("stripe: payment_intent.succeeded delivered", bool(receiver.wait_for(receiver.events_of("payment_intent.succeeded", intent.id))))
    check("stripe: charge.refunded delivered", bool(receiver.wait_for(receiver.events_of("charge.refunded", intent.latest_charge))))
    refund_events = receiver.wait_for(receiver.events_of("refund.created", refund.id))
    check(
        "stripe: refund.created delivered once (the replay sent nothing) with request.idempotency_key",
        bool(refund_events) and len(refund_events) == 1 and refund_events[0][1]["request"]["idempotency_key"] == "refund-key-1",
        str(refund_events and [e for _, e in refund_events])[:300],
    )
    check("stripe: checkout.session.expired delivered", bool(receiver.wait_for(receiver.events_of("checkout.session.expired", other.id))))

    # Async payment, then settle.
    async_session = stripe.checkout.Session.create(**{k: v for k, v in params.items() if k != "expires_at"})
    http_json(base, "POST", f"/checkout/stripe/{async_session.id}/pay", {"outcome": "processing"})
    async_session = stripe.checkout.Session.retrieve(async_session.id)
    async_intent = stripe.PaymentIntent.retrieve(async_session.payment_intent)
    check(
        "stripe: processing outcome: session complete/unpaid, intent processing",
        async_session.status == "complete" and async_session.payment_status == "unpaid" and async_intent.status == "processing",
    )
    status, _ = http_json(base, "POST", f"/mock/stripe/payment_intents/{async_intent.id}/settle", {"outcome": "succeeded"})
    check("mock: settle answers 200", status == 200, str(status))
    check(
        "stripe: async_payment_succeeded delivered after settle",
        bool(receiver.wait_for(receiver.events_of("checkout.session.async_payment_succeeded", async_session.id))),
    )
    check("stripe: settled intent succeeded", stripe.PaymentIntent.retrieve(async_intent.id).status == "succeeded")

    # Failed card: the session stays open.
    failing = stripe.checkout.Session.create(**{k: v for k, v in params.items() if k != "expires_at"})
    http_json(base, "POST", f"/checkout/stripe/{failing.id}/pay", {"outcome": "failed"})
    failing = stripe.checkout.Session.retrieve(failing.id)
    check("stripe: failed card leaves the session open", failing.status == "open" and failing.payment_status == "unpaid")
    check(
        "stripe: payment_intent.payment_failed delivered",
        bool(receiver.wait_for(receiver.events_of("payment_intent.payment_failed", failing.payment_intent))),
    )

    # Dispute, with the first delivery failing: Stripe-like retry.
    with receiver.condition:
        receiver.fail_type = '"type":"charge.dispute.created"'
    status, dispute = http_json(base, "POST", f"/mock/stripe/payment_intents/{async_intent.id}/dispute", {"outcome": "won"})
    check("mock: dispute answers the closed dispute", status == 200 and dispute["object"] == "dispute" and dispute["status"] == "won", str(dispute))
    created_events = receiver.events_of("charge.dispute.created", dispute["id"])

    def two_deliveries(requests):
        found = created_events(requests)
        return found if found and len(found) >= 2 else None

    created = receiver.wait_for(two_deliveries, timeout=15)
    check(
        "stripe: a failed delivery (500) is retried with the same event id",
        bool(created) and created[0][0]["status"] == 500 and created[1][0]["status"] == 200 and created[0][1]["id"] == created[1][1]["id"],
    )
    closed = receiver.wait_for(receiver.events_of("charge.dispute.closed", dispute["id"]), timeout=15)
    check("stripe: charge.dispute.closed delivered (status won)", bool(closed) and closed[0][1]["data"]["object"]["status"] == "won")


# ---------------------------------------------------------------------------
# Mollie


def mollie_checks(base, receiver):
    client = MollieClient(api_endpoint=base)
    client.set_api_key(MOLLIE_KEY)
    webhook_url = f"http://127.0.0.1:{receiver.port}/mollie" if receiver else "https://rentguy.example/webhooks/mollie"

    payment = client.payments.create({
        "amount": {"currency": "EUR", "value": "30.00"},
        "description": "Booking 42",
        "redirectUrl": "https://rentguy.example/return/42",
        "webhookUrl": webhook_url,
        "metadata": {"payment_id": "pay_2"},
    })
    check("mollie: payments.create returns an open tr_ payment", payment.id.startswith("tr_") and payment.status == "open" and payment.resource == "payment", str(payment))
    check("mollie: checkout link is the mock's page", payment.checkout_url == f"{base}/checkout/mollie/{payment.id}", str(payment.checkout_url))
    check("mollie: amount, metadata and mode echo", payment.amount == {"currency": "EUR", "value": "30.00"} and payment.metadata == {"payment_id": "pay_2"} and payment.mode == "test")

    got = client.payments.get(payment.id)
    check("mollie: payments.get", got.id == payment.id and got.is_open())

    _, error = expect_raises(
        "mollie: an amount without two decimals raises UnprocessableEntityError",
        MollieUnprocessableError,
        lambda: client.payments.create({"amount": {"currency": "EUR", "value": "30"}, "description": "x", "redirectUrl": "https://rentguy.example/r"}),
    )
    if error is not None:
        check("mollie: that error names the field amount.value", error.field == "amount.value", str(error.field))

    status, paid = http_json(base, "POST", f"/checkout/mollie/{payment.id}/pay", {"outcome": "paid"})
    check("mollie: pay endpoint answers 200 JSON", status == 200 and paid["status"] == "paid", f"{status} {paid}")
    payment = client.payments.get(payment.id)
    check("mollie: paid payment has paidAt, method ideal, amountRemaining", payment.is_paid() and payment.method == "ideal" and payment.amount_remaining == {"currency": "EUR", "value": "30.00"}, str(payment))

    refund = payment.refunds.create({"amount": {"currency": "EUR", "value": "10.00"}, "description": "Damaged cable", "metadata": {"refund_id": "r1"}})
    check("mollie: refunds.create", refund.id.startswith("re_") and refund.status == "refunded" and refund.amount == {"currency": "EUR", "value": "10.00"}, str(refund))
    fetched = payment.refunds.get(refund.id)
    check("mollie: refunds.get", fetched.id == refund.id and fetched.payment_id == payment.id)
    listed = list(payment.refunds.list())
    check("mollie: refunds.list", [r.id for r in listed] == [refund.id], str([r.id for r in listed]))
    payment = client.payments.get(payment.id)
    check("mollie: amountRefunded/amountRemaining follow the refund", payment.amount_refunded == {"currency": "EUR", "value": "10.00"} and payment.amount_remaining == {"currency": "EUR", "value": "20.00"})
    expect_raises(
        "mollie: refunding more than remains raises UnprocessableEntityError",
        MollieUnprocessableError,
        lambda: payment.refunds.create({"amount": {"currency": "EUR", "value": "25.00"}}),
    )

    other = client.payments.create({"amount": {"currency": "EUR", "value": "5.00"}, "description": "Other", "redirectUrl": "https://rentguy.example/r", "webhookUrl": webhook_url})
    canceled = client.payments.delete(other.id)
    check("mollie: payments.delete cancels", canceled.status == "canceled" if hasattr(canceled, "status") else canceled.get("status") == "canceled", str(canceled))
    expect_raises("mollie: canceling twice raises UnprocessableEntityError", MollieUnprocessableError, lambda: client.payments.delete(other.id))

    _, error = expect_raises("mollie: unknown payment raises NotFoundError", MollieNotFoundError, lambda: client.payments.get("tr_doesnotexist"))
    if error is not None:
        check("mollie: 404 detail in Mollie's words", "No payment exists with token tr_doesnotexist." in str(error), str(error))
    status, headers, _ = http(base, "GET", "/v2/payments/tr_doesnotexist", headers={"Authorization": f"Bearer {MOLLIE_KEY}"})
    check("mollie: errors are application/hal+json", status == 404 and headers.get("Content-Type", "").startswith("application/hal+json"), str(headers.get("Content-Type")))

    http_json(base, "POST", "/mock/faults", {"provider": "mollie", "fault": "rate-limit", "count": 1})
    _, error = expect_raises("mollie: an armed rate limit raises ResponseError", MollieResponseError, lambda: client.payments.get(payment.id))
    if error is not None:
        check("mollie: 429 status on the error", error.status == 429, str(error.status))

    if receiver is None:
        print("skip mollie webhook checks (the mock was not started by this script)")
        return

    def mollie_posts(payment_id, count):
        def predicate(requests):
            found = [r for r in requests if r["path"] == "/mollie" and r["body"] == f"id={payment_id}".encode()]
            return found if len(found) >= count else None
        return predicate

    hits = receiver.wait_for(mollie_posts(payment.id, 2))
    check("mollie: webhook id=tr_… arrives for paid and for the refund (form body, no signature)", bool(hits) and hits[0]["headers"].get("Content-Type", "").startswith("application/x-www-form-urlencoded"))
    check("mollie: webhook arrives for the cancel", bool(receiver.wait_for(mollie_posts(other.id, 1))))
    status, charged = http_json(base, "POST", f"/mock/mollie/payments/{payment.id}/chargeback", {})
    check("mock: chargeback sets amountChargedBack", status == 200 and charged.get("amountChargedBack") == {"value": "20.00", "currency": "EUR"}, str(charged))
    check("mollie: webhook arrives for the chargeback", bool(receiver.wait_for(mollie_posts(payment.id, 3))))


# ---------------------------------------------------------------------------
# Partner receiver (RentGuy's outbound Standard Webhooks)


def partner_checks(base):
    secret = "whsec_" + base64.b64encode(b"partner-secret-0123456789abcdef").decode()
    signer = StandardWebhook(secret)
    payload = json.dumps({"type": "booking.confirmed", "data": {"booking_id": "42"}})
    message_id = "msg_provider_mock_1"
    timestamp = int(time.time())
    signature = signer.sign(message_id, datetime.fromtimestamp(timestamp, tz=timezone.utc), payload)

    http_json(base, "DELETE", "/mock/partner/acme")
    http_json(base, "POST", "/mock/partner/acme/respond", {"status": 503, "count": 1})
    headers = {"webhook-id": message_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature, "Content-Type": "application/json"}
    first, _, _ = _post_raw(base, "/mock/partner/acme", payload.encode(), headers)
    second, _, _ = _post_raw(base, "/mock/partner/acme", payload.encode(), headers)
    check("partner: armed status first (503), then 200", first == 503 and second == 200, f"{first} {second}")
    status, stored = http_json(base, "GET", "/mock/partner/acme")
    check("partner: both requests stored", status == 200 and stored["count"] == 2)
    if status == 200 and stored["requests"]:
        item = stored["requests"][-1]
        body = base64.b64decode(item["body_base64"])
        try:
            StandardWebhook(secret).verify(body, item["headers"])
            check("partner: standardwebhooks verifies the stored headers and body", body == payload.encode())
        except Exception as error:  # noqa: BLE001
            check("partner: standardwebhooks verifies the stored headers and body", False, repr(error))


def _post_raw(base, path, data, headers):
    request = urllib.request.Request(base + path, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    target = sys.argv[1]
    process = None
    receiver = None
    if target.startswith("http://") or target.startswith("https://"):
        base = target.rstrip("/")
    else:
        receiver = Receiver()
        process, base = start_mock(target, receiver)
    try:
        status, body = http_json(base, "GET", "/mock/health")
        check("mock: health", status == 200 and body == {"status": "ok"}, f"{status} {body}")
        http_json(base, "DELETE", "/mock/faults")
        stripe_checks(base, receiver)
        mollie_checks(base, receiver)
        partner_checks(base)
    finally:
        if process is not None:
            process.terminate()
            try:
                code = process.wait(timeout=10)
                check("mock: stops on SIGTERM", code == 0, f"exit code {code}")
            except subprocess.TimeoutExpired:
                process.kill()
                check("mock: stops on SIGTERM", False, "still running after 10 s")
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
