import Foundation

/// How long a failed job waits before its next attempt: exponential backoff with jitter.
public struct RetryPolicy: Sendable, Hashable {
  /// The wait after the first failure. Default: 5 s.
  public var initialDelay: Duration
  /// Each further failure multiplies the wait by this. Default: 2.
  public var multiplier: Double
  /// The longest wait. Default: 1 hour.
  public var maximumDelay: Duration
  /// A random share of the wait, up or down, so that failed jobs don't retry in lockstep.
  /// 0.2 means ±20 %. Default: 0.2.
  public var jitter: Double

  /// The defaults: 5 s, ×2, at most 1 hour, ±20 %.
  public static var defaults: Self {
    Self(initialDelay: .seconds(5), multiplier: 2, maximumDelay: .seconds(3600), jitter: 0.2)
  }

  /// Creates a policy.
  public init(initialDelay: Duration, multiplier: Double, maximumDelay: Duration, jitter: Double) {
    self.initialDelay = initialDelay
    self.multiplier = multiplier
    self.maximumDelay = maximumDelay
    self.jitter = jitter
  }

  /// The wait after `attempt` failed attempts (1 for the first failure), given a random value
  /// in `0..<1` (0.5 means no jitter).
  public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
    let base = initialDelay.timeInterval * pow(multiplier, Double(max(0, attempt - 1)))
    let capped = min(base, maximumDelay.timeInterval)
    let factor = 1 + jitter * (random * 2 - 1)
    return .milliseconds(Int64((capped * factor * 1000).rounded()))
  }
}
