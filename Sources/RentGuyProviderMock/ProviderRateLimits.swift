import Foundation

/// The rate limits of Moneybird and Exact Online as the mock enforces them:
///
/// - Moneybird: 150 requests per 5 minutes per token (a fixed window from the token's first
///   request); over it 429 `{"error":"Too many requests"}` with `Retry-After` (seconds); every
///   answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds).
/// - Exact: 60 requests a minute and 5,000 a day per app (client id; UTC-aligned windows); over
///   either 429; every API answer carries `X-RateLimit-Limit`/`-Remaining`/`-Reset` (the day) and
///   `X-RateLimit-Minutely-Limit`/`-Remaining`/`-Reset` (resets in epoch milliseconds). Error
///   answers (4xx/5xx but 401 and 429) are counted per app and endpoint; the 10th within an hour
///   blocks the endpoint for an hour (403 `blocked: too many errors`).
///
/// `POST /mock/ratelimits` switches them off and on and resizes them (without headers while off).
actor ProviderRateLimits {
  /// One provider's limits.
  struct Settings: Sendable, Equatable {
    var enabled: Bool
    /// Requests per window (Moneybird's 5 minutes, Exact's minute).
    var perWindow: Int
    var windowSeconds: Int
    /// Exact: requests a day.
    var perDay: Int
    /// Exact: whether endpoints are blocked after too many errors.
    var errorBlock: Bool
    /// Exact: the errors within an hour that block an endpoint.
    var errorsPerHour: Int
    /// Exact: how long a block lasts.
    var blockSeconds: Int
  }

  /// A change through the control API; nil fields stay as they are.
  struct Change: Sendable {
    var enabled: Bool? = nil
    var perWindow: Int? = nil
    var windowSeconds: Int? = nil
    var perDay: Int? = nil
    var errorBlock: Bool? = nil
    var errorsPerHour: Int? = nil
    var blockSeconds: Int? = nil
  }

  private let moneybirdDefaults: Settings
  private let exactDefaults: Settings
  private var moneybird: Settings
  private var exact: Settings
  private var moneybirdWindows: [String: RateLimitWindow] = [:]
  private var exactMinutely: [String: RateLimitWindow] = [:]
  private var exactDaily: [String: RateLimitWindow] = [:]
  private var exactErrors: [ProviderAdmission.Counter: [Date]] = [:]
  private var exactBlockedUntil: [ProviderAdmission.Counter: Date] = [:]

  init(configuration: ProviderMockConfiguration) {
    let moneybird = Settings(
      enabled: configuration.moneybirdRateLimitEnabled, perWindow: 150, windowSeconds: 300, perDay: 0,
      errorBlock: false, errorsPerHour: 0, blockSeconds: 0)
    let exact = Settings(
      enabled: configuration.exactRateLimitEnabled, perWindow: 60, windowSeconds: 60, perDay: 5000,
      errorBlock: configuration.exactRateLimitEnabled, errorsPerHour: 10, blockSeconds: 3600)
    self.moneybirdDefaults = moneybird
    self.exactDefaults = exact
    self.moneybird = moneybird
    self.exact = exact
  }

  // MARK: - Admission

  /// Moneybird: counts the request against `principal`'s (the token's) window, or refuses it.
  func admitMoneybird(principal: String) -> ProviderAdmission.Ticket {
    let settings = self.moneybird
    guard settings.enabled else { return .allowed }
    let now = Date()
    var window =
      self.moneybirdWindows[principal]
      ?? RateLimitWindow(limit: settings.perWindow, seconds: settings.windowSeconds, aligned: false, now: now)
    let admitted = window.take(at: now)
    self.moneybirdWindows[principal] = window
    let reset = window.secondsUntilReset(at: now)
    var headers = [
      "RateLimit-Limit": String(window.limit),
      "RateLimit-Remaining": String(window.remaining),
      "RateLimit-Reset": String(reset),
    ]
    guard admitted else {
      headers["Retry-After"] = String(max(1, reset))
      return ProviderAdmission.Ticket(refusal: MockAPIError(status: 429, message: "Too many requests"), headers: headers, counter: nil)
    }
    return ProviderAdmission.Ticket(refusal: nil, headers: headers, counter: nil)
  }

  /// Exact: refuses a request to a blocked `endpoint` (403) or over `principal`'s (the app's)
  /// minutely or daily limit (429); otherwise counts it.
  func admitExact(principal: String, endpoint: String) -> ProviderAdmission.Ticket {
    let settings = self.exact
    let now = Date()
    let counter = ProviderAdmission.Counter(principal: principal, endpoint: endpoint)
    var minute: RateLimitWindow?
    var day: RateLimitWindow?
    if settings.enabled {
      var minutely =
        self.exactMinutely[principal]
        ?? RateLimitWindow(limit: settings.perWindow, seconds: settings.windowSeconds, aligned: true, now: now)
      var daily =
        self.exactDaily[principal] ?? RateLimitWindow(limit: settings.perDay, seconds: 86_400, aligned: true, now: now)
      minutely.roll(at: now)
      daily.roll(at: now)
      minute = minutely
      day = daily
    }
    if settings.errorBlock, let until = self.exactBlockedUntil[counter] {
      if until > now {
        return ProviderAdmission.Ticket(
          refusal: MockAPIError(status: 403, message: "blocked: too many errors"), headers: Self.exactHeaders(minute, day), counter: nil)
      }
      self.exactBlockedUntil[counter] = nil
    }
    if var minutely = minute, var daily = day {
      let exhausted = minutely.isExhausted || daily.isExhausted
      if !exhausted {
        minutely.count()
        daily.count()
      }
      self.exactMinutely[principal] = minutely
      self.exactDaily[principal] = daily
      guard !exhausted else {
        return ProviderAdmission.Ticket(
          refusal: MockAPIError(status: 429, message: "Too many requests: the API limit of this app was reached."),
          headers: Self.exactHeaders(minutely, daily), counter: nil)
      }
      minute = minutely
      day = daily
    }
    return ProviderAdmission.Ticket(refusal: nil, headers: Self.exactHeaders(minute, day), counter: settings.errorBlock ? counter : nil)
  }

  /// Exact: counts an error answer (4xx/5xx but 401 and 429); the `errorsPerHour`th within an
  /// hour blocks the endpoint for `blockSeconds`.
  func recordExactAnswer(_ counter: ProviderAdmission.Counter, status: Int) {
    guard self.exact.errorBlock, status >= 400, status != 401, status != 429 else { return }
    let now = Date()
    let since = now.addingTimeInterval(-3600)
    var errors = (self.exactErrors[counter] ?? []).filter { $0 > since }
    errors.append(now)
    if errors.count >= self.exact.errorsPerHour {
      self.exactBlockedUntil[counter] = now.addingTimeInterval(TimeInterval(self.exact.blockSeconds))
      errors.removeAll()
    }
    self.exactErrors[counter] = errors.isEmpty ? nil : errors
  }

  // MARK: - Control

  /// Applies `change` to `provider`'s limits and restarts its counters (and Exact's blocks).
  /// `enabled` also switches Exact's error block, unless the change sets `errorBlock` itself.
  func configure(_ provider: MockProvider, _ change: Change) {
    switch provider {
    case .moneybird:
      var settings = self.moneybird
      if let enabled = change.enabled { settings.enabled = enabled }
      if let perWindow = change.perWindow { settings.perWindow = perWindow }
      if let windowSeconds = change.windowSeconds { settings.windowSeconds = windowSeconds }
      self.moneybird = settings
      self.moneybirdWindows.removeAll()
    case .exact:
      var settings = self.exact
      if let enabled = change.enabled {
        settings.enabled = enabled
        settings.errorBlock = enabled
      }
      if let errorBlock = change.errorBlock { settings.errorBlock = errorBlock }
      if let perWindow = change.perWindow { settings.perWindow = perWindow }
      if let windowSeconds = change.windowSeconds { settings.windowSeconds = windowSeconds }
      if let perDay = change.perDay { settings.perDay = perDay }
      if let errorsPerHour = change.errorsPerHour { settings.errorsPerHour = errorsPerHour }
      if let blockSeconds = change.blockSeconds { settings.blockSeconds = blockSeconds }
      self.exact = settings
      self.clearExactCounters()
    case .stripe, .mollie:
      break
    }
  }

  /// The configured limits again, every counter and block cleared.
  func reset() {
    self.moneybird = self.moneybirdDefaults
    self.exact = self.exactDefaults
    self.moneybirdWindows.removeAll()
    self.clearExactCounters()
  }

  /// The limits and the blocked Exact endpoints, for `GET /mock/ratelimits`.
  func snapshot(exactAccessTokenSeconds: Int) -> JSONValue {
    let now = Date()
    let blocked = self.exactBlockedUntil
      .filter { $0.value > now }
      .sorted { ($0.key.principal, $0.key.endpoint) < ($1.key.principal, $1.key.endpoint) }
      .map { entry -> JSONValue in
        [
          "client_id": .string(entry.key.principal),
          "endpoint": .string(entry.key.endpoint),
          "until": .string(entry.value.ISO8601Format()),
        ]
      }
    return [
      "moneybird": [
        "enabled": .bool(self.moneybird.enabled),
        "per_window": .int(self.moneybird.perWindow),
        "window_seconds": .int(self.moneybird.windowSeconds),
      ],
      "exact": [
        "enabled": .bool(self.exact.enabled),
        "per_window": .int(self.exact.perWindow),
        "window_seconds": .int(self.exact.windowSeconds),
        "per_day": .int(self.exact.perDay),
        "error_block": .bool(self.exact.errorBlock),
        "errors_per_hour": .int(self.exact.errorsPerHour),
        "block_seconds": .int(self.exact.blockSeconds),
        "access_token_seconds": .int(exactAccessTokenSeconds),
        "blocked": .array(blocked),
      ],
    ]
  }

  // MARK: - Helpers

  private func clearExactCounters() {
    self.exactMinutely.removeAll()
    self.exactDaily.removeAll()
    self.exactErrors.removeAll()
    self.exactBlockedUntil.removeAll()
  }

  private static func exactHeaders(_ minute: RateLimitWindow?, _ day: RateLimitWindow?) -> [String: String] {
    guard let minute, let day else { return [:] }
    return [
      "X-RateLimit-Limit": String(day.limit),
      "X-RateLimit-Remaining": String(day.remaining),
      "X-RateLimit-Reset": String(day.resetAtMilliseconds),
      "X-RateLimit-Minutely-Limit": String(minute.limit),
      "X-RateLimit-Minutely-Remaining": String(minute.remaining),
      "X-RateLimit-Minutely-Reset": String(minute.resetAtMilliseconds),
    ]
  }
}
