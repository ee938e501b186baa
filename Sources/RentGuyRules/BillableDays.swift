public import Foundation

/// Rental days as the customer's calendar counts them: every local calendar day a rental
/// touches is billed, whatever the hour, and a day is a calendar date rather than 24 hours (so
/// days of 23 or 25 hours around DST changes count once).
public enum BillableDays: Sendable {
  /// The number of calendar days in `timeZone` that the half-open period `[start, end)` touches:
  /// the local date of the last millisecond before `end` minus the local date of `start`, plus
  /// one. At least 1 when `end > start`; 0 when `end <= start`.
  ///
  /// Friday 16:00 to Monday 10:00 is 4 days; midnight to the next midnight is 1 day.
  public static func count(start: Date, end: Date, timeZone: TimeZone) -> Int {
    guard end > start else { return 0 }
    let calendar = Self.calendar(timeZone)
    let first = Self.civilDay(of: start, in: calendar)
    let last = Self.civilDay(of: end.addingTimeInterval(-0.001), in: calendar)
    return max(1, last - first + 1)
  }

  /// The calendar date of `date` in `timeZone` as "yyyy-MM-dd" (Gregorian calendar).
  public static func localDate(_ date: Date, in timeZone: TimeZone) -> String {
    Self.format(Self.calendar(timeZone).dateComponents([.year, .month, .day], from: date))
  }

  /// The local calendar days in `timeZone` that intersect `window`, in order, each with its own
  /// window `[local midnight, next local midnight)` in milliseconds. The first day's window
  /// starts at its midnight even when that is before `window.start`. An empty window has no days.
  public static func days(covering window: TimeWindow, in timeZone: TimeZone) -> [(date: String, window: TimeWindow)] {
    guard !window.isEmpty else { return [] }
    let calendar = Self.calendar(timeZone)
    var days: [(date: String, window: TimeWindow)] = []
    var dayStart = calendar.startOfDay(for: Self.date(window.start))
    while Self.milliseconds(dayStart) < window.end {
      let nextStart = Self.startOfNextDay(after: dayStart, in: calendar)
      let date = Self.format(calendar.dateComponents([.year, .month, .day], from: dayStart))
      days.append((date, TimeWindow(start: Self.milliseconds(dayStart), end: Self.milliseconds(nextStart))))
      dayStart = nextStart
    }
    return days
  }

  /// The first instant of the calendar date `date` ("yyyy-MM-dd") in `timeZone`; nil when the
  /// text is not a valid date or the date does not exist in that zone (a skipped day).
  public static func startOfDay(_ date: String, in timeZone: TimeZone) -> Date? {
    let parts = date.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ part in part.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    let calendar = Self.calendar(timeZone)
    // Noon exists on every day that exists at all; midnight does not always (DST at 00:00).
    guard let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) else { return nil }
    let start = calendar.startOfDay(for: noon)
    return Self.format(calendar.dateComponents([.year, .month, .day], from: start)) == date ? start : nil
  }

  /// A Gregorian calendar in `timeZone`.
  private static func calendar(_ timeZone: TimeZone) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar
  }

  /// The first instant of the local day after the one starting at `dayStart`. Probing 36 hours
  /// ahead lands in the next day even when a day has 23 or 25 hours, or a date was skipped.
  private static func startOfNextDay(after dayStart: Date, in calendar: Calendar) -> Date {
    var probe = dayStart.addingTimeInterval(36 * 3600)
    var next = calendar.startOfDay(for: probe)
    while next <= dayStart {
      probe = probe.addingTimeInterval(12 * 3600)
      next = calendar.startOfDay(for: probe)
    }
    return next
  }

  /// The number of days from 1970-01-01 to the local date of `date` (proleptic Gregorian).
  private static func civilDay(of date: Date, in calendar: Calendar) -> Int {
    let components = calendar.dateComponents([.year, .month, .day], from: date)
    return Self.daysFromCivil(year: components.year ?? 1970, month: components.month ?? 1, day: components.day ?? 1)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The number of days in `month` of `year` (Gregorian leap years).
  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// "yyyy-MM-dd" from year, month and day components.
  private static func format(_ components: DateComponents) -> String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value.magnitude)
      return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(padded(components.year ?? 0, 4))-\(padded(components.month ?? 0, 2))-\(padded(components.day ?? 0, 2))"
  }

  /// The instant `milliseconds` after the Unix epoch.
  private static func date(_ milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  /// Milliseconds since the Unix epoch of `date`, rounded to the nearest millisecond.
  private static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
  }
}
