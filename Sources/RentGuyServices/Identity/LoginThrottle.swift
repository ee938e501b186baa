import Synchronization

/// Failed sign-ins counted per e-mail and per client host in a sliding window. Past the limit,
/// sign-in is refused until the oldest failure leaves the window. A lockout is never permanent:
/// it ends one window after the attacker stops (a success clears the e-mail's count), and an
/// attacker's own host runs out of attempts long before a real user's e-mail would.
public final class LoginThrottle: Sendable {
  public struct Config: Sendable {
    /// Failures allowed per e-mail within ``window``. Default 10.
    public var perEmail = 10
    /// Failures allowed per client address within ``window``. Default 50.
    public var perAddress = 50
    /// Default 15 minutes.
    public var window: Duration = .seconds(15 * 60)
    public init() {}
  }

  private struct State {
    var failures: [String: [ContinuousClock.Instant]] = [:]
  }

  private let config: Config
  private let state = Mutex(State())

  public init(config: Config = Config()) {
    self.config = config
  }

  /// How long `email` from `address` must wait, or `nil` when it may try now.
  public func delay(email: String, address: String, now: ContinuousClock.Instant = .now) -> Duration? {
    self.state.withLock { state in
      let byEmail = self.wait(&state, key: "e:" + email.lowercased(), limit: self.config.perEmail, now: now)
      let byAddress = self.wait(&state, key: "a:" + address, limit: self.config.perAddress, now: now)
      return [byEmail, byAddress].compactMap { $0 }.max()
    }
  }

  public func recordFailure(email: String, address: String, now: ContinuousClock.Instant = .now) {
    self.state.withLock { state in
      state.failures["e:" + email.lowercased(), default: []].append(now)
      state.failures["a:" + address, default: []].append(now)
    }
  }

  public func recordSuccess(email: String) {
    _ = self.state.withLock { $0.failures.removeValue(forKey: "e:" + email.lowercased()) }
  }

  /// The host of a gRPC peer (`ipv4:10.0.0.1:51234` → `10.0.0.1`, `ipv6:[::1]:5` → `::1`): the
  /// source port changes with every connection, so it must not be part of the key.
  public static func host(of peer: String) -> String {
    guard peer.hasPrefix("ipv4:") || peer.hasPrefix("ipv6:") else { return peer }
    let rest = Substring(peer).dropFirst(5)
    if rest.first == "[", let end = rest.firstIndex(of: "]") { return String(rest[rest.index(after: rest.startIndex)..<end]) }
    if let colon = rest.lastIndex(of: ":"), rest.filter({ $0 == ":" }).count == 1 { return String(rest[..<colon]) }
    return String(rest)
  }

  private func wait(_ state: inout State, key: String, limit: Int, now: ContinuousClock.Instant) -> Duration? {
    var recent = (state.failures[key] ?? []).filter { now - $0 < self.config.window }
    if recent.isEmpty {
      state.failures.removeValue(forKey: key)
      return nil
    }
    recent = Array(recent.suffix(limit))
    state.failures[key] = recent
    guard recent.count >= limit, let oldest = recent.first else { return nil }
    return self.config.window - (now - oldest)
  }
}
