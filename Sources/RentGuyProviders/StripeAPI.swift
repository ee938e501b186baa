public import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The Stripe calls RentGuy makes (Checkout Sessions in payment mode, PaymentIntents, refunds):
/// form-encoded POSTs, each with an `Idempotency-Key`, JSON answers.
public struct StripeAPI: Sendable {
  let http: ProviderHTTP

  /// - Parameters:
  ///   - baseURL: "https://api.stripe.com", or the provider mock's.
  ///   - secretKey: `sk_test_…` / `sk_live_…`.
  public init(baseURL: String, secretKey: String, timeout: Duration = .seconds(15), client: HTTPClient) {
    self.http = ProviderHTTP(provider: "stripe", baseURL: baseURL, apiKey: secretKey, timeout: timeout, client: client)
  }

  /// A Checkout Session as far as RentGuy reads it.
  public struct CheckoutSession: Sendable, Equatable {
    public var id: String
    public var url: String
    /// open, complete, expired.
    public var status: String
    /// paid, unpaid, no_payment_required.
    public var paymentStatus: String
    public var paymentIntentID: String?
    /// Unix seconds.
    public var expiresAt: Int64?

    init(_ object: [String: Any]) {
      self.id = object["id"] as? String ?? ""
      self.url = object["url"] as? String ?? ""
      self.status = object["status"] as? String ?? ""
      self.paymentStatus = object["payment_status"] as? String ?? ""
      self.paymentIntentID = StripeAPI.reference(object["payment_intent"])
      self.expiresAt = (object["expires_at"] as? NSNumber)?.int64Value
    }
  }

  public struct PaymentIntent: Sendable, Equatable {
    public var id: String
    /// requires_payment_method, requires_confirmation, requires_action, processing,
    /// requires_capture, canceled, succeeded.
    public var status: String
    public var metadata: [String: String]
    public var failureMessage: String
    public var paymentMethodType: String

    init(_ object: [String: Any]) {
      self.id = object["id"] as? String ?? ""
      self.status = object["status"] as? String ?? ""
      self.metadata = object["metadata"] as? [String: String] ?? [:]
      self.failureMessage = (object["last_payment_error"] as? [String: Any])?["message"] as? String ?? ""
      self.paymentMethodType = (object["payment_method_types"] as? [String])?.first ?? ""
    }
  }

  public struct Refund: Sendable, Equatable {
    public var id: String
    /// pending, requires_action, succeeded, failed, canceled.
    public var status: String
    public var amount: Int64
    public var failureReason: String

    init(_ object: [String: Any]) {
      self.id = object["id"] as? String ?? ""
      self.status = object["status"] as? String ?? ""
      self.amount = (object["amount"] as? NSNumber)?.int64Value ?? 0
      self.failureReason = object["failure_reason"] as? String ?? ""
    }
  }

  /// What a checkout is for.
  public struct CheckoutRequest: Sendable {
    public var amountMinor: Int64
    /// ISO 4217, any case (sent in lower case).
    public var currency: String
    public var description: String
    public var successURL: String
    public var cancelURL: String
    /// RentGuy's payment id: `client_reference_id` and metadata on the session and its intent.
    public var paymentID: String
    public var bookingID: String

    public init(amountMinor: Int64, currency: String, description: String, successURL: String, cancelURL: String, paymentID: String, bookingID: String) {
      self.amountMinor = amountMinor
      self.currency = currency
      self.description = description
      self.successURL = successURL
      self.cancelURL = cancelURL
      self.paymentID = paymentID
      self.bookingID = bookingID
    }
  }

  public func createCheckoutSession(_ checkout: CheckoutRequest, idempotencyKey: String) async throws(ProviderError) -> CheckoutSession {
    let form: [(String, String)] = [
      ("mode", "payment"),
      ("line_items[0][quantity]", "1"),
      ("line_items[0][price_data][currency]", checkout.currency.lowercased()),
      ("line_items[0][price_data][unit_amount]", String(checkout.amountMinor)),
      ("line_items[0][price_data][product_data][name]", checkout.description),
      ("success_url", checkout.successURL),
      ("cancel_url", checkout.cancelURL),
      ("client_reference_id", checkout.paymentID),
      ("metadata[payment_id]", checkout.paymentID),
      ("metadata[booking_id]", checkout.bookingID),
      ("payment_intent_data[metadata][payment_id]", checkout.paymentID),
      ("payment_intent_data[metadata][booking_id]", checkout.bookingID),
      ("payment_intent_data[description]", checkout.description),
    ]
    return CheckoutSession(try await self.post("/v1/checkout/sessions", form, idempotencyKey: idempotencyKey))
  }

  public func checkoutSession(_ id: String) async throws(ProviderError) -> CheckoutSession {
    CheckoutSession(try await self.get("/v1/checkout/sessions/\(FormEncoding.escape(id))"))
  }

  /// Expires an open session (the customer can no longer pay it).
  public func expireCheckoutSession(_ id: String, idempotencyKey: String) async throws(ProviderError) -> CheckoutSession {
    CheckoutSession(try await self.post("/v1/checkout/sessions/\(FormEncoding.escape(id))/expire", [], idempotencyKey: idempotencyKey))
  }

  public func paymentIntent(_ id: String) async throws(ProviderError) -> PaymentIntent {
    PaymentIntent(try await self.get("/v1/payment_intents/\(FormEncoding.escape(id))"))
  }

  public func createRefund(paymentIntentID: String, amountMinor: Int64, refundID: String, reason: String) async throws(ProviderError) -> Refund {
    var form: [(String, String)] = [
      ("payment_intent", paymentIntentID), ("amount", String(amountMinor)), ("metadata[refund_id]", refundID),
    ]
    if !reason.isEmpty { form.append(("metadata[reason]", String(reason.prefix(400)))) }
    return Refund(try await self.post("/v1/refunds", form, idempotencyKey: refundID))
  }

  public func refund(_ id: String) async throws(ProviderError) -> Refund {
    Refund(try await self.get("/v1/refunds/\(FormEncoding.escape(id))"))
  }

  private func post(_ path: String, _ form: [(String, String)], idempotencyKey: String) async throws(ProviderError) -> [String: Any] {
    try await self.http.send(
      .POST, path, body: Array(FormEncoding.encode(form).utf8), contentType: "application/x-www-form-urlencoded",
      idempotencyKey: idempotencyKey, errorMessage: Self.message
    )
  }

  private func get(_ path: String) async throws(ProviderError) -> [String: Any] {
    try await self.http.send(.GET, path, errorMessage: Self.message)
  }

  static func message(_ object: [String: Any]) -> String? {
    (object["error"] as? [String: Any])?["message"] as? String
  }

  /// An expandable field: the id, or the object's id.
  static func reference(_ value: Any?) -> String? {
    if let id = value as? String { return id }
    return (value as? [String: Any])?["id"] as? String
  }
}
