public import Foundation

/// Exact Online blocks an API key on an endpoint for an hour after 10 error answers there within
/// an hour. This counts the error answers per endpoint (any 4xx or 5xx except 401 and 429) and
/// stops before the block: from `stopAt` errors in the last hour, ``check(_:)`` refuses to send.
/// Share one budget between every client of the same app and user.
public actor ExactErrorBudget {
  /// The errors in a period after which no more requests go to the endpoint.
  public nonisolated let stopAt: Int
  /// The period counted (an hour).
  public nonisolated let period: Duration
  private let clock: @Sendable () -> Date
  private var errors: [String: [Date]] = [:]

  /// - Parameters:
  ///   - stopAt: Exact blocks at 10; 8 leaves room for requests already under way.
  ///   - now: the clock (tests pass their own).
  public init(stopAt: Int = 8, period: Duration = .seconds(3600), now: @escaping @Sendable () -> Date = { Date() }) {
    self.stopAt = max(1, stopAt)
    self.period = period
    self.clock = now
  }

  /// Throws a non-retryable ``ProviderError`` when `endpoint` has had ``stopAt`` errors in the last
  /// period, saying when it may be tried again.
  public func check(_ endpoint: String) throws(ProviderError) {
    let recent = self.recent(endpoint)
    guard recent.count >= self.stopAt, let oldest = recent.first else { return }
    let again = oldest.addingTimeInterval(self.seconds).ISO8601Format()
    throw ProviderError(
      provider: "exact", httpStatus: nil,
      message: "stopped after \(recent.count) errors in the last hour on \(endpoint): Exact blocks the key at 10; try again after \(again)",
      retryable: false
    )
  }

  /// Counts an error answer from `endpoint`.
  public func record(_ endpoint: String) {
    var recent = self.recent(endpoint)
    recent.append(self.clock())
    self.errors[endpoint] = recent
  }

  /// The errors from `endpoint` in the last period.
  public func errorCount(_ endpoint: String) -> Int {
    self.recent(endpoint).count
  }

  /// The period in seconds.
  private var seconds: TimeInterval {
    let (seconds, attoseconds) = self.period.components
    return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
  }

  /// The errors from `endpoint` within the period, oldest first.
  private func recent(_ endpoint: String) -> [Date] {
    let since = self.clock().addingTimeInterval(-self.seconds)
    return (self.errors[endpoint] ?? []).filter { $0 > since }
  }
}
