import Foundation

/// Moneybird's and Exact Online's side of an API request before it runs (``ProviderGateway``
/// asks): whose token it is (Exact: a live OAuth access token, else 401), whether the endpoint is
/// blocked after too many errors (Exact: 403), whether it fits the rate limits (429), and the
/// rate-limit headers of the answer; afterwards, Exact's error answers are counted.
struct ProviderAdmission: Sendable {
  /// Whose error answers are counted, and where (Exact: the app's client id and the endpoint).
  struct Counter: Hashable, Sendable {
    var principal: String
    var endpoint: String
  }

  /// The verdict on one request.
  struct Ticket: Sendable {
    /// The error to answer instead of running the request; nil: let it through.
    var refusal: MockAPIError?
    /// Added to the answer (rate-limit headers, `Retry-After`).
    var headers: [String: String]
    /// Where the answer's status is counted (Exact's error block); nil: not counted.
    var counter: Counter?

    /// Through, no headers, not counted.
    static let allowed = Ticket(refusal: nil, headers: [:], counter: nil)
  }

  let state: MockState
  let limits: ProviderRateLimits

  /// The verdict on a request to `provider` with bearer `token` at `path`.
  func admit(provider: MockProvider, token: String, path: String) async -> Ticket {
    switch provider {
    case .moneybird:
      return await self.limits.admitMoneybird(principal: token)
    case .exact:
      guard let clientID = await self.state.exactClientID(accessToken: token) else {
        return Ticket(refusal: MockAPIError(status: 401, message: "The access token is unknown or has expired."), headers: [:], counter: nil)
      }
      return await self.limits.admitExact(principal: clientID, endpoint: Self.exactEndpoint(path))
    case .stripe, .mollie:
      return .allowed
    }
  }

  /// Counts the answer's `status` where the ticket says.
  func finish(_ ticket: Ticket, status: Int) async {
    guard let counter = ticket.counter else { return }
    await self.limits.recordExactAnswer(counter, status: status)
  }

  /// The endpoint an Exact path belongs to, as Exact counts errors: `/api/v1/123456/crm/Accounts`
  /// → `crm/Accounts`, `/api/v1/123456/salesentry/SalesEntries(guid'…')` →
  /// `salesentry/SalesEntries`, `/api/v1/current/Me` → `current/Me`.
  static func exactEndpoint(_ path: String) -> String {
    var segments = path.split(separator: "/").map(String.init)
    if segments.count >= 2, segments[0] == "api", segments[1] == "v1" { segments.removeFirst(2) }
    if let first = segments.first, first != "current" { segments.removeFirst() }
    if let last = segments.last, let parenthesis = last.firstIndex(of: "(") {
      segments[segments.count - 1] = String(last[..<parenthesis])
    }
    return segments.joined(separator: "/")
  }
}
