/// Reconnect delays as gRPC's connection-backoff.md specifies: exponential with jitter, capped.
struct ConnectionBackoff {
  private let initial: Duration
  private let multiplier: Double
  private let jitter: Double
  private let maximum: Duration
  private var current: Duration?

  init(initial: Duration, multiplier: Double, jitter: Double, maximum: Duration) {
    self.initial = initial
    self.multiplier = multiplier
    self.jitter = jitter
    self.maximum = maximum
  }

  /// The delay before the next attempt.
  mutating func next() -> Duration {
    let base = self.current.map { min($0 * self.multiplier, self.maximum) } ?? self.initial
    self.current = base
    let spread = Double.random(in: -self.jitter...self.jitter)
    return base * (1 + spread)
  }

  mutating func reset() {
    self.current = nil
  }
}
