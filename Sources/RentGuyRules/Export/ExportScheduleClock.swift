public import Foundation

/// When an export schedule runs, and which period each run exports, in the schedule's time zone.
///
/// A schedule runs at a local time of day: every day, every Monday or on the first of each
/// month. Daylight saving time is the zone's own: a local time that does not exist that day (the
/// clocks skip it) runs at the first instant after the gap, and a local time that happens twice
/// (the clocks go back) runs once, at its first occurrence.
///
/// All arithmetic is on whole seconds and the zone's UTC offsets, so the result does not depend
/// on how a platform's `Calendar` resolves skipped or repeated local times.
public struct ExportScheduleClock: Sendable, Hashable {
  /// How often a schedule runs, and so which period a run exports.
  public enum Frequency: Sendable, Hashable, CaseIterable {
    /// Every day; a run exports the previous day.
    case daily
    /// Every Monday; a run exports the previous ISO week, Monday to Sunday.
    case weekly
    /// The first of each month; a run exports the previous month.
    case monthly
  }

  /// A run that is due now: the one run that stands for every due time missed since the stored
  /// next run, and when the schedule runs after it.
  public struct DueRun: Sendable, Hashable {
    /// The latest due time at or before now: the run that happens.
    public var runAt: Date
    /// The first due time after now: the schedule's new next run.
    public var next: Date
    /// The start of the period of the first missed due time: with ``periodEnd``, every period
    /// the missed runs would have exported, so one run exports them all.
    public var periodStart: Date
    /// The end (exclusive) of the period of ``runAt``.
    public var periodEnd: Date
  }

  /// How often the schedule runs.
  public let frequency: Frequency
  /// The local hour of the run, 0–23.
  public let hours: Int
  /// The minute of the run, 0–59.
  public let minutes: Int
  /// The zone whose local time and calendar the schedule follows.
  public let timeZone: TimeZone

  /// A clock for a schedule that runs by `frequency` at `hours`:`minutes` in the IANA time zone
  /// `timeZoneID` (e.g. "Europe/Amsterdam").
  ///
  /// - Throws: ``ExportScheduleError`` naming the field (`time_of_day.hours`,
  ///   `time_of_day.minutes` or `time_zone`) when a value is out of range or the zone unknown.
  public init(frequency: Frequency, hours: Int, minutes: Int, timeZoneID: String) throws(ExportScheduleError) {
    guard (0...23).contains(hours) else {
      throw ExportScheduleError(field: "time_of_day.hours", reason: "must be 0 to 23, not \(hours)")
    }
    guard (0...59).contains(minutes) else {
      throw ExportScheduleError(field: "time_of_day.minutes", reason: "must be 0 to 59, not \(minutes)")
    }
    guard !timeZoneID.isEmpty, let zone = TimeZone(identifier: timeZoneID) else {
      throw ExportScheduleError(field: "time_zone", reason: "must be an IANA time zone such as Europe/Amsterdam, not '\(timeZoneID)'")
    }
    self.frequency = frequency
    self.hours = hours
    self.minutes = minutes
    self.timeZone = zone
  }

  /// The first due time strictly after `instant`.
  public func nextRun(after instant: Date) -> Date {
    // The day before the local date of `instant` is a safe start: no run before it is later.
    var day = self.localDay(of: instant) - 1
    while true {
      if self.runs(on: day) {
        let run = Self.date(self.instant(day: day, secondOfDay: self.hours * 3600 + self.minutes * 60))
        if run > instant { return run }
      }
      day += 1
    }
  }

  /// The period a run at `runAt` exports, half-open `[start, end)` in local midnights: the
  /// previous day (daily), the previous ISO week Monday to Sunday (weekly) or the previous
  /// calendar month (monthly), counted from the local date of `runAt`.
  public func period(forRunAt runAt: Date) -> (start: Date, end: Date) {
    let day = self.localDay(of: runAt)
    let first: Int
    let end: Int
    switch self.frequency {
    case .daily:
      first = day - 1
      end = day
    case .weekly:
      let monday = day - (Self.isoWeekday(day) - 1)
      first = monday - 7
      end = monday
    case .monthly:
      let date = Self.civil(day)
      end = Self.daysFromCivil(year: date.year, month: date.month, day: 1)
      first =
        date.month == 1
        ? Self.daysFromCivil(year: date.year - 1, month: 12, day: 1) : Self.daysFromCivil(year: date.year, month: date.month - 1, day: 1)
    }
    return (Self.date(self.instant(day: first, secondOfDay: 0)), Self.date(self.instant(day: end, secondOfDay: 0)))
  }

  /// The run due at `now` for a schedule whose stored next run is `nextRunAt`; nil while
  /// `nextRunAt` is still ahead.
  ///
  /// However many due times passed while the server was down, exactly one run happens: for the
  /// latest due time at or before `now`. Its ``DueRun/next`` is the first due time after `now`,
  /// and its period spans from the period of `nextRunAt` (the first one missed) to the end of the
  /// period of the run.
  public func dueRun(nextRunAt: Date, now: Date) -> DueRun? {
    guard nextRunAt <= now else { return nil }
    // Longer than the largest gap between two runs (a month of 31 days and a DST hour), so the
    // search starts before the latest due time without walking a long outage day by day.
    let lookback: TimeInterval =
      switch self.frequency {
      case .daily: 2 * 86_400
      case .weekly: 8 * 86_400
      case .monthly: 32 * 86_400
      }
    var runAt = nextRunAt
    var candidate = self.nextRun(after: max(nextRunAt, now.addingTimeInterval(-lookback)))
    while candidate <= now {
      runAt = candidate
      candidate = self.nextRun(after: candidate)
    }
    let missed = self.period(forRunAt: nextRunAt)
    let latest = self.period(forRunAt: runAt)
    return DueRun(runAt: runAt, next: candidate, periodStart: min(missed.start, latest.start), periodEnd: max(missed.end, latest.end))
  }

  // MARK: - Local days and instants

  /// Whether the schedule runs on local day `day` (days since 1970-01-01).
  private func runs(on day: Int) -> Bool {
    switch self.frequency {
    case .daily: true
    case .weekly: Self.isoWeekday(day) == 1
    case .monthly: Self.civil(day).day == 1
    }
  }

  /// The local date of `date` in the zone, as days since 1970-01-01.
  private func localDay(of date: Date) -> Int {
    let seconds = Self.seconds(date)
    return Self.floorDivide(seconds + self.offset(at: seconds), 86_400)
  }

  /// The zone's UTC offset in seconds at the instant `seconds` after the epoch.
  private func offset(at seconds: Int) -> Int {
    self.timeZone.secondsFromGMT(for: Self.date(seconds))
  }

  /// The instant (seconds since the epoch) at which the local time `secondOfDay` of local day
  /// `day` happens: its first occurrence when the clocks go back over it, and the first instant
  /// after the gap when the clocks skip it.
  private func instant(day: Int, secondOfDay: Int) -> Int {
    let wall = day * 86_400 + secondOfDay
    // The offsets in force around that wall time; an instant u shows `wall` when u + offset(u) == wall.
    let offsets = Set([self.offset(at: wall - 86_400), self.offset(at: wall), self.offset(at: wall + 86_400)])
    let shown = offsets.map { wall - $0 }.filter { self.offset(at: $0) == wall - $0 }
    if let first = shown.min() { return first }
    // Skipped: the offset changes between these two instants; the change is the first instant
    // after the gap.
    var before = wall - (offsets.max() ?? 0)
    var after = wall - (offsets.min() ?? 0)
    let old = self.offset(at: before)
    while after - before > 1 {
      let middle = before + (after - before) / 2
      if self.offset(at: middle) == old { before = middle } else { after = middle }
    }
    return after
  }

  // MARK: - Calendar arithmetic (proleptic Gregorian)

  /// The ISO weekday of local day `day`: 1 for Monday to 7 for Sunday (1970-01-01 was a Thursday).
  private static func isoWeekday(_ day: Int) -> Int {
    Self.floorModulo(day + 3, 7) + 1
  }

  /// Days since 1970-01-01 of a date (Howard Hinnant's `days_from_civil`).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date of a day number since 1970-01-01 (Howard Hinnant's `civil_from_days`).
  private static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
  }

  private static func floorModulo(_ value: Int, _ divisor: Int) -> Int {
    let remainder = value % divisor
    return remainder < 0 ? remainder + divisor : remainder
  }

  /// Whole seconds since the epoch of `date`, rounded down.
  private static func seconds(_ date: Date) -> Int {
    Int(date.timeIntervalSince1970.rounded(.down))
  }

  /// The instant `seconds` after the epoch.
  private static func date(_ seconds: Int) -> Date {
    Date(timeIntervalSince1970: TimeInterval(seconds))
  }
}

/// A schedule setting out of range: the field (as the API names it) and the rule.
public struct ExportScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The field, e.g. "time_of_day.hours".
  public var field: String
  /// What the field must be, e.g. "must be 0 to 23, not 24".
  public var reason: String

  /// An error for `field` that breaks `reason`.
  public init(field: String, reason: String) {
    self.field = field
    self.reason = reason
  }

  /// "time_of_day.hours: must be 0 to 23, not 24".
  public var description: String { "\(self.field): \(self.reason)" }
}
