import Foundation

/// One fixed window of a rate limit: at most `limit` requests from `start` until `resetAt`, then a
/// fresh window. An aligned window starts at a whole multiple of its length since 1970 (UTC
/// minutes and days, like Exact's resets); another starts with the first request after the last
/// window ended (Moneybird's per-token window).
struct RateLimitWindow: Sendable {
  let limit: Int
  let length: TimeInterval
  let aligned: Bool
  private(set) var start: Date
  private(set) var used = 0

  init(limit: Int, seconds: Int, aligned: Bool, now: Date) {
    let length = TimeInterval(max(1, seconds))
    self.limit = max(1, limit)
    self.length = length
    self.aligned = aligned
    self.start = Self.start(of: now, length: length, aligned: aligned)
  }

  /// When the window ends and the count starts again.
  var resetAt: Date { self.start.addingTimeInterval(self.length) }

  /// `resetAt` in Unix milliseconds.
  var resetAtMilliseconds: Int64 { Int64((self.resetAt.timeIntervalSince1970 * 1000).rounded()) }

  /// Requests left in this window.
  var remaining: Int { max(0, self.limit - self.used) }

  var isExhausted: Bool { self.used >= self.limit }

  /// Starts a fresh window when this one is over (or the clock went back).
  mutating func roll(at now: Date) {
    guard now >= self.resetAt || now < self.start else { return }
    self.start = Self.start(of: now, length: self.length, aligned: self.aligned)
    self.used = 0
  }

  /// Counts one request if it fits (after rolling); false when the window is exhausted.
  mutating func take(at now: Date) -> Bool {
    self.roll(at: now)
    guard !self.isExhausted else { return false }
    self.used += 1
    return true
  }

  /// Counts one request without checking (the caller checked every window first).
  mutating func count() {
    self.used += 1
  }

  /// Whole seconds until `resetAt`, rounded up.
  func secondsUntilReset(at now: Date) -> Int {
    max(0, Int(self.resetAt.timeIntervalSince(now).rounded(.up)))
  }

  private static func start(of now: Date, length: TimeInterval, aligned: Bool) -> Date {
    guard aligned else { return now }
    return Date(timeIntervalSince1970: (now.timeIntervalSince1970 / length).rounded(.down) * length)
  }
}
