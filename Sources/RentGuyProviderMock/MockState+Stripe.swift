/// Stripe: Checkout Sessions, PaymentIntents, charges, refunds and disputes.
extension MockState {
  // MARK: - Checkout Sessions

  func createCheckoutSession(_ form: FormFields) throws -> JSONValue {
    try StripeValidation.rejectUnknown(form, allowed: StripeValidation.checkoutSessionParameters)
    guard let mode = form.string("mode") else { throw MockAPIError.missing("mode") }
    guard mode == "payment" else {
      throw MockAPIError.invalid("The provider mock supports mode=payment only.", param: "mode")
    }
    let indices = form.indices("line_items")
    guard !indices.isEmpty else {
      throw MockAPIError.invalid("line_items is required in payment mode.", param: "line_items", code: "parameter_missing")
    }
    guard indices.count <= 100 else {
      throw MockAPIError.invalid("A Checkout Session can have at most 100 line items.", param: "line_items")
    }
    var items: [StripeRecords.LineItem] = []
    var currency: String?
    for index in indices {
      let item = try StripeValidation.lineItem(form, index: index)
      if let currency, currency != item.currency {
        throw MockAPIError.invalid(
          "All line items must use the same currency.", param: "line_items[\(index)][price_data][currency]")
      }
      currency = item.currency
      items.append(item.item)
    }
    let metadata = try StripeValidation.metadata(form.dictionary("metadata"), param: "metadata")
    let intentMetadata = try StripeValidation.metadata(
      form.dictionary("payment_intent_data", "metadata"), param: "payment_intent_data[metadata]")
    let created = self.now
    var expiresAt = created + 24 * 3600
    if let text = form.string("expires_at") {
      guard let value = Int(text), value >= created + 30 * 60 - 60, value <= created + 24 * 3600 + 60 else {
        throw MockAPIError.invalid(
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
          param: "expires_at")
      }
      expiresAt = value
    }
    let clientReferenceID = form.string("client_reference_id")
    if let clientReferenceID, clientReferenceID.count > 200 {
      throw MockAPIError.invalid("client_reference_id must be at most 200 characters.", param: "client_reference_id")
    }
    let id = Self.randomID("cs_test_", length: 58)
    let session = StripeRecords.CheckoutSession(
      id: id,
      created: created,
      expiresAt: expiresAt,
      status: "open",
      paymentStatus: "unpaid",
      currency: currency ?? "eur",
      lineItems: items,
      successURL: form.string("success_url"),
      cancelURL: form.string("cancel_url"),
      clientReferenceID: clientReferenceID,
      metadata: metadata,
      paymentIntentMetadata: intentMetadata,
      paymentIntentID: nil,
      url: "\(self.baseURL)/checkout/stripe/\(id)"
    )
    self.checkoutSessions[id] = session
    return StripeObjects.checkoutSession(session)
  }

  func checkoutSessionRecord(_ id: String) -> StripeRecords.CheckoutSession? {
    self.checkoutSessions[id]
  }

  func checkoutSession(_ id: String) throws -> JSONValue {
    StripeObjects.checkoutSession(try self.existingSession(id))
  }

  func expireCheckoutSession(_ id: String) throws -> JSONValue {
    var session = try self.existingSession(id)
    guard session.status == "open" else {
      throw MockAPIError.invalid(
        "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"\(session.status)\".",
        param: "session")
    }
    session.status = "expired"
    self.checkoutSessions[id] = session
    var events: [StripeEventItem] = [(type: "checkout.session.expired", object: StripeObjects.checkoutSession(session))]
    if let intentID = session.paymentIntentID, var intent = self.paymentIntents[intentID],
      intent.status == "requires_payment_method"
    {
      intent.status = "canceled"
      intent.canceledAt = self.now
      self.paymentIntents[intentID] = intent
      events.append((type: "payment_intent.canceled", object: StripeObjects.paymentIntent(intent)))
    }
    self.emitStripeEvents(events)
    return StripeObjects.checkoutSession(session)
  }

  /// The customer pays on the checkout page: `paid`, `failed` (the session stays open for another
  /// try), `processing` (an async method: settled later) or `expired`.
  func payCheckoutSession(_ id: String, outcome: String) throws -> JSONValue {
    var session = try self.existingSession(id)
    guard ["paid", "failed", "processing", "expired"].contains(outcome) else {
      throw MockAPIError.invalid("outcome must be paid, failed, processing or expired for Stripe.", param: "outcome")
    }
    if outcome == "expired" { return try self.expireCheckoutSession(id) }
    guard session.status == "open" else {
      throw MockAPIError(status: 409, code: "checkout_session_not_open", message: "This Checkout Session is \(session.status); it can no longer be paid.")
    }
    let created = self.now
    var intent: StripeRecords.PaymentIntent
    if let intentID = session.paymentIntentID, let existing = self.paymentIntents[intentID] {
      intent = existing
    } else {
      intent = StripeRecords.PaymentIntent(
        id: Self.randomID("pi_"),
        created: created,
        amount: session.amountTotal,
        currency: session.currency,
        status: "requires_payment_method",
        metadata: session.paymentIntentMetadata,
        checkoutSessionID: session.id
      )
      session.paymentIntentID = intent.id
    }
    var charge = StripeRecords.Charge(
      id: Self.randomID("ch_"),
      created: created,
      amount: intent.amount,
      currency: intent.currency,
      paymentIntentID: intent.id,
      status: "pending"
    )
    intent.latestChargeID = charge.id
    var events: [StripeEventItem] = []
    switch outcome {
    case "paid":
      charge.status = "succeeded"
      intent.status = "succeeded"
      intent.amountReceived = intent.amount
      intent.lastPaymentError = nil
      session.status = "complete"
      session.paymentStatus = "paid"
      events = [
        (type: "checkout.session.completed", object: StripeObjects.checkoutSession(session)),
        (type: "payment_intent.succeeded", object: StripeObjects.paymentIntent(intent)),
      ]
    case "processing":
      intent.status = "processing"
      intent.lastPaymentError = nil
      session.status = "complete"
      session.paymentStatus = "unpaid"
      events = [
        (type: "checkout.session.completed", object: StripeObjects.checkoutSession(session)),
        (type: "payment_intent.processing", object: StripeObjects.paymentIntent(intent)),
      ]
    default:  // failed
      let message = "Your card was declined."
      charge.status = "failed"
      charge.failureMessage = message
      intent.status = "requires_payment_method"
      intent.lastPaymentError = message
      events = [(type: "payment_intent.payment_failed", object: StripeObjects.paymentIntent(intent))]
    }
    self.checkoutSessions[session.id] = session
    self.paymentIntents[intent.id] = intent
    self.charges[charge.id] = charge
    self.emitStripeEvents(events)
    return StripeObjects.checkoutSession(session)
  }

  // MARK: - PaymentIntents and charges

  func paymentIntent(_ id: String) throws -> JSONValue {
    guard let intent = self.paymentIntents[id] else { throw MockAPIError.stripeMissing("payment_intent", id) }
    return StripeObjects.paymentIntent(intent)
  }

  func charge(_ id: String) throws -> JSONValue {
    guard let charge = self.charges[id] else { throw MockAPIError.stripeMissing("charge", id) }
    return self.render(charge)
  }

  /// An async payment (`processing`) settles: `succeeded` or `failed`.
  func settlePaymentIntent(_ id: String, outcome: String) throws -> JSONValue {
    guard var intent = self.paymentIntents[id] else { throw MockAPIError.stripeMissing("payment_intent", id) }
    guard intent.status == "processing" else {
      throw MockAPIError(status: 409, message: "PaymentIntent \(id) is \(intent.status), not processing.")
    }
    guard let chargeID = intent.latestChargeID, var charge = self.charges[chargeID],
      var session = self.checkoutSessions[intent.checkoutSessionID]
    else {
      throw MockAPIError(status: 500, type: "api_error", message: "PaymentIntent \(id) has no charge or session.")
    }
    var events: [StripeEventItem] = []
    switch outcome {
    case "succeeded", "paid":
      charge.status = "succeeded"
      intent.status = "succeeded"
      intent.amountReceived = intent.amount
      session.paymentStatus = "paid"
      events = [
        (type: "checkout.session.async_payment_succeeded", object: StripeObjects.checkoutSession(session)),
        (type: "payment_intent.succeeded", object: StripeObjects.paymentIntent(intent)),
      ]
    case "failed":
      let message = "The payment failed."
      charge.status = "failed"
      charge.failureMessage = message
      intent.status = "requires_payment_method"
      intent.lastPaymentError = message
      events = [
        (type: "checkout.session.async_payment_failed", object: StripeObjects.checkoutSession(session)),
        (type: "payment_intent.payment_failed", object: StripeObjects.paymentIntent(intent)),
      ]
    default:
      throw MockAPIError.invalid("outcome must be succeeded or failed.", param: "outcome")
    }
    self.paymentIntents[id] = intent
    self.charges[chargeID] = charge
    self.checkoutSessions[session.id] = session
    self.emitStripeEvents(events)
    return StripeObjects.paymentIntent(intent)
  }

  /// The customer disputes a succeeded payment: `charge.dispute.created`, then (`won` or `lost`)
  /// `charge.dispute.closed`.
  func disputePaymentIntent(_ id: String, outcome: String) throws -> JSONValue {
    guard ["won", "lost"].contains(outcome) else {
      throw MockAPIError.invalid("outcome must be won or lost.", param: "outcome")
    }
    var charge = try self.succeededCharge(of: id)
    guard !charge.disputed else { throw MockAPIError(status: 409, message: "Charge \(charge.id) is already disputed.") }
    charge.disputed = true
    self.charges[charge.id] = charge
    var dispute = StripeRecords.Dispute(
      id: Self.randomID("dp_"),
      created: self.now,
      amount: charge.amount,
      currency: charge.currency,
      chargeID: charge.id,
      paymentIntentID: id,
      status: "needs_response"
    )
    var events: [StripeEventItem] = [(type: "charge.dispute.created", object: StripeObjects.dispute(dispute))]
    dispute.status = outcome
    events.append((type: "charge.dispute.closed", object: StripeObjects.dispute(dispute)))
    self.disputes[dispute.id] = dispute
    self.emitStripeEvents(events)
    return StripeObjects.dispute(dispute)
  }

  // MARK: - Refunds

  func createRefund(_ form: FormFields, request: StripeRecords.RequestInfo) throws -> JSONValue {
    try StripeValidation.rejectUnknown(form, allowed: StripeValidation.refundParameters)
    var intentID = form.string("payment_intent")
    if intentID == nil, let chargeID = form.string("charge") {
      guard let charge = self.charges[chargeID] else { throw MockAPIError.stripeMissing("charge", chargeID) }
      intentID = charge.paymentIntentID
    }
    guard let intentID else { throw MockAPIError.missing("payment_intent") }
    guard self.paymentIntents[intentID] != nil else {
      var error = MockAPIError.stripeMissing("payment_intent", intentID)
      error.param = "payment_intent"
      throw error
    }
    var charge = try self.succeededCharge(of: intentID)
    guard !charge.disputed else {
      throw MockAPIError.invalid(
        "Charge \(charge.id) has been charged back; cannot issue a refund.", param: "payment_intent", code: "charge_disputed")
    }
    let remaining = charge.amount - charge.amountRefunded
    let amount: Int
    if let text = form.string("amount") {
      guard let value = Int(text), value > 0 else {
        throw MockAPIError.invalid("Invalid positive integer", param: "amount")
      }
      guard value <= remaining else {
        throw MockAPIError.invalid(
          "Refund amount (\(value)) is greater than unrefunded amount on charge (\(remaining))",
          param: "amount", code: "amount_too_large")
      }
      amount = value
    } else {
      guard remaining > 0 else {
        throw MockAPIError.invalid(
          "Charge \(charge.id) has already been refunded.", param: "payment_intent", code: "charge_already_refunded")
      }
      amount = remaining
    }
    let reason = form.string("reason")
    if let reason, !["duplicate", "fraudulent", "requested_by_customer"].contains(reason) {
      throw MockAPIError.invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", param: "reason")
    }
    let metadata = try StripeValidation.metadata(form.dictionary("metadata"), param: "metadata")
    let status = self.takeRefundStatus(for: .stripe) ?? "succeeded"
    let refund = StripeRecords.Refund(
      id: Self.randomID("re_"),
      created: self.now,
      amount: amount,
      currency: charge.currency,
      chargeID: charge.id,
      paymentIntentID: intentID,
      status: status,
      metadata: metadata,
      reason: reason
    )
    if status != "failed" { charge.amountRefunded += amount }
    charge.refundIDs.append(refund.id)
    self.charges[charge.id] = charge
    self.stripeRefunds[refund.id] = refund
    var events: [StripeEventItem] = []
    if status == "succeeded" { events.append((type: "charge.refunded", object: self.render(charge))) }
    events.append((type: "refund.created", object: StripeObjects.refund(refund)))
    self.emitStripeEvents(events, request: request)
    return StripeObjects.refund(refund)
  }

  func refund(_ id: String) throws -> JSONValue {
    guard let refund = self.stripeRefunds[id] else { throw MockAPIError.stripeMissing("refund", id) }
    return StripeObjects.refund(refund)
  }

  /// A `pending` refund completes: `succeeded` or `failed` (the amount becomes refundable again).
  func settleRefund(_ id: String, outcome: String) throws -> JSONValue {
    guard var refund = self.stripeRefunds[id] else { throw MockAPIError.stripeMissing("refund", id) }
    guard refund.status == "pending" else {
      throw MockAPIError(status: 409, message: "Refund \(id) is \(refund.status), not pending.")
    }
    guard var charge = self.charges[refund.chargeID] else { throw MockAPIError.stripeMissing("charge", refund.chargeID) }
    var events: [StripeEventItem] = []
    switch outcome {
    case "succeeded":
      refund.status = "succeeded"
      self.stripeRefunds[id] = refund
      events = [
        (type: "refund.updated", object: StripeObjects.refund(refund)),
        (type: "charge.refunded", object: self.render(charge)),
      ]
    case "failed":
      refund.status = "failed"
      charge.amountRefunded = max(0, charge.amountRefunded - refund.amount)
      self.stripeRefunds[id] = refund
      self.charges[charge.id] = charge
      events = [(type: "refund.updated", object: StripeObjects.refund(refund))]
    default:
      throw MockAPIError.invalid("outcome must be succeeded or failed.", param: "outcome")
    }
    self.emitStripeEvents(events)
    return StripeObjects.refund(refund)
  }

  // MARK: - Events

  func event(_ id: String) throws -> JSONValue {
    guard let event = self.stripeEvents[id] else { throw MockAPIError.stripeMissing("event", id) }
    return event
  }

  /// Sends an event of `type` about the object `objectID` (any Stripe id the mock knows) again.
  func resendEvent(type: String, objectID: String) throws -> JSONValue {
    let object: JSONValue
    if let session = self.checkoutSessions[objectID] {
      object = StripeObjects.checkoutSession(session)
    } else if let intent = self.paymentIntents[objectID] {
      object = StripeObjects.paymentIntent(intent)
    } else if let charge = self.charges[objectID] {
      object = self.render(charge)
    } else if let refund = self.stripeRefunds[objectID] {
      object = StripeObjects.refund(refund)
    } else if let dispute = self.disputes[objectID] {
      object = StripeObjects.dispute(dispute)
    } else {
      throw MockAPIError(status: 404, code: "resource_missing", message: "No such object: '\(objectID)'", param: "object_id")
    }
    let events = self.emitStripeEvents([(type: type, object: object)])
    return events.first ?? .null
  }

  // MARK: - Helpers

  private func existingSession(_ id: String) throws -> StripeRecords.CheckoutSession {
    guard let session = self.checkoutSessions[id] else { throw MockAPIError.stripeMissing("checkout.session", id) }
    return session
  }

  private func succeededCharge(of intentID: String) throws -> StripeRecords.Charge {
    guard let intent = self.paymentIntents[intentID] else { throw MockAPIError.stripeMissing("payment_intent", intentID) }
    guard intent.status == "succeeded", let chargeID = intent.latestChargeID, let charge = self.charges[chargeID] else {
      throw MockAPIError.invalid(
        "This PaymentIntent (\(intentID)) does not have a successful charge to refund.",
        param: "payment_intent", code: "charge_not_refundable")
    }
    return charge
  }

  private func render(_ charge: StripeRecords.Charge) -> JSONValue {
    StripeObjects.charge(charge, refunds: charge.refundIDs.compactMap { self.stripeRefunds[$0] })
  }
}
