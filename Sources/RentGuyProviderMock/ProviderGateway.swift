import Foundation
import Hummingbird

/// A provider API request as the route handlers see it, after the gateway let it through.
struct APIRequest: Sendable {
  var method: String
  var path: String
  var body: Data
  var idempotencyKey: String?
  /// Stripe's `req_…` (also sent as `Request-Id`).
  var requestID: String
}

/// What a provider route handler answers: a status, the provider's JSON and any headers of its
/// own (Exact's OAuth redirect: `Location`).
struct APIAnswer: Sendable {
  var status: Int
  var body: JSONValue
  var headers: [String: String] = [:]

  init(_ body: JSONValue, status: Int = 200) {
    self.status = status
    self.body = body
  }
}

/// What every provider API request goes through before and after its handler, the way the
/// provider behaves: body size limit, API key check, Moneybird's and Exact's admission (access
/// tokens, rate limits, error blocks: ``ProviderAdmission``), simulated faults (`X-RentGuy-Simulate`
/// or armed through `/mock/faults`), `Idempotency-Key` replay, errors in the provider's format, and
/// the request log.
struct ProviderGateway: Sendable {
  let provider: MockProvider
  let faults: FaultInjector
  let log: RequestLog
  let idempotency: IdempotencyCache
  let timeoutDelay: Duration
  let maximumBodySize: Int
  /// Moneybird's and Exact's side of a request (tokens, rate limits, error blocks); nil: none.
  var admission: ProviderAdmission? = nil
  /// False for endpoints called without a bearer token (Exact's OAuth endpoints).
  var requiresToken = true

  /// Handles `request` with `operation`, which throws ``MockAPIError`` to refuse it.
  func handle(
    _ request: Request,
    _ operation: @escaping @Sendable (APIRequest) async throws -> APIAnswer
  ) async -> Response {
    let method = request.method.rawValue
    let path = request.uri.path
    let requestID = MockState.randomID("req_", length: 14)
    let idempotencyKey = MockHTTP.header(request, "idempotency-key")
    var entry = RequestLog.Entry(
      provider: self.provider, method: method, path: path, idempotencyKey: idempotencyKey,
      status: 0, replayed: false, fault: nil, time: Date()
    )

    guard let body = await MockHTTP.body(request, limit: self.maximumBodySize) else {
      let stored = self.errorResponse(MockAPIError(status: 413, message: "The request body is too large."), requestID: requestID)
      return await self.finish(stored, entry: entry)
    }
    let token = Self.bearerToken(MockHTTP.header(request, "authorization"))
    var ticket: ProviderAdmission.Ticket?
    if self.requiresToken {
      if let problem = self.authenticationProblem(token) {
        return await self.finish(self.errorResponse(problem, requestID: requestID), entry: entry)
      }
      if let admission = self.admission, let token {
        let verdict = await admission.admit(provider: self.provider, token: token, path: path)
        if let refusal = verdict.refusal {
          return await self.finish(self.errorResponse(refusal, requestID: requestID, headers: verdict.headers), entry: entry)
        }
        ticket = verdict
      }
    }

    let simulated = MockHTTP.header(request, "x-rentguy-simulate").flatMap { SimulatedFault(name: $0) }
    var fault = simulated
    if fault == nil { fault = await self.faults.take(for: self.provider) }
    if let fault {
      entry.fault = fault.name
      return await self.finish(await self.faultResponse(fault, requestID: requestID), entry: entry, ticket: ticket)
    }

    let api = APIRequest(method: method, path: path, body: body, idempotencyKey: idempotencyKey, requestID: requestID)
    guard let key = idempotencyKey, method == "POST" || method == "DELETE" else {
      return await self.finish(await self.run(operation, api), entry: entry, ticket: ticket)
    }
    guard key.count <= 255 else {
      let error = MockAPIError.invalid("Idempotency-Key must be at most 255 characters.", param: "Idempotency-Key")
      return await self.finish(self.errorResponse(error, requestID: requestID), entry: entry, ticket: ticket)
    }
    let fingerprint = IdempotencyCache.fingerprint(method: method, path: path, body: body)
    switch await self.idempotency.begin(provider: self.provider, key: key, fingerprint: fingerprint) {
    case .replay(var stored):
      stored.headers["Idempotent-Replayed"] = "true"
      entry.replayed = true
      return await self.finish(stored, entry: entry, ticket: ticket)
    case .mismatch:
      return await self.finish(self.errorResponse(self.mismatchError(key), requestID: requestID), entry: entry, ticket: ticket)
    case .inFlight:
      let error = MockAPIError(
        status: 409, type: "idempotency_error",
        message: "There is currently another in-progress request using this Idempotency-Key ('\(key)'); retry later.")
      return await self.finish(self.errorResponse(error, requestID: requestID), entry: entry, ticket: ticket)
    case .proceed:
      let stored = await self.run(operation, api)
      await self.idempotency.finish(provider: self.provider, key: key, response: stored.status < 500 ? stored : nil)
      return await self.finish(stored, entry: entry, ticket: ticket)
    }
  }

  private func run(_ operation: @Sendable (APIRequest) async throws -> APIAnswer, _ request: APIRequest) async -> StoredResponse {
    do {
      let answer = try await operation(request)
      var stored = self.success(answer, requestID: request.requestID)
      if self.provider == .stripe, let key = request.idempotencyKey { stored.headers["Idempotency-Key"] = key }
      return stored
    } catch let error as MockAPIError {
      return self.errorResponse(error, requestID: request.requestID)
    } catch {
      return self.errorResponse(
        MockAPIError(status: 500, type: "api_error", message: "The provider mock failed: \(error)"), requestID: request.requestID)
    }
  }

  /// Logs and sends `stored`, with the ticket's rate-limit headers (and its status counted).
  private func finish(_ stored: StoredResponse, entry: RequestLog.Entry, ticket: ProviderAdmission.Ticket? = nil) async -> Response {
    var stored = stored
    if let ticket, let admission = self.admission {
      stored.headers.merge(ticket.headers) { _, new in new }
      await admission.finish(ticket, status: stored.status)
    }
    var entry = entry
    entry.status = stored.status
    await self.log.append(entry)
    return MockHTTP.response(status: stored.status, body: stored.body, contentType: stored.contentType, headers: stored.headers)
  }

  // MARK: - Provider specifics

  private var contentType: String {
    self.provider == .mollie ? "application/hal+json" : "application/json"
  }

  private func success(_ answer: APIAnswer, requestID: String) -> StoredResponse {
    var headers = self.baseHeaders(requestID)
    headers.merge(answer.headers) { _, new in new }
    return StoredResponse(status: answer.status, body: answer.body.encoded(), contentType: self.contentType, headers: headers)
  }

  private func baseHeaders(_ requestID: String) -> [String: String] {
    self.provider == .stripe ? ["Request-Id": requestID, "Stripe-Version": StripeObjects.apiVersion] : [:]
  }

  func errorResponse(_ error: MockAPIError, requestID: String, headers: [String: String] = [:]) -> StoredResponse {
    let body: JSONValue
    switch self.provider {
    case .stripe: body = StripeObjects.error(error)
    case .mollie: body = MollieObjects.error(error)
    case .moneybird:
      // `{"error":"record not found"}`, or a validation error `{"error":{"field":["message"]}}`.
      if let field = error.param {
        body = ["error": .object([field: .array([.string(error.message)])])]
      } else {
        body = ["error": .string(error.message)]
      }
    case .exact: body = ["error": ["message": ["lang": "", "value": .string(error.message)]]]
    }
    var allHeaders = self.baseHeaders(requestID)
    allHeaders.merge(headers) { _, new in new }
    return StoredResponse(status: error.status, body: body.encoded(), contentType: self.contentType, headers: allHeaders)
  }

  /// The token of `Authorization: Bearer <token>`; nil when there is none.
  static func bearerToken(_ authorization: String?) -> String? {
    authorization.flatMap { value in
      let parts = value.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
      let token = parts[1].trimmingCharacters(in: .whitespaces)
      return token.isEmpty ? nil : token
    }
  }

  /// A key (`Bearer sk_test_…` for Stripe, `Bearer test_…`/`access_…` for Mollie, any bearer token
  /// for Moneybird and Exact, whose admission checks it further); nil when fine.
  private func authenticationProblem(_ token: String?) -> MockAPIError? {
    switch self.provider {
    case .stripe:
      guard let token else {
        return MockAPIError(
          status: 401,
          message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
      }
      guard token.hasPrefix("sk_test_") || token.hasPrefix("rk_test_") else {
        return MockAPIError(status: 401, code: "api_key_invalid", message: "Invalid API Key provided: \(Self.redacted(token))")
      }
      return nil
    case .mollie:
      guard let token, token.hasPrefix("test_") || token.hasPrefix("access_") else {
        return MockAPIError(status: 401, message: "Missing authentication, or failed to authenticate")
      }
      return nil
    case .moneybird, .exact:
      return token == nil ? MockAPIError(status: 401, message: "Missing or invalid access token") : nil
    }
  }

  private func mismatchError(_ key: String) -> MockAPIError {
    switch self.provider {
    case .stripe:
      MockAPIError(
        status: 400, type: "idempotency_error",
        message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '\(key)' if you meant to execute a different request.")
    default:
      MockAPIError.unprocessable("The Idempotency-Key '\(key)' was already used for a different request.")
    }
  }

  private func faultResponse(_ fault: SimulatedFault, requestID: String) async -> StoredResponse {
    switch fault {
    case .rateLimit(let retryAfter):
      let message =
        self.provider == .stripe
        ? "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits."
        : "You're making too many requests. Please slow down and try again later."
      let error = MockAPIError(status: 429, code: self.provider == .stripe ? "rate_limit" : nil, message: message)
      return self.errorResponse(error, requestID: requestID, headers: ["Retry-After": String(retryAfter)])
    case .serverError:
      let error = MockAPIError(status: 500, type: "api_error", message: "An unknown error occurred (simulated by the provider mock).")
      return self.errorResponse(error, requestID: requestID)
    case .timeout:
      try? await Task.sleep(for: self.timeoutDelay)
      let error = MockAPIError(status: 504, type: "api_error", message: "The request timed out (simulated by the provider mock).")
      return self.errorResponse(error, requestID: requestID)
    }
  }

  private static func redacted(_ token: String) -> String {
    guard token.count > 12 else { return "****" }
    return String(token.prefix(8)) + String(repeating: "*", count: 10) + String(token.suffix(4))
  }
}
