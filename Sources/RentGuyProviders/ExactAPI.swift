import Foundation
import NIOHTTP1
public import RentGuyRules

/// The Exact Online calls RentGuy makes (REST/OData v2 under `/api/v1/{division}`): accounts
/// (customers) and sales entries (invoices, credit notes), JSON both ways. Every call first
/// checks the ``ExactErrorBudget`` and waits for the ``ProviderRateLimiter``; the `X-RateLimit-*`
/// headers of every answer update the limiter, and a 429 pauses it before the (retryable) error
/// is thrown. A 401 (``ProviderError/isUnauthorized``) means the access token expired or was
/// replaced: refresh it (``ExactOAuth/refresh(refreshToken:)``), then ``withAccessToken(_:)`` and
/// try once more.
public struct ExactAPI: Sendable {
  var http: ProviderHTTP
  /// The division (administration) the calls work in.
  public let division: Int
  public let limiter: ProviderRateLimiter
  public let errorBudget: ExactErrorBudget

  /// Exact's limits per app and company: 60 requests a minute and 5,000 a day.
  public static let rateWindows = [RateWindow(limit: 60, per: .seconds(60)), RateWindow(limit: 5000, per: .seconds(86_400))]

  /// - Parameters:
  ///   - http: base URL "https://start.exactonline.nl" (or the provider mock's) and the access
  ///     token as the key; provider "exact".
  ///   - limiter: shared by every client of the same app and user, over ``rateWindows``.
  ///   - errorBudget: shared likewise.
  public init(http: ProviderHTTP, division: Int, limiter: ProviderRateLimiter, errorBudget: ExactErrorBudget) {
    self.http = http
    self.division = division
    self.limiter = limiter
    self.errorBudget = errorBudget
  }

  /// The same API with another access token (after a refresh).
  public func withAccessToken(_ accessToken: String) -> ExactAPI {
    var copy = self
    copy.http.apiKey = accessToken
    return copy
  }

  /// The user the token belongs to and their current division (a cheap call that proves the
  /// token works; needs no division).
  public func me() async throws(ProviderError) -> Me {
    let path = ProviderHTTP.path("/api/v1/current/Me", query: [("$select", "CurrentDivision,FullName")])
    guard let object = try await self.call(.GET, endpoint: "current/Me", path), let me = Self.results(object).first else {
      throw ProviderError(provider: self.http.provider, httpStatus: 200, message: "the answer names no current division", retryable: false)
    }
    return Me(me)
  }

  /// The current division of the token's user.
  public func currentDivision() async throws(ProviderError) -> Int {
    try await self.me().currentDivision
  }

  /// The account (customer) with `code`; nil when there is none.
  public func account(code: String) async throws(ProviderError) -> Account? {
    try await self.accounts(filter: "Code eq \(Self.literal(code))").first
  }

  /// The first account with e-mail address `email`; nil when there is none.
  public func account(email: String) async throws(ProviderError) -> Account? {
    try await self.accounts(filter: "Email eq \(Self.literal(email))").first
  }

  /// Creates a customer account (`Status` "C").
  public func createAccount(code: String, name: String, email: String) async throws(ProviderError) -> Account {
    let body = JSONText.object([("Code", .string(code)), ("Name", .string(name)), ("Email", .string(email)), ("Status", .string("C"))])
    let object = try await self.call(.POST, endpoint: "crm/Accounts", self.path("/crm/Accounts"), body: body)
    guard let object, let account = Self.results(object).first else { throw self.malformed("an account") }
    return Account(account)
  }

  /// The sales entry whose `YourRef` is `yourRef` (RentGuy's invoice number); nil when there is none.
  public func salesEntry(yourRef: String) async throws(ProviderError) -> SalesEntry? {
    let path = ProviderHTTP.path(
      self.path("/salesentry/SalesEntries"),
      query: [("$filter", "YourRef eq \(Self.literal(yourRef))"), ("$select", "EntryID,EntryNumber,YourRef,AmountDC,VATAmountDC,Type")]
    )
    guard let object = try await self.call(.GET, endpoint: "salesentry/SalesEntries", path) else { return nil }
    return Self.results(object).map(SalesEntry.init).first { $0.yourRef == yourRef }
  }

  /// The sales entry `id` (a GUID); nil when Exact no longer has it.
  public func salesEntry(id: String) async throws(ProviderError) -> SalesEntry? {
    let path = self.path("/salesentry/SalesEntries(guid'\(FormEncoding.escape(id))')")
    guard let object = try await self.call(.GET, endpoint: "salesentry/SalesEntries", path, nilOnNotFound: true) else { return nil }
    return Self.results(object).first.map(SalesEntry.init)
  }

  /// Creates a sales entry: an invoice (type 20) or a credit note (type 21, negative amounts).
  public func createSalesEntry(_ entry: NewSalesEntry) async throws(ProviderError) -> SalesEntry {
    let object = try await self.call(.POST, endpoint: "salesentry/SalesEntries", self.path("/salesentry/SalesEntries"), body: entry.json)
    guard let object, let created = Self.results(object).first else { throw self.malformed("a sales entry") }
    return SalesEntry(created)
  }

  /// An OData string literal: `'…'` with every `'` doubled (percent-encoding comes with the query).
  static func literal(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }

  private func accounts(filter: String) async throws(ProviderError) -> [Account] {
    let path = ProviderHTTP.path(self.path("/crm/Accounts"), query: [("$filter", filter), ("$select", "ID,Code,Name,Email")])
    guard let object = try await self.call(.GET, endpoint: "crm/Accounts", path) else { return [] }
    return Self.results(object).map(Account.init)
  }

  /// `/api/v1/{division}` + `tail`.
  private func path(_ tail: String) -> String {
    "/api/v1/\(self.division)" + tail
  }

  /// Checks the error budget, waits for the limiter, sends and reads the rate-limit headers.
  /// The JSON object of a 2xx answer; nil on 404 when `nilOnNotFound`; otherwise throws (an error
  /// answer other than 401 and 429 counts against the endpoint's budget; a 429 pauses the limiter).
  private func call(
    _ method: HTTPMethod, endpoint: String, _ path: String, body: JSONText? = nil, nilOnNotFound: Bool = false
  ) async throws(ProviderError) -> [String: Any]? {
    try await self.errorBudget.check(endpoint)
    do {
      try await self.limiter.acquire()
    } catch {
      throw ProviderError(provider: self.http.provider, httpStatus: nil, message: "cancelled while waiting for the rate limit", retryable: true)
    }
    let answer = try await self.http.perform(method, path, body: body?.bytes, contentType: body == nil ? nil : "application/json")
    let minutelyReset = await self.observe(answer)
    if answer.succeeded {
      guard let object = answer.json as? [String: Any] else {
        throw ProviderError(provider: self.http.provider, httpStatus: answer.status, message: "the answer is not a JSON object", retryable: true)
      }
      return object
    }
    if answer.status != 401, answer.status != 429 { await self.errorBudget.record(endpoint) }
    if answer.status == 404, nilOnNotFound { return nil }
    var error = self.http.failure(answer, errorMessage: Self.message)
    if answer.status == 429 {
      let wait = error.retryAfter ?? minutelyReset ?? .seconds(60)
      await self.limiter.pause(for: wait)
      error.retryAfter = wait
    }
    throw error
  }

  /// Reads `X-RateLimit-Minutely-*` (window 0) and `X-RateLimit-*` (the day, window 1) into the
  /// limiter; how long until the minutely reset, when given.
  private func observe(_ answer: ProviderHTTP.Answer) async -> Duration? {
    let minutelyReset = Self.instant(answer.header("X-RateLimit-Minutely-Reset"))
    if let remaining = answer.header("X-RateLimit-Minutely-Remaining").flatMap({ Int($0) }), let minutelyReset {
      await self.limiter.observe(remaining: remaining, resetAt: minutelyReset, window: 0)
    }
    if let remaining = answer.header("X-RateLimit-Remaining").flatMap({ Int($0) }),
      let dailyReset = Self.instant(answer.header("X-RateLimit-Reset"))
    {
      await self.limiter.observe(remaining: remaining, resetAt: dailyReset, window: 1)
    }
    guard let minutelyReset else { return nil }
    let seconds = min(max(minutelyReset.timeIntervalSinceNow, 0), 120)
    return Duration.milliseconds(Int64((seconds * 1000).rounded())) + .seconds(1)
  }

  /// An instant written in Unix milliseconds.
  static func instant(_ text: String?) -> Date? {
    guard let text, let milliseconds = Int64(text) else { return nil }
    return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  private func malformed(_ expected: String) -> ProviderError {
    ProviderError(provider: self.http.provider, httpStatus: nil, message: "the answer holds no \(expected)", retryable: false)
  }

  /// OData's `{"d": {"results": […]}}` as its results, and `{"d": {…}}` as that one object.
  static func results(_ object: [String: Any]) -> [[String: Any]] {
    if let list = object["d"] as? [[String: Any]] { return list }
    guard let wrapper = object["d"] as? [String: Any] else { return [] }
    if let results = wrapper["results"] as? [[String: Any]] { return results }
    return [wrapper]
  }

  /// Exact's error: `{"error": {"message": {"value": "…"}}}`.
  static func message(_ object: [String: Any]) -> String? {
    let error = object["error"] as? [String: Any]
    if let message = error?["message"] as? [String: Any], let value = message["value"] as? String { return value }
    if let message = error?["message"] as? String { return message }
    return object["error"] as? String
  }
}
