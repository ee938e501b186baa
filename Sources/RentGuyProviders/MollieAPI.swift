public import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The Mollie calls RentGuy makes (payments, their refunds): JSON both ways, each create with an
/// `Idempotency-Key`.
public struct MollieAPI: Sendable {
  let http: ProviderHTTP

  /// - Parameters:
  ///   - baseURL: "https://api.mollie.com", or the provider mock's.
  ///   - apiKey: `test_…` / `live_…`.
  public init(baseURL: String, apiKey: String, timeout: Duration = .seconds(15), client: HTTPClient) {
    self.http = ProviderHTTP(provider: "mollie", baseURL: baseURL, apiKey: apiKey, timeout: timeout, client: client)
  }

  /// A payment as far as RentGuy reads it.
  public struct Payment: Sendable, Equatable {
    public var id: String
    /// open, pending, authorized, paid, canceled, expired, failed.
    public var status: String
    public var checkoutURL: String
    public var method: String
    public var amountRefundedMinor: Int64
    public var amountChargedBackMinor: Int64
    public var metadata: [String: String]
    /// ISO 8601.
    public var expiresAt: String

    init(_ object: [String: Any]) {
      self.id = object["id"] as? String ?? ""
      self.status = object["status"] as? String ?? ""
      let links = object["_links"] as? [String: Any]
      self.checkoutURL = (links?["checkout"] as? [String: Any])?["href"] as? String ?? ""
      self.method = object["method"] as? String ?? ""
      self.amountRefundedMinor = MollieAPI.minor(object["amountRefunded"]) ?? 0
      self.amountChargedBackMinor = MollieAPI.minor(object["amountChargedBack"]) ?? 0
      self.metadata = object["metadata"] as? [String: String] ?? [:]
      self.expiresAt = object["expiresAt"] as? String ?? ""
    }
  }

  public struct Refund: Sendable, Equatable {
    public var id: String
    /// queued, pending, processing, refunded, failed, canceled.
    public var status: String
    public var amountMinor: Int64

    init(_ object: [String: Any]) {
      self.id = object["id"] as? String ?? ""
      self.status = object["status"] as? String ?? ""
      self.amountMinor = MollieAPI.minor(object["amount"]) ?? 0
    }
  }

  public func createPayment(
    amountMinor: Int64, currency: String, description: String, redirectURL: String, webhookURL: String?, paymentID: String, bookingID: String
  ) async throws(ProviderError) -> Payment {
    var body: [String: Any] = [
      "amount": ["currency": currency.uppercased(), "value": DecimalAmount.string(minor: amountMinor)],
      "description": description,
      "redirectUrl": redirectURL,
      "metadata": ["payment_id": paymentID, "booking_id": bookingID],
    ]
    if let webhookURL { body["webhookUrl"] = webhookURL }
    return Payment(try await self.send(.POST, "/v2/payments", body, idempotencyKey: paymentID))
  }

  public func payment(_ id: String) async throws(ProviderError) -> Payment {
    Payment(try await self.send(.GET, "/v2/payments/\(FormEncoding.escape(id))"))
  }

  /// Cancels an open payment (Mollie refuses with 422 when it is not cancelable).
  public func cancelPayment(_ id: String) async throws(ProviderError) -> Payment {
    Payment(try await self.send(.DELETE, "/v2/payments/\(FormEncoding.escape(id))"))
  }

  public func createRefund(paymentID: String, amountMinor: Int64, currency: String, refundID: String, reason: String) async throws(ProviderError) -> Refund {
    let body: [String: Any] = [
      "amount": ["currency": currency.uppercased(), "value": DecimalAmount.string(minor: amountMinor)],
      "description": reason.isEmpty ? "Refund \(refundID)" : String(reason.prefix(140)),
      "metadata": ["refund_id": refundID],
    ]
    return Refund(try await self.send(.POST, "/v2/payments/\(FormEncoding.escape(paymentID))/refunds", body, idempotencyKey: refundID))
  }

  public func refund(paymentID: String, refundID: String) async throws(ProviderError) -> Refund {
    Refund(try await self.send(.GET, "/v2/payments/\(FormEncoding.escape(paymentID))/refunds/\(FormEncoding.escape(refundID))"))
  }

  private func send(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil, idempotencyKey: String? = nil) async throws(ProviderError)
    -> [String: Any]
  {
    let bytes = body.flatMap { try? JSONSerialization.data(withJSONObject: $0) }.map { [UInt8]($0) }
    return try await self.http.send(
      method, path, body: bytes, contentType: bytes == nil ? nil : "application/json", idempotencyKey: idempotencyKey,
      errorMessage: { object in
        guard let detail = object["detail"] as? String else { return nil }
        guard let field = object["field"] as? String else { return detail }
        return "\(detail) (field \(field))"
      }
    )
  }

  static func minor(_ value: Any?) -> Int64? {
    ((value as? [String: Any])?["value"] as? String).flatMap(DecimalAmount.minor)
  }
}
