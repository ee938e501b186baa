import Foundation
import Testing

@testable import RentGuyRules

@Suite("billable days")
struct BillableDaysTests {
  static let hour: Int64 = 3_600_000

  /// The instant written as ISO 8601 with an offset, e.g. "2026-11-20T16:00:00+01:00".
  static func instant(_ text: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: text), "not ISO 8601: \(text)")
  }

  static func milliseconds(_ text: String) throws -> Int64 {
    Int64((try Self.instant(text).timeIntervalSince1970 * 1000).rounded())
  }

  static func zone(_ identifier: String) throws -> TimeZone {
    try #require(TimeZone(identifier: identifier), "no time zone \(identifier)")
  }

  @Test("Friday 16:00 to Monday 10:00 in Amsterdam is 4 days: Friday, Saturday, Sunday and Monday")
  func fridayToMonday() throws {
    let start = try Self.instant("2026-11-20T16:00:00+01:00")
    let end = try Self.instant("2026-11-23T10:00:00+01:00")
    #expect(BillableDays.count(start: start, end: end, timeZone: try Self.zone("Europe/Amsterdam")) == 4)
  }

  @Test("the weekend the clocks go back counts calendar days, not blocks of 24 hours")
  func daylightSavingWeekend() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    // Saturday 00:00 CEST to Monday 00:00 CET is 49 hours but two dates: 24 and 25 October.
    let saturday = try Self.instant("2026-10-24T00:00:00+02:00")
    let monday = try Self.instant("2026-10-26T00:00:00+01:00")
    #expect(monday.timeIntervalSince(saturday) == 49 * 3600)
    #expect(BillableDays.count(start: saturday, end: monday, timeZone: amsterdam) == 2)
    // 10:00 to 10:00 touches Saturday, Sunday and Monday.
    let saturdayMorning = try Self.instant("2026-10-24T10:00:00+02:00")
    let mondayMorning = try Self.instant("2026-10-26T10:00:00+01:00")
    #expect(BillableDays.count(start: saturdayMorning, end: mondayMorning, timeZone: amsterdam) == 3)
  }

  @Test("midnight to the next midnight is 1 day, and a millisecond more is 2")
  func midnightToMidnight() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    let midnight = try Self.instant("2026-11-20T00:00:00+01:00")
    let nextMidnight = try Self.instant("2026-11-21T00:00:00+01:00")
    #expect(BillableDays.count(start: midnight, end: nextMidnight, timeZone: amsterdam) == 1)
    #expect(BillableDays.count(start: midnight, end: nextMidnight.addingTimeInterval(0.001), timeZone: amsterdam) == 2)
    #expect(BillableDays.count(start: midnight, end: midnight.addingTimeInterval(0.001), timeZone: amsterdam) == 1)
  }

  @Test("an empty or reversed period is 0 days")
  func emptyPeriods() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    let start = try Self.instant("2026-11-20T16:00:00+01:00")
    #expect(BillableDays.count(start: start, end: start, timeZone: amsterdam) == 0)
    #expect(BillableDays.count(start: start, end: start.addingTimeInterval(-3600), timeZone: amsterdam) == 0)
  }

  @Test("the same two hours are 1 day in UTC but 2 days in Auckland, where they straddle midnight")
  func timeZonesDiffer() throws {
    // 10:00–12:00 UTC on 10 January is 23:00–01:00 NZDT (UTC+13).
    let start = try Self.instant("2026-01-10T10:00:00Z")
    let end = try Self.instant("2026-01-10T12:00:00Z")
    #expect(BillableDays.count(start: start, end: end, timeZone: try Self.zone("UTC")) == 1)
    #expect(BillableDays.count(start: start, end: end, timeZone: try Self.zone("Pacific/Auckland")) == 2)
  }

  @Test("local dates are the calendar date in the given time zone")
  func localDates() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    #expect(BillableDays.localDate(try Self.instant("2026-10-25T22:30:00Z"), in: amsterdam) == "2026-10-25")
    #expect(BillableDays.localDate(try Self.instant("2026-10-25T23:30:00Z"), in: amsterdam) == "2026-10-26")
    #expect(BillableDays.localDate(try Self.instant("2026-10-25T23:30:00Z"), in: try Self.zone("UTC")) == "2026-10-25")
    #expect(BillableDays.localDate(try Self.instant("2026-01-10T10:00:00Z"), in: try Self.zone("Pacific/Auckland")) == "2026-01-10")
    #expect(BillableDays.localDate(try Self.instant("2026-01-10T11:00:00Z"), in: try Self.zone("Pacific/Auckland")) == "2026-01-11")
  }

  @Test("the start of a local date is its local midnight; invalid dates give nil")
  func startOfDay() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    #expect(BillableDays.startOfDay("2026-10-25", in: amsterdam) == (try Self.instant("2026-10-24T22:00:00Z")))
    #expect(BillableDays.startOfDay("2026-10-26", in: amsterdam) == (try Self.instant("2026-10-25T23:00:00Z")))
    #expect(BillableDays.startOfDay("2028-02-29", in: try Self.zone("UTC")) == (try Self.instant("2028-02-29T00:00:00Z")))
    for text in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-05", "26-01-05", "2026-01-05T00", "abcd-ef-gh", ""] {
      #expect(BillableDays.startOfDay(text, in: amsterdam) == nil, "\(text)")
    }
  }

  @Test("the days covering a window run from local midnight to local midnight, 25 hours when the clocks go back")
  func daysCoveringAutumn() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    let window = TimeWindow(
      start: try Self.milliseconds("2026-10-24T12:00:00+02:00"), end: try Self.milliseconds("2026-10-25T12:00:00+01:00"))
    let days = BillableDays.days(covering: window, in: amsterdam)
    #expect(days.map(\.date) == ["2026-10-24", "2026-10-25"])
    #expect(
      days.map(\.window) == [
        TimeWindow(start: try Self.milliseconds("2026-10-24T00:00:00+02:00"), end: try Self.milliseconds("2026-10-25T00:00:00+02:00")),
        TimeWindow(start: try Self.milliseconds("2026-10-25T00:00:00+02:00"), end: try Self.milliseconds("2026-10-26T00:00:00+01:00")),
      ])
    #expect(days.map { $0.window.end - $0.window.start } == [24 * Self.hour, 25 * Self.hour])
  }

  @Test("the day the clocks go forward is 23 hours, and a window ending at midnight does not touch the next day")
  func daysCoveringSpring() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    let window = TimeWindow(
      start: try Self.milliseconds("2026-03-29T00:00:00+01:00"), end: try Self.milliseconds("2026-03-30T00:00:00+02:00"))
    let days = BillableDays.days(covering: window, in: amsterdam)
    #expect(days.map(\.date) == ["2026-03-29"])
    #expect(days.map { $0.window.end - $0.window.start } == [23 * Self.hour])
    #expect(BillableDays.days(covering: TimeWindow(start: window.start, end: window.start), in: amsterdam).isEmpty)
  }

  @Test("counting days agrees with listing the days covering the period")
  func countMatchesDays() throws {
    let amsterdam = try Self.zone("Europe/Amsterdam")
    let start = try Self.milliseconds("2026-03-27T18:30:00+01:00")
    for hours in stride(from: Int64(1), through: 24 * 40, by: 7) {
      let window = TimeWindow(start: start, end: start + hours * Self.hour)
      let count = BillableDays.count(
        start: Date(timeIntervalSince1970: Double(window.start) / 1000), end: Date(timeIntervalSince1970: Double(window.end) / 1000),
        timeZone: amsterdam)
      #expect(count == BillableDays.days(covering: window, in: amsterdam).count, "\(hours) hours")
    }
  }
}
