/// One of a provider's rate limits: at most `limit` requests in any period of length `per`
/// (Moneybird: 150 per 5 minutes; Exact Online: 60 per minute and 5,000 per day).
public struct RateWindow: Sendable, Hashable, CustomStringConvertible {
  /// The most requests in one period.
  public var limit: Int
  /// The length of the period.
  public var per: Duration

  public init(limit: Int, per: Duration) {
    self.limit = limit
    self.per = per
  }

  public var description: String { "\(self.limit) per \(self.per)" }
}
