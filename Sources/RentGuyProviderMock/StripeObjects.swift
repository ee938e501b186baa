/// Stripe's JSON shapes for the mock's records (the fields RentGuy and stripe-python read, with
/// `object`, `livemode: false` and `created` on every object).
enum StripeObjects {
  /// The API version stamped on events.
  static let apiVersion = "2024-06-20"

  static func checkoutSession(_ session: StripeRecords.CheckoutSession) -> JSONValue {
    let url: JSONValue = session.status == "open" ? .string(session.url) : .null
    return [
      "id": .string(session.id),
      "object": "checkout.session",
      "amount_subtotal": .int(session.amountTotal),
      "amount_total": .int(session.amountTotal),
      "cancel_url": .optional(session.cancelURL),
      "client_reference_id": .optional(session.clientReferenceID),
      "created": .int(session.created),
      "currency": .string(session.currency),
      "customer": nil,
      "expires_at": .int(session.expiresAt),
      "livemode": false,
      "metadata": .strings(session.metadata),
      "mode": "payment",
      "payment_intent": .optional(session.paymentIntentID),
      "payment_method_types": ["card", "ideal"],
      "payment_status": .string(session.paymentStatus),
      "status": .string(session.status),
      "success_url": .optional(session.successURL),
      "ui_mode": "hosted",
      "url": url,
    ]
  }

  static func paymentIntent(_ intent: StripeRecords.PaymentIntent) -> JSONValue {
    var lastError: JSONValue = nil
    if let message = intent.lastPaymentError {
      lastError = [
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "generic_decline",
        "message": .string(message),
      ]
    }
    let cancellationReason: JSONValue = intent.canceledAt == nil ? .null : .string("abandoned")
    let paymentMethod: JSONValue = intent.latestChargeID == nil ? .null : .string("pm_card_mock")
    return [
      "id": .string(intent.id),
      "object": "payment_intent",
      "amount": .int(intent.amount),
      "amount_capturable": 0,
      "amount_received": .int(intent.amountReceived),
      "canceled_at": .optional(intent.canceledAt),
      "cancellation_reason": cancellationReason,
      "capture_method": "automatic_async",
      "client_secret": .string("\(intent.id)_secret_mock"),
      "confirmation_method": "automatic",
      "created": .int(intent.created),
      "currency": .string(intent.currency),
      "description": nil,
      "last_payment_error": lastError,
      "latest_charge": .optional(intent.latestChargeID),
      "livemode": false,
      "metadata": .strings(intent.metadata),
      "payment_method": paymentMethod,
      "payment_method_types": ["card", "ideal"],
      "status": .string(intent.status),
    ]
  }

  static func charge(_ charge: StripeRecords.Charge, refunds: [StripeRecords.Refund]) -> JSONValue {
    let succeeded = charge.status == "succeeded"
    let amountCaptured = succeeded ? charge.amount : 0
    let failureCode: JSONValue = charge.failureMessage == nil ? .null : .string("card_declined")
    let fullyRefunded = charge.amountRefunded >= charge.amount && charge.amount > 0
    return [
      "id": .string(charge.id),
      "object": "charge",
      "amount": .int(charge.amount),
      "amount_captured": .int(amountCaptured),
      "amount_refunded": .int(charge.amountRefunded),
      "captured": .bool(succeeded),
      "created": .int(charge.created),
      "currency": .string(charge.currency),
      "disputed": .bool(charge.disputed),
      "failure_code": failureCode,
      "failure_message": .optional(charge.failureMessage),
      "livemode": false,
      "metadata": [:],
      "paid": .bool(succeeded),
      "payment_intent": .string(charge.paymentIntentID),
      "refunded": .bool(fullyRefunded),
      "refunds": [
        "object": "list",
        "data": .array(refunds.map(Self.refund)),
        "has_more": false,
        "total_count": .int(refunds.count),
        "url": .string("/v1/charges/\(charge.id)/refunds"),
      ],
      "status": .string(charge.status),
    ]
  }

  static func refund(_ refund: StripeRecords.Refund) -> JSONValue {
    let failureReason: JSONValue = refund.status == "failed" ? .string("unknown") : .null
    return [
      "id": .string(refund.id),
      "object": "refund",
      "amount": .int(refund.amount),
      "charge": .string(refund.chargeID),
      "created": .int(refund.created),
      "currency": .string(refund.currency),
      "failure_reason": failureReason,
      "livemode": false,
      "metadata": .strings(refund.metadata),
      "payment_intent": .string(refund.paymentIntentID),
      "reason": .optional(refund.reason),
      "status": .string(refund.status),
    ]
  }

  static func dispute(_ dispute: StripeRecords.Dispute) -> JSONValue {
    [
      "id": .string(dispute.id),
      "object": "dispute",
      "amount": .int(dispute.amount),
      "charge": .string(dispute.chargeID),
      "created": .int(dispute.created),
      "currency": .string(dispute.currency),
      "is_charge_refundable": false,
      "livemode": false,
      "metadata": [:],
      "payment_intent": .string(dispute.paymentIntentID),
      "reason": "fraudulent",
      "status": .string(dispute.status),
    ]
  }

  static func event(
    id: String,
    type: String,
    object: JSONValue,
    created: Int,
    pendingWebhooks: Int,
    request: StripeRecords.RequestInfo?
  ) -> JSONValue {
    [
      "id": .string(id),
      "object": "event",
      "api_version": .string(Self.apiVersion),
      "created": .int(created),
      "data": ["object": object],
      "livemode": false,
      "pending_webhooks": .int(pendingWebhooks),
      "request": ["id": .optional(request?.id), "idempotency_key": .optional(request?.idempotencyKey)],
      "type": .string(type),
    ]
  }

  /// Stripe's error body.
  static func error(_ error: MockAPIError) -> JSONValue {
    var body: [String: JSONValue] = ["type": .string(error.type), "message": .string(error.message)]
    if let code = error.code { body["code"] = .string(code) }
    if let param = error.param { body["param"] = .string(param) }
    return ["error": .object(body)]
  }
}
