import Foundation
import NIOHTTP1
public import RentGuyRules

/// The Moneybird calls RentGuy makes (https://developer.moneybird.com): contacts, sales invoices
/// and their payments in one administration, JSON both ways under `/api/v2`. Every call first
/// waits for the ``ProviderRateLimiter``; the rate-limit headers of every answer update it, and a
/// 429 pauses it for `Retry-After` before the (retryable) error is thrown.
public struct MoneybirdAPI: Sendable {
  let http: ProviderHTTP
  /// The administration every call but ``administrations()`` works in.
  public let administrationID: String
  public let limiter: ProviderRateLimiter

  /// Moneybird's limit: 150 requests per 5 minutes per token.
  public static let rateWindows = [RateWindow(limit: 150, per: .seconds(300))]

  /// - Parameters:
  ///   - http: base URL "https://moneybird.com" (or the provider mock's) and the API token;
  ///     provider "moneybird".
  ///   - limiter: shared by every client of the same token, over ``rateWindows``.
  public init(http: ProviderHTTP, administrationID: String, limiter: ProviderRateLimiter) {
    self.http = http
    self.administrationID = administrationID
    self.limiter = limiter
  }

  /// The administrations the token may use (a cheap call that proves the token works).
  public func administrations() async throws(ProviderError) -> [Administration] {
    try await self.list("/api/v2/administrations.json").map(Administration.init)
  }

  /// The contact with customer number `customerNumber` (Moneybird's `customer_id`); nil when there
  /// is none.
  public func contact(customerNumber: String) async throws(ProviderError) -> Contact? {
    try await self.objectUnlessNotFound(self.path("/contacts/customer_id/\(FormEncoding.escape(customerNumber)).json")).map(Contact.init)
  }

  /// The first contact whose e-mail address is `email` (any case); nil when there is none.
  public func findContact(email: String) async throws(ProviderError) -> Contact? {
    let wanted = email.trimmingCharacters(in: .whitespaces).lowercased()
    guard !wanted.isEmpty else { return nil }
    let found = try await self.list(ProviderHTTP.path(self.path("/contacts.json"), query: [("query", wanted)]))
    return found.map(Contact.init).first { $0.email.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
  }

  /// Creates a contact (422 when its customer number is taken).
  public func createContact(_ contact: NewContact) async throws(ProviderError) -> Contact {
    Contact(try await self.object(.POST, self.path("/contacts.json"), body: .object([("contact", contact.json)])))
  }

  /// The sales invoice with `reference` exactly, in any state; nil when there is none.
  public func salesInvoice(reference: String) async throws(ProviderError) -> SalesInvoice? {
    let path = ProviderHTTP.path(self.path("/sales_invoices.json"), query: [("filter", "state:all,reference:\(reference)")])
    return try await self.list(path).map(SalesInvoice.init).first { $0.reference == reference }
  }

  /// The sales invoice `id`; nil when Moneybird no longer has it.
  public func salesInvoice(id: String) async throws(ProviderError) -> SalesInvoice? {
    try await self.objectUnlessNotFound(self.path("/sales_invoices/\(FormEncoding.escape(id)).json")).map(SalesInvoice.init)
  }

  /// Creates a sales invoice (a credit note: negative prices).
  public func createSalesInvoice(_ invoice: NewSalesInvoice) async throws(ProviderError) -> SalesInvoice {
    SalesInvoice(try await self.object(.POST, self.path("/sales_invoices.json"), body: .object([("sales_invoice", invoice.json)])))
  }

  /// Registers a payment on sales invoice `invoiceID`. False when the invoice already has a
  /// payment with the same transaction identifier (Moneybird's 422 about
  /// `transaction_identifier`): a retry after a crash.
  @discardableResult
  public func registerPayment(invoiceID: String, _ payment: NewPayment) async throws(ProviderError) -> Bool {
    let answer = try await self.request(
      .POST, self.path("/sales_invoices/\(FormEncoding.escape(invoiceID))/payments.json"), body: .object([("payment", payment.json)])
    )
    if answer.succeeded { return true }
    if answer.status == 422, answer.text.contains("transaction_identifier") { return false }
    throw self.http.failure(answer, errorMessage: Self.message)
  }

  /// The administration's tax rates.
  public func taxRates() async throws(ProviderError) -> [TaxRate] {
    try await self.list(self.path("/tax_rates.json")).map(TaxRate.init)
  }

  /// The administration's ledger accounts.
  public func ledgerAccounts() async throws(ProviderError) -> [LedgerAccount] {
    try await self.list(self.path("/ledger_accounts.json")).map(LedgerAccount.init)
  }

  /// `/api/v2/{administration}` + `tail`.
  private func path(_ tail: String) -> String {
    "/api/v2/\(FormEncoding.escape(self.administrationID))" + tail
  }

  /// A JSON object from a 2xx answer.
  private func object(_ method: HTTPMethod, _ path: String, body: JSONText? = nil) async throws(ProviderError) -> [String: Any] {
    let answer = try await self.request(method, path, body: body)
    guard answer.succeeded else { throw self.http.failure(answer, errorMessage: Self.message) }
    guard let object = answer.json as? [String: Any] else { throw self.malformed(answer, "a JSON object") }
    return object
  }

  /// A JSON object from a 2xx answer; nil on 404.
  private func objectUnlessNotFound(_ path: String) async throws(ProviderError) -> [String: Any]? {
    let answer = try await self.request(.GET, path)
    if answer.status == 404 { return nil }
    guard answer.succeeded else { throw self.http.failure(answer, errorMessage: Self.message) }
    guard let object = answer.json as? [String: Any] else { throw self.malformed(answer, "a JSON object") }
    return object
  }

  /// A JSON array of objects from a 2xx answer.
  private func list(_ path: String) async throws(ProviderError) -> [[String: Any]] {
    let answer = try await self.request(.GET, path)
    guard answer.succeeded else { throw self.http.failure(answer, errorMessage: Self.message) }
    guard let items = answer.json as? [Any] else { throw self.malformed(answer, "a JSON array") }
    return items.compactMap { $0 as? [String: Any] }
  }

  /// Waits for the limiter, sends, reads the rate-limit headers; throws (after pausing the
  /// limiter) on 429 and when there was no answer, returns any other answer.
  private func request(_ method: HTTPMethod, _ path: String, body: JSONText? = nil) async throws(ProviderError) -> ProviderHTTP.Answer {
    do {
      try await self.limiter.acquire()
    } catch {
      throw ProviderError(provider: self.http.provider, httpStatus: nil, message: "cancelled while waiting for the rate limit", retryable: true)
    }
    let answer = try await self.http.perform(method, path, body: body?.bytes, contentType: body == nil ? nil : "application/json")
    let resetIn = Self.seconds(answer.header("RateLimit-Reset"))
    if let remaining = answer.header("RateLimit-Remaining").flatMap({ Int($0) }), let resetIn {
      await self.limiter.observe(remaining: remaining, resetIn: resetIn, window: 0)
    }
    if answer.status == 429 {
      var error = self.http.failure(answer, errorMessage: Self.message)
      let wait = error.retryAfter ?? resetIn ?? .seconds(60)
      await self.limiter.pause(for: wait)
      error.retryAfter = wait
      throw error
    }
    return answer
  }

  /// `RateLimit-Reset`: seconds from now (at most a day).
  static func seconds(_ text: String?) -> Duration? {
    guard let text, let seconds = Double(text), seconds.isFinite else { return nil }
    return Duration.seconds(min(max(seconds, 0), 86_400))
  }

  private func malformed(_ answer: ProviderHTTP.Answer, _ expected: String) -> ProviderError {
    ProviderError(provider: self.http.provider, httpStatus: answer.status, message: "the answer is not \(expected)", retryable: true)
  }

  /// Moneybird's error: `{"error": "record not found"}` or `{"error": {"customer_id": ["is already taken"]}}`.
  static func message(_ object: [String: Any]) -> String? {
    if let text = object["error"] as? String { return text }
    guard let fields = object["error"] as? [String: Any], !fields.isEmpty else { return nil }
    return fields.keys.sorted().map { key in
      let messages = fields[key] as? [String] ?? (fields[key] as? String).map { [$0] } ?? []
      return messages.isEmpty ? key : "\(key) \(messages.joined(separator: ", "))"
    }.joined(separator: "; ")
  }
}
