public import Foundation
public import RentGuyRules

/// Keeps one provider key's requests under its rate limits on our side, so that a 429 does not
/// happen in normal operation: ``acquire()`` waits until one more request fits every window (a
/// sliding log of send times, see ``RatePlan``), `Retry-After` pauses it, and the provider's own
/// rate-limit headers narrow it when they say fewer requests remain than the log allows.
///
/// Share one limiter between every client of the same key (Moneybird: one token; Exact Online:
/// one app and user).
public actor ProviderRateLimiter {
  /// The windows obeyed.
  public nonisolated let windows: [RateWindow]
  /// Requests held back in every window.
  public nonisolated let safetyMargin: Int
  /// When false, ``acquire()`` never waits (benchmarks against a mock with its limits off).
  public private(set) var enabled: Bool

  private var plan: RatePlan
  private let origin = ContinuousClock.now

  /// - Parameters:
  ///   - windows: e.g. ``MoneybirdAPI/rateWindows``, ``ExactAPI/rateWindows``.
  ///   - safetyMargin: requests held back in every window, for latencies and clocks that differ
  ///     from the provider's (1 of Moneybird's 150 per 5 minutes).
  ///   - enabled: false to never wait.
  public init(windows: [RateWindow], safetyMargin: Int = 1, enabled: Bool = true) {
    self.windows = windows
    self.safetyMargin = max(0, safetyMargin)
    self.enabled = enabled
    self.plan = RatePlan(windows: windows, margin: max(0, safetyMargin))
  }

  /// Turns waiting on or off.
  public func setEnabled(_ enabled: Bool) {
    self.enabled = enabled
  }

  /// Waits until one more request fits every window (and any pause is over) and counts it as
  /// sent. Throws only when the task is cancelled while waiting.
  public func acquire() async throws(CancellationError) {
    while self.enabled {
      let now = self.now
      let wait = self.plan.delay(at: now)
      if wait <= .zero {
        self.plan.record(at: now)
        return
      }
      do {
        try await Task.sleep(for: max(wait, .milliseconds(1)))
      } catch {
        throw CancellationError()
      }
    }
  }

  /// Sends nothing for `duration` (a 429's `Retry-After`).
  public func pause(for duration: Duration) {
    self.plan.pause(for: duration, at: self.now)
  }

  /// The provider said `remaining` requests are left in window `index` until `resetIn` from now
  /// (Moneybird's `RateLimit-Remaining` and `RateLimit-Reset`).
  public func observe(remaining: Int, resetIn: Duration, window index: Int) {
    self.plan.observe(remaining: remaining, resetIn: resetIn, window: index, at: self.now)
  }

  /// The provider said `remaining` requests are left in window `index` until `resetAt` (Exact's
  /// `X-RateLimit-Remaining` and `X-RateLimit-Reset`, epoch milliseconds). A second is added for
  /// the difference between the provider's clock and ours.
  public func observe(remaining: Int, resetAt: Date, window index: Int) {
    let seconds = min(max(resetAt.timeIntervalSinceNow, 0), 172_800)
    let resetIn = Duration.milliseconds(Int64((seconds * 1000).rounded())) + .seconds(1)
    self.plan.observe(remaining: remaining, resetIn: resetIn, window: index, at: self.now)
  }

  /// How many requests may go right now without waiting.
  public func available() -> Int {
    self.enabled ? self.plan.available(at: self.now) : Int.max
  }

  /// How long `calls` more requests take from now through this limiter, if nothing else uses it.
  public func plannedDuration(calls: Int) -> Duration {
    self.enabled ? self.plan.plannedDuration(calls: calls, at: self.now) : .zero
  }

  /// How long `calls` requests take from now under `windows` (see
  /// ``RatePlan/plannedDuration(calls:windows:alreadyUsed:margin:)``): 1,000 invoices at two
  /// calls each under Moneybird's 150 per 5 minutes take 65 minutes.
  public static func plannedDuration(calls: Int, windows: [RateWindow], alreadyUsed: [Int] = [], margin: Int = 0) -> Duration {
    RatePlan.plannedDuration(calls: calls, windows: windows, alreadyUsed: alreadyUsed, margin: margin)
  }

  /// Time since this limiter was made.
  private var now: Duration { ContinuousClock.now - self.origin }
}
