/// Client-side rate limiting as arithmetic, without I/O or a clock: a log of when requests were
/// sent, checked against every window so that no period of a window's length ever holds more
/// than its limit less a safety margin; what the provider last said about a window (when it says
/// fewer remain than the log allows, the provider wins); and a pause (`Retry-After`).
///
/// Times are durations since any fixed origin, so tests drive it with made-up times and
/// ``plannedDuration(calls:windows:alreadyUsed:margin:)`` simulates a run ahead of time.
public struct RatePlan: Sendable {
  /// The windows, each obeyed on its own.
  public let windows: [RateWindow]
  /// Requests held back in every window, for latencies and clocks that differ from the provider's.
  public let margin: Int

  /// Requests sent at one moment.
  private struct Sent: Sendable {
    var at: Duration
    var count: Int
  }

  /// What the provider said about a window: `remaining` requests until `until`; `used` sent since.
  private struct Report: Sendable {
    var remaining: Int
    var until: Duration
    var used: Int
  }

  /// Sends in time order, kept for the longest window.
  private var log: [Sent] = []
  /// The provider's last word per window, while it holds.
  private var reports: [Report?]
  private var pausedUntil: Duration?

  public init(windows: [RateWindow], margin: Int = 0) {
    self.windows = windows
    self.margin = max(0, margin)
    self.reports = Array(repeating: nil, count: windows.count)
  }

  /// The most requests window `index` lets through per period after the margin (at least 1).
  public func effectiveLimit(_ index: Int) -> Int {
    max(1, self.windows[index].limit - self.margin)
  }

  /// How many requests may be sent at `now` without waiting (0 while paused).
  public func available(at now: Duration) -> Int {
    if let pausedUntil, now < pausedUntil { return 0 }
    var available = Int.max
    for index in self.windows.indices {
      available = min(available, max(0, self.effectiveLimit(index) - self.sent(within: self.windows[index].per, of: now)))
      if let report = self.reports[index], now < report.until {
        available = min(available, max(0, report.remaining - self.margin - report.used))
      }
    }
    return available
  }

  /// How long from `now` until one more request fits every window; zero when it fits now.
  public func delay(at now: Duration) -> Duration {
    var ready = now
    if let pausedUntil, pausedUntil > ready { ready = pausedUntil }
    for index in self.windows.indices {
      let per = self.windows[index].per
      // How many of the sends in the window must leave it before one more fits.
      var excess = self.sent(within: per, of: now) - self.effectiveLimit(index) + 1
      if excess > 0 {
        for sent in self.log where sent.at > now - per {
          excess -= sent.count
          if excess <= 0 {
            ready = max(ready, sent.at + per)
            break
          }
        }
      }
      if let report = self.reports[index], now < report.until, report.remaining - self.margin - report.used <= 0 {
        ready = max(ready, report.until)
      }
    }
    return ready - now
  }

  /// Notes `count` requests sent at `now` (after ``delay(at:)`` said zero).
  public mutating func record(at now: Duration, count: Int = 1) {
    guard count > 0 else { return }
    let at = max(now, self.log.last?.at ?? now)
    if let last = self.log.last, last.at == at {
      self.log[self.log.count - 1].count += count
    } else {
      self.log.append(Sent(at: at, count: count))
    }
    for index in self.reports.indices {
      self.reports[index]?.used += count
    }
    self.forget(at: at)
  }

  /// What the provider said at `now` about window `index`: `remaining` requests until `resetIn`
  /// from now (at most the window's length). An older answer arriving late, one for the same
  /// period that leaves more than the last one did, is ignored. An unknown window is ignored.
  public mutating func observe(remaining: Int, resetIn: Duration, window index: Int, at now: Duration) {
    guard self.windows.indices.contains(index) else { return }
    let until = now + min(max(resetIn, .zero), self.windows[index].per)
    if let current = self.reports[index], now < current.until, until < current.until + .seconds(2),
      current.remaining - current.used <= remaining
    {
      return
    }
    self.reports[index] = Report(remaining: max(0, remaining), until: until, used: 0)
  }

  /// Sends nothing for `duration` from `now` (a 429's `Retry-After`); a longer pause already
  /// running stays.
  public mutating func pause(for duration: Duration, at now: Duration) {
    let until = now + max(duration, .zero)
    if let pausedUntil, pausedUntil >= until { return }
    self.pausedUntil = until
  }

  /// How long from `now` until `calls` more requests have all been sent, sending each as soon as
  /// it fits and nothing else sending meanwhile.
  public func plannedDuration(calls: Int, at now: Duration) -> Duration {
    var plan = self
    var time = now
    var left = calls
    while left > 0 {
      time += plan.delay(at: time)
      let burst = min(left, plan.available(at: time))
      if burst > 0 {
        plan.record(at: time, count: burst)
        left -= burst
      } else {
        time += .milliseconds(1)
      }
    }
    return time - now
  }

  /// How long `calls` requests take from now under `windows`: the moment the last one may be sent
  /// when each goes as soon as it fits (the first `limit` at once). `alreadyUsed[i]` requests are
  /// counted in window `i` already, taken as sent just now (the cautious reading).
  ///
  /// 1,000 invoices at two calls each under Moneybird's 150 per 5 minutes: 2,000 calls, 14 bursts,
  /// the last after 65 minutes.
  public static func plannedDuration(calls: Int, windows: [RateWindow], alreadyUsed: [Int] = [], margin: Int = 0) -> Duration {
    var plan = RatePlan(windows: windows, margin: margin)
    for (index, used) in alreadyUsed.enumerated() where index < windows.count && used > 0 {
      plan.observe(remaining: windows[index].limit - used, resetIn: windows[index].per, window: index, at: .zero)
    }
    return plan.plannedDuration(calls: calls, at: .zero)
  }

  /// ``plannedDuration(calls:windows:alreadyUsed:margin:)`` in whole milliseconds (rounded up),
  /// for a stored plan.
  public static func milliseconds(calls: Int, limits: [RateWindow], alreadyUsed: [Int] = [], margin: Int = 0) -> Int64 {
    let (seconds, attoseconds) = Self.plannedDuration(calls: calls, windows: limits, alreadyUsed: alreadyUsed, margin: margin).components
    let wholeMilliseconds = attoseconds / 1_000_000_000_000_000
    let partial: Int64 = attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0
    return seconds * 1000 + wholeMilliseconds + partial
  }

  /// Requests sent in `(now - per, now]`.
  private func sent(within per: Duration, of now: Duration) -> Int {
    var count = 0
    for sent in self.log.reversed() {
      guard sent.at > now - per else { break }
      count += sent.count
    }
    return count
  }

  /// Drops sends older than the longest window and reports and a pause that have run out.
  private mutating func forget(at now: Duration) {
    let longest = self.windows.map(\.per).max() ?? .zero
    let stale = self.log.prefix(while: { $0.at <= now - longest }).count
    if stale > 0 { self.log.removeFirst(stale) }
    for index in self.reports.indices {
      if let report = self.reports[index], now >= report.until { self.reports[index] = nil }
    }
    if let pausedUntil, now >= pausedUntil { self.pausedUntil = nil }
  }
}
