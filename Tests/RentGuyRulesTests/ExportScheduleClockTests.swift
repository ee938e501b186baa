import Foundation
import Testing

@testable import RentGuyRules

@Suite("export schedule clock")
struct ExportScheduleClockTests {
  /// The instant written as ISO 8601 with an offset, e.g. "2026-11-20T16:00:00+01:00".
  static func instant(_ text: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: text), "not ISO 8601: \(text)")
  }

  static func amsterdam(_ frequency: ExportScheduleClock.Frequency, _ hours: Int, _ minutes: Int) throws -> ExportScheduleClock {
    try ExportScheduleClock(frequency: frequency, hours: hours, minutes: minutes, timeZoneID: "Europe/Amsterdam")
  }

  @Test("a daily run is at the local time of day, and exports the previous local day")
  func daily() throws {
    let clock = try Self.amsterdam(.daily, 6, 15)
    let run = clock.nextRun(after: try Self.instant("2026-11-20T10:00:00+01:00"))
    #expect(run == (try Self.instant("2026-11-21T06:15:00+01:00")))
    // Exactly at a due time, the next one is the following day.
    #expect(clock.nextRun(after: run) == (try Self.instant("2026-11-22T06:15:00+01:00")))
    let period = clock.period(forRunAt: run)
    #expect(period.start == (try Self.instant("2026-11-20T00:00:00+01:00")))
    #expect(period.end == (try Self.instant("2026-11-21T00:00:00+01:00")))
  }

  @Test("02:30 does not exist in Amsterdam on 29 March 2026: the run is at 03:00 CEST, the first minute after the gap")
  func springForward() throws {
    let clock = try Self.amsterdam(.daily, 2, 30)
    let run = clock.nextRun(after: try Self.instant("2026-03-28T12:00:00+01:00"))
    #expect(run == (try Self.instant("2026-03-29T03:00:00+02:00")))
    #expect(run == (try Self.instant("2026-03-29T01:00:00Z")))
    // The next day the local time exists again.
    #expect(clock.nextRun(after: run) == (try Self.instant("2026-03-30T02:30:00+02:00")))
    // The day the clocks skip an hour is 23 hours long, and the period is that local day.
    let period = clock.period(forRunAt: clock.nextRun(after: run))
    #expect(period.start == (try Self.instant("2026-03-29T00:00:00+01:00")))
    #expect(period.end == (try Self.instant("2026-03-30T00:00:00+02:00")))
    #expect(period.end.timeIntervalSince(period.start) == 23 * 3600)
  }

  @Test("02:30 happens twice in Amsterdam on 25 October 2026: the run is once, at the first (CEST) occurrence")
  func fallBack() throws {
    let clock = try Self.amsterdam(.daily, 2, 30)
    let run = clock.nextRun(after: try Self.instant("2026-10-24T12:00:00+02:00"))
    #expect(run == (try Self.instant("2026-10-25T02:30:00+02:00")))
    // Not again an hour later at 02:30 CET: the next run is the next day.
    #expect(clock.nextRun(after: run) == (try Self.instant("2026-10-26T02:30:00+01:00")))
    // Nor when asked from within the repeated hour.
    #expect(clock.nextRun(after: try Self.instant("2026-10-25T02:10:00+01:00")) == (try Self.instant("2026-10-26T02:30:00+01:00")))
  }

  @Test("a weekly run is on Monday and exports the previous ISO week, Monday to Sunday")
  func weekly() throws {
    let clock = try Self.amsterdam(.weekly, 6, 0)
    // Wednesday 18 November 2026 → Monday 23 November.
    let run = clock.nextRun(after: try Self.instant("2026-11-18T10:00:00+01:00"))
    #expect(run == (try Self.instant("2026-11-23T06:00:00+01:00")))
    #expect(clock.nextRun(after: run) == (try Self.instant("2026-11-30T06:00:00+01:00")))
    let period = clock.period(forRunAt: run)
    #expect(period.start == (try Self.instant("2026-11-16T00:00:00+01:00")))
    #expect(period.end == (try Self.instant("2026-11-23T00:00:00+01:00")))
    // A Monday before the time of day runs that same Monday.
    #expect(clock.nextRun(after: try Self.instant("2026-11-23T05:59:00+01:00")) == run)
  }

  @Test("a monthly run is on the first and exports the previous calendar month, across DST and the year's end")
  func monthly() throws {
    let clock = try Self.amsterdam(.monthly, 7, 0)
    let run = clock.nextRun(after: try Self.instant("2026-10-15T12:00:00+02:00"))
    #expect(run == (try Self.instant("2026-11-01T07:00:00+01:00")))
    let october = clock.period(forRunAt: run)
    #expect(october.start == (try Self.instant("2026-10-01T00:00:00+02:00")))
    #expect(october.end == (try Self.instant("2026-11-01T00:00:00+01:00")))
    let january = clock.nextRun(after: try Self.instant("2026-12-01T07:00:00+01:00"))
    #expect(january == (try Self.instant("2027-01-01T07:00:00+01:00")))
    let december = clock.period(forRunAt: january)
    #expect(december.start == (try Self.instant("2026-12-01T00:00:00+01:00")))
    #expect(december.end == (try Self.instant("2027-01-01T00:00:00+01:00")))
  }

  @Test("after three days down, the four missed daily runs are one run, for the latest; the next is tomorrow")
  func downtimeRunsOnce() throws {
    let clock = try Self.amsterdam(.daily, 6, 0)
    // Due Friday 06:00; the server is back on Monday 10:00 (Friday, Saturday, Sunday and Monday missed).
    let stored = try Self.instant("2026-11-20T06:00:00+01:00")
    let due = try #require(clock.dueRun(nextRunAt: stored, now: try Self.instant("2026-11-23T10:00:00+01:00")))
    #expect(due.runAt == (try Self.instant("2026-11-23T06:00:00+01:00")))
    #expect(due.next == (try Self.instant("2026-11-24T06:00:00+01:00")))
    // One run covers every missed period: Thursday 19 through Sunday 22 November.
    #expect(due.periodStart == (try Self.instant("2026-11-19T00:00:00+01:00")))
    #expect(due.periodEnd == (try Self.instant("2026-11-23T00:00:00+01:00")))
    // Once it ran, nothing is due until the new next run.
    #expect(clock.dueRun(nextRunAt: due.next, now: try Self.instant("2026-11-23T10:00:01+01:00")) == nil)
  }

  @Test("a run exactly at its due time is due, and one not yet reached is not")
  func dueAtTheMinute() throws {
    let clock = try Self.amsterdam(.weekly, 6, 0)
    let monday = try Self.instant("2026-11-23T06:00:00+01:00")
    let due = try #require(clock.dueRun(nextRunAt: monday, now: monday))
    #expect(due.runAt == monday)
    #expect(due.next == (try Self.instant("2026-11-30T06:00:00+01:00")))
    #expect(due.periodStart == (try Self.instant("2026-11-16T00:00:00+01:00")))
    #expect(due.periodEnd == (try Self.instant("2026-11-23T00:00:00+01:00")))
    #expect(clock.dueRun(nextRunAt: monday, now: monday.addingTimeInterval(-1)) == nil)
  }

  @Test("a long outage of a monthly schedule still runs once, for the latest first of the month")
  func longOutage() throws {
    let clock = try Self.amsterdam(.monthly, 7, 0)
    let due = try #require(
      clock.dueRun(nextRunAt: try Self.instant("2026-02-01T07:00:00+01:00"), now: try Self.instant("2026-11-05T09:00:00+01:00"))
    )
    #expect(due.runAt == (try Self.instant("2026-11-01T07:00:00+01:00")))
    #expect(due.next == (try Self.instant("2026-12-01T07:00:00+01:00")))
    #expect(due.periodStart == (try Self.instant("2026-01-01T00:00:00+01:00")))
    #expect(due.periodEnd == (try Self.instant("2026-11-01T00:00:00+01:00")))
  }

  @Test("hours, minutes and the time zone are checked, and the error names the field", arguments: [
    (24, 0, "Europe/Amsterdam", "time_of_day.hours"),
    (-1, 0, "Europe/Amsterdam", "time_of_day.hours"),
    (6, 60, "Europe/Amsterdam", "time_of_day.minutes"),
    (6, -5, "Europe/Amsterdam", "time_of_day.minutes"),
    (6, 0, "Europe/Atlantis", "time_zone"),
    (6, 0, "", "time_zone"),
  ])
  func validation(hours: Int, minutes: Int, zone: String, field: String) {
    do throws(ExportScheduleError) {
      _ = try ExportScheduleClock(frequency: .daily, hours: hours, minutes: minutes, timeZoneID: zone)
      Issue.record("\(hours):\(minutes) in '\(zone)' was accepted")
    } catch {
      #expect(error.field == field, "\(error)")
      #expect(error.description.hasPrefix("\(field): "))
    }
  }

  @Test("the edges of the valid range are accepted")
  func validEdges() throws {
    let early = try ExportScheduleClock(frequency: .daily, hours: 0, minutes: 0, timeZoneID: "UTC")
    #expect(early.nextRun(after: try Self.instant("2026-01-01T00:00:00Z")) == (try Self.instant("2026-01-02T00:00:00Z")))
    let late = try ExportScheduleClock(frequency: .daily, hours: 23, minutes: 59, timeZoneID: "Pacific/Auckland")
    #expect(late.nextRun(after: try Self.instant("2026-01-10T10:00:00Z")) == (try Self.instant("2026-01-10T23:59:00+13:00")))
  }
}
