import Testing

@testable import RentGuyRules

@Suite("rate plan")
struct RatePlanTests {
  static let moneybird = [RateWindow(limit: 150, per: .seconds(300))]
  static let exact = [RateWindow(limit: 60, per: .seconds(60)), RateWindow(limit: 5000, per: .seconds(86_400))]

  @Test("1,000 invoices at two calls each take 65 minutes under Moneybird's 150 per 5 minutes")
  func thousandInvoices() {
    #expect(RatePlan.plannedDuration(calls: 2000, windows: Self.moneybird) == .seconds(65 * 60))
    #expect(RatePlan.milliseconds(calls: 2000, limits: Self.moneybird) == 3_900_000)
  }

  @Test("10,000 invoices at two calls each take 11 hours and 5 minutes under Moneybird's limit")
  func tenThousandInvoices() {
    #expect(RatePlan.plannedDuration(calls: 20_000, windows: Self.moneybird) == .seconds(11 * 3600 + 5 * 60))
  }

  @Test("calls that fit the window go at once, and one more waits a whole window")
  func oneWindow() {
    #expect(RatePlan.plannedDuration(calls: 0, windows: Self.moneybird) == .zero)
    #expect(RatePlan.plannedDuration(calls: 150, windows: Self.moneybird) == .zero)
    #expect(RatePlan.plannedDuration(calls: 151, windows: Self.moneybird) == .seconds(300))
    #expect(RatePlan.plannedDuration(calls: 10, windows: []) == .zero)
  }

  @Test("Exact's 5,000 a day stop a run after 83 minutes until the first calls are a day old")
  func exactDailyLimit() {
    #expect(RatePlan.plannedDuration(calls: 5000, windows: Self.exact) == .seconds(83 * 60))
    #expect(RatePlan.plannedDuration(calls: 5001, windows: Self.exact) == .seconds(86_400))
    // The last 1,000 go 60 a minute as the first day's minutes leave the daily window.
    #expect(RatePlan.plannedDuration(calls: 6000, windows: Self.exact) == .seconds(86_400 + 16 * 60))
  }

  @Test("requests already used count against the window as if sent just now")
  func alreadyUsed() {
    #expect(RatePlan.plannedDuration(calls: 10, windows: Self.moneybird, alreadyUsed: [140]) == .zero)
    #expect(RatePlan.plannedDuration(calls: 11, windows: Self.moneybird, alreadyUsed: [140]) == .seconds(300))
    #expect(RatePlan.plannedDuration(calls: 1, windows: Self.exact, alreadyUsed: [0, 5000]) == .seconds(86_400))
  }

  @Test("a safety margin holds requests back in every period")
  func margin() {
    #expect(RatePlan.plannedDuration(calls: 148, windows: Self.moneybird, margin: 2) == .zero)
    #expect(RatePlan.plannedDuration(calls: 149, windows: Self.moneybird, margin: 2) == .seconds(300))
    #expect(RatePlan(windows: [RateWindow(limit: 2, per: .seconds(1))], margin: 5).effectiveLimit(0) == 1)
  }

  @Test("the log slides: a request waits until enough earlier ones are a window old")
  func slidingLog() {
    var plan = RatePlan(windows: [RateWindow(limit: 150, per: .seconds(300))])
    plan.record(at: .zero, count: 100)
    plan.record(at: .seconds(100), count: 50)
    #expect(plan.available(at: .seconds(150)) == 0)
    #expect(plan.delay(at: .seconds(150)) == .seconds(150))
    #expect(plan.available(at: .seconds(300)) == 100)
    #expect(plan.delay(at: .seconds(300)) == .zero)
    #expect(plan.available(at: .seconds(400)) == 150)
    #expect(plan.plannedDuration(calls: 101, at: .seconds(300)) == .seconds(100))
  }

  @Test("when the provider says fewer remain than the log allows, the provider wins until its reset")
  func providerSaysFewer() {
    var plan = RatePlan(windows: Self.moneybird)
    plan.record(at: .zero)
    plan.observe(remaining: 3, resetIn: .seconds(20), window: 0, at: .zero)
    #expect(plan.available(at: .zero) == 3)
    plan.record(at: .seconds(1), count: 3)
    #expect(plan.available(at: .seconds(1)) == 0)
    #expect(plan.delay(at: .seconds(1)) == .seconds(19))
    #expect(plan.available(at: .seconds(20)) == 146)
  }

  @Test("a late answer that says more remain for the same period does not undo a stricter one")
  func staleAnswer() {
    var plan = RatePlan(windows: Self.moneybird)
    plan.observe(remaining: 2, resetIn: .seconds(60), window: 0, at: .zero)
    plan.observe(remaining: 10, resetIn: .seconds(60), window: 0, at: .zero)
    #expect(plan.available(at: .zero) == 2)
    // A later period replaces it.
    plan.observe(remaining: 10, resetIn: .seconds(200), window: 0, at: .zero)
    #expect(plan.available(at: .zero) == 10)
    // An unknown window is ignored.
    plan.observe(remaining: 0, resetIn: .seconds(60), window: 7, at: .zero)
    #expect(plan.available(at: .zero) == 10)
  }

  @Test("a pause stops every request until it ends, and a shorter pause does not shorten it")
  func pause() {
    var plan = RatePlan(windows: Self.exact)
    plan.pause(for: .seconds(30), at: .seconds(10))
    plan.pause(for: .seconds(5), at: .seconds(10))
    #expect(plan.available(at: .seconds(10)) == 0)
    #expect(plan.delay(at: .seconds(10)) == .seconds(30))
    #expect(plan.delay(at: .seconds(40)) == .zero)
    #expect(plan.available(at: .seconds(40)) == 60)
  }

  @Test("sending whenever the plan says zero never puts more than the limit in any period of a window")
  func neverOverLimit() {
    let windows = [RateWindow(limit: 7, per: .milliseconds(1000)), RateWindow(limit: 20, per: .milliseconds(5000))]
    var plan = RatePlan(windows: windows)
    var sends: [Duration] = []
    var now = Duration.zero
    var seed: UInt64 = 42
    while sends.count < 500 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      now += .milliseconds(Int64(seed >> 54))  // 0…1023 ms apart
      // Everyone waiting goes as soon as the plan allows.
      for _ in 0..<Int(seed >> 60) {
        now += plan.delay(at: now)
        plan.record(at: now)
        sends.append(now)
      }
    }
    for window in windows {
      for (index, end) in sends.enumerated() {
        let inWindow = sends[...index].filter { $0 > end - window.per }.count
        #expect(inWindow <= window.limit, "\(inWindow) requests within \(window.per) before \(end)")
      }
    }
  }
}
