import Foundation

/// Mollie: payments, refunds and chargebacks.
extension MockState {
  /// Mollie keeps metadata up to 1 KB.
  static let mollieMetadataLimit = 1024

  func createPayment(_ body: JSONValue) throws -> JSONValue {
    guard let fields = body.objectValue else {
      throw MockAPIError(status: 400, message: "The request body must be a JSON object.")
    }
    let (amount, currency) = try Self.mollieAmount(fields["amount"], field: "amount")
    guard amount >= 1 else { throw MockAPIError.unprocessable("The amount is lower than the minimum.", field: "amount") }
    guard let description = fields["description"]?.stringValue, !description.isEmpty, description.count <= 255 else {
      throw MockAPIError.unprocessable("The description is invalid.", field: "description")
    }
    guard let redirectURL = fields["redirectUrl"]?.stringValue, Self.isHTTPURL(redirectURL) else {
      throw MockAPIError.unprocessable("The redirect URL is invalid.", field: "redirectUrl")
    }
    var webhookURL: String?
    if let value = fields["webhookUrl"], !value.isNull {
      guard let text = value.stringValue, text.isEmpty || Self.isHTTPURL(text) else {
        throw MockAPIError.unprocessable("The webhook URL is invalid.", field: "webhookUrl")
      }
      webhookURL = text.isEmpty ? nil : text
    }
    let metadata = fields["metadata"] ?? .null
    guard metadata.encoded().count <= Self.mollieMetadataLimit else {
      throw MockAPIError.unprocessable("The metadata is too large (at most 1024 bytes).", field: "metadata")
    }
    let now = Date()
    let payment = MollieRecords.Payment(
      id: Self.randomID("tr_", length: 10),
      createdAt: now,
      expiresAt: now.addingTimeInterval(15 * 60),
      amount: amount,
      currency: currency,
      description: description,
      redirectURL: redirectURL,
      webhookURL: webhookURL,
      metadata: metadata,
      status: "open"
    )
    self.molliePayments[payment.id] = payment
    return MollieObjects.payment(payment, baseURL: self.baseURL)
  }

  func molliePaymentRecord(_ id: String) -> MollieRecords.Payment? {
    self.molliePayments[id]
  }

  func payment(_ id: String) throws -> JSONValue {
    MollieObjects.payment(try self.existingPayment(id), baseURL: self.baseURL)
  }

  /// `DELETE /v2/payments/{id}`: cancels an open (or authorized) payment.
  func cancelPayment(_ id: String) throws -> JSONValue {
    var payment = try self.existingPayment(id)
    guard payment.isCancelable else {
      throw MockAPIError.unprocessable("The payment cannot be canceled (status \(payment.status)).")
    }
    payment.status = "canceled"
    payment.canceledAt = Date()
    self.molliePayments[id] = payment
    self.notifyMollie(payment, reason: "canceled")
    return MollieObjects.payment(payment, baseURL: self.baseURL)
  }

  /// The customer acts on the checkout page (`allowedFrom: ["open"]`), or a test settles a pending
  /// or authorized payment: `paid`, `failed`, `processing`/`pending`, `authorized`, `canceled`, `expired`.
  func applyPaymentOutcome(_ id: String, outcome: String, allowedFrom: Set<String>) throws -> JSONValue {
    var payment = try self.existingPayment(id)
    guard allowedFrom.contains(payment.status) else {
      throw MockAPIError(status: 409, message: "Payment \(id) is \(payment.status); expected one of \(allowedFrom.sorted().joined(separator: ", ")).")
    }
    let now = Date()
    switch outcome {
    case "paid":
      payment.status = "paid"
      payment.paidAt = now
      payment.method = payment.method ?? "ideal"
    case "failed":
      payment.status = "failed"
      payment.failedAt = now
      payment.method = payment.method ?? "ideal"
    case "processing", "pending":
      payment.status = "pending"
      payment.method = payment.method ?? "banktransfer"
    case "authorized":
      payment.status = "authorized"
      payment.authorizedAt = now
      payment.method = payment.method ?? "klarnapaylater"
    case "canceled":
      payment.status = "canceled"
      payment.canceledAt = now
    case "expired":
      payment.status = "expired"
      payment.expiredAt = now
    default:
      throw MockAPIError.invalid("outcome must be paid, failed, processing, authorized, canceled or expired for Mollie.", param: "outcome")
    }
    self.molliePayments[id] = payment
    // Mollie calls the webhook on every status change except to open/pending.
    if payment.status != "pending" { self.notifyMollie(payment, reason: payment.status) }
    return MollieObjects.payment(payment, baseURL: self.baseURL)
  }

  /// A chargeback on a paid payment (`amount` "10.00", default: all that was not refunded).
  func chargeBack(_ id: String, amount: String?) throws -> JSONValue {
    var payment = try self.existingPayment(id)
    guard payment.status == "paid" else {
      throw MockAPIError(status: 409, message: "Payment \(id) is \(payment.status); only paid payments can be charged back.")
    }
    var cents = payment.amountRemaining
    if let amount {
      guard let value = MollieObjects.parseValue(amount), value > 0, value <= payment.amountRemaining else {
        throw MockAPIError.unprocessable("The chargeback amount is invalid.", field: "amount")
      }
      cents = value
    }
    guard cents > 0 else { throw MockAPIError(status: 409, message: "Nothing left to charge back on \(id).") }
    payment.amountChargedBack += cents
    payment.chargebackIDs.append(Self.randomID("chb_", length: 10))
    self.molliePayments[id] = payment
    self.notifyMollie(payment, reason: "chargeback")
    return MollieObjects.payment(payment, baseURL: self.baseURL)
  }

  // MARK: - Refunds

  func createMollieRefund(paymentID: String, body: JSONValue) throws -> JSONValue {
    var payment = try self.existingPayment(paymentID)
    guard let fields = body.objectValue else {
      throw MockAPIError(status: 400, message: "The request body must be a JSON object.")
    }
    guard payment.status == "paid" else {
      throw MockAPIError.unprocessable("The payment is not refundable (status \(payment.status)).")
    }
    let (amount, currency) = try Self.mollieAmount(fields["amount"], field: "amount")
    guard currency == payment.currency else {
      throw MockAPIError.unprocessable("The currency does not match the payment's currency.", field: "amount.currency")
    }
    guard amount >= 1, amount <= payment.amountRemaining else {
      throw MockAPIError.unprocessable(
        "The amount is higher than the remaining refundable amount of \(MollieObjects.format(payment.amountRemaining)) \(payment.currency).",
        field: "amount")
    }
    var description = ""
    if let value = fields["description"], !value.isNull {
      guard let text = value.stringValue, text.count <= 255 else {
        throw MockAPIError.unprocessable("The description is invalid.", field: "description")
      }
      description = text
    }
    let metadata = fields["metadata"] ?? .null
    guard metadata.encoded().count <= Self.mollieMetadataLimit else {
      throw MockAPIError.unprocessable("The metadata is too large (at most 1024 bytes).", field: "metadata")
    }
    let status = self.takeRefundStatus(for: .mollie) ?? "refunded"
    let refund = MollieRecords.Refund(
      id: Self.randomID("re_", length: 10),
      paymentID: paymentID,
      createdAt: Date(),
      amount: amount,
      currency: currency,
      description: description,
      metadata: metadata,
      status: status
    )
    if status != "failed" { payment.amountRefunded += amount }
    payment.refundIDs.append(refund.id)
    self.molliePayments[paymentID] = payment
    self.mollieRefunds[refund.id] = refund
    self.notifyMollie(payment, reason: "refund \(refund.id) \(status)")
    return MollieObjects.refund(refund, baseURL: self.baseURL)
  }

  func mollieRefund(paymentID: String, refundID: String) throws -> JSONValue {
    _ = try self.existingPayment(paymentID)
    guard let refund = self.mollieRefunds[refundID], refund.paymentID == paymentID else {
      throw MockAPIError.mollieMissing("refund", refundID)
    }
    return MollieObjects.refund(refund, baseURL: self.baseURL)
  }

  func mollieRefunds(paymentID: String) throws -> JSONValue {
    let payment = try self.existingPayment(paymentID)
    let refunds = payment.refundIDs.compactMap { self.mollieRefunds[$0] }
    return MollieObjects.refundList(refunds, paymentID: paymentID, baseURL: self.baseURL)
  }

  /// A `pending` or `queued` refund completes: `refunded` or `failed` (refundable again).
  func settleMollieRefund(paymentID: String, refundID: String, outcome: String) throws -> JSONValue {
    var payment = try self.existingPayment(paymentID)
    guard var refund = self.mollieRefunds[refundID], refund.paymentID == paymentID else {
      throw MockAPIError.mollieMissing("refund", refundID)
    }
    guard ["pending", "queued", "processing"].contains(refund.status) else {
      throw MockAPIError(status: 409, message: "Refund \(refundID) is \(refund.status), not pending.")
    }
    switch outcome {
    case "refunded":
      refund.status = "refunded"
    case "failed":
      refund.status = "failed"
      payment.amountRefunded = max(0, payment.amountRefunded - refund.amount)
    default:
      throw MockAPIError.invalid("outcome must be refunded or failed.", param: "outcome")
    }
    self.mollieRefunds[refundID] = refund
    self.molliePayments[paymentID] = payment
    self.notifyMollie(payment, reason: "refund \(refundID) \(refund.status)")
    return MollieObjects.refund(refund, baseURL: self.baseURL)
  }

  // MARK: - Helpers

  private func existingPayment(_ id: String) throws -> MollieRecords.Payment {
    guard let payment = self.molliePayments[id] else { throw MockAPIError.mollieMissing("payment", id) }
    return payment
  }

  /// `{"currency":"EUR","value":"10.00"}` → (1000, "EUR"), or 422 naming the bad field.
  private static func mollieAmount(_ value: JSONValue?, field: String) throws -> (Int, String) {
    guard let object = value?.objectValue else {
      throw MockAPIError.unprocessable("The amount is required.", field: field)
    }
    guard let currency = object["currency"]?.stringValue, currency.count == 3,
      currency.allSatisfy({ $0.isASCII && $0.isUppercase })
    else {
      throw MockAPIError.unprocessable("The amount currency is invalid.", field: "\(field).currency")
    }
    guard let text = object["value"]?.stringValue, let cents = MollieObjects.parseValue(text) else {
      throw MockAPIError.unprocessable(
        "The amount contains an invalid value: use a string with exactly two decimals, like \"10.00\".",
        field: "\(field).value")
    }
    return (cents, currency)
  }

  private static func isHTTPURL(_ text: String) -> Bool {
    guard text.count <= 2048, let components = URLComponents(string: text),
      let scheme = components.scheme?.lowercased(), let host = components.host
    else { return false }
    return (scheme == "http" || scheme == "https") && !host.isEmpty
  }
}
