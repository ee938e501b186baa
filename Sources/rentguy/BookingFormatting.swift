import ArgumentParser
import Foundation
import RentGuyProto
import RentGuyRules
import SwiftProtobuf

/// One printed row: (column, value) pairs in column order, as ``OutputPrinter`` takes them.
typealias Row = [(String, String)]

/// Parsing and printing shared by the booking-service commands: money, times, periods, enum
/// names and the sections of a detailed `get`.
enum BookingFormat {
  /// The time zone of local dates and times when `--time-zone` is not given.
  static let defaultTimeZone = "Europe/Amsterdam"

  // MARK: Money

  /// "EUR 12.50"; empty for an unset amount.
  static func money(_ value: Rentguy_Common_V1_Money) -> String {
    guard !value.currency.isEmpty else { return value.amountMinor == 0 ? "" : String(value.amountMinor) }
    return Money(minorUnits: value.amountMinor, currency: value.currency).formatted
  }

  /// Parses "25.00", "25,00" or "EUR 25.00" (EUR when no currency is written).
  static func money(parsing text: String, option: String) throws -> Rentguy_Common_V1_Money {
    let parsed: Money
    do {
      parsed = try Money.parse(text)
    } catch {
      throw ValidationError("\(option): \(error)")
    }
    var money = Rentguy_Common_V1_Money()
    money.amountMinor = parsed.minorUnits
    money.currency = parsed.currency
    return money
  }

  // MARK: Percentages, hours

  /// A percentage (0 to 100, e.g. 12.5) as basis points (1250).
  static func basisPoints(percent: Double, option: String) throws -> Int32 {
    guard percent.isFinite, percent >= 0, percent <= 100 else { throw ValidationError("\(option) must be a percentage from 0 to 100") }
    return Int32((percent * 100).rounded())
  }

  /// Basis points as a percentage: 1000 → "10%", 1250 → "12.5%".
  static func percent(_ basisPoints: Int32) -> String {
    let whole = basisPoints / 100
    let fraction = abs(basisPoints % 100)
    guard fraction != 0 else { return "\(whole)%" }
    let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
    return "\(whole).\(digits)%"
  }

  /// Hours (e.g. 1.5) as a duration.
  static func duration(hours: Double, option: String) throws -> Google_Protobuf_Duration {
    guard hours.isFinite, hours >= 0 else { throw ValidationError("\(option) must be 0 or more hours") }
    return Google_Protobuf_Duration(rounding: hours * 3600)
  }

  /// A duration in hours: "2h", "1.5h".
  static func hours(_ duration: Google_Protobuf_Duration) -> String {
    let hours = duration.timeInterval / 3600
    return hours == hours.rounded() ? "\(Int(hours))h" : "\(hours)h"
  }

  // MARK: Times

  /// The named IANA time zone (default ``defaultTimeZone`` when nil or empty).
  static func timeZone(_ name: String?) throws -> TimeZone {
    let identifier = (name ?? "").isEmpty ? Self.defaultTimeZone : (name ?? "")
    guard let zone = TimeZone(identifier: identifier) else {
      throw ValidationError("--time-zone: '\(identifier)' is not an IANA time zone such as Europe/Amsterdam")
    }
    return zone
  }

  /// Parses "2026-12-01" (midnight in `zone`), "2026-12-01T14:00" or "2026-12-01 14:00[:ss]"
  /// (local in `zone`) and ISO 8601 with an offset or Z ("2026-12-01T13:00:00Z").
  static func time(parsing text: String, in zone: TimeZone, option: String) throws -> Date {
    guard let date = Self.parseTime(text.trimmingCharacters(in: .whitespaces), in: zone) else {
      throw ValidationError(
        "\(option): '\(text)' is not a time such as 2026-12-01, 2026-12-01T14:00 or 2026-12-01T14:00:00+01:00"
      )
    }
    return date
  }

  private static func parseTime(_ text: String, in zone: TimeZone) -> Date? {
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime]
    if let date = iso.date(from: text) { return date }
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = iso.date(from: text) { return date }

    let parts = text.replacingOccurrences(of: " ", with: "T").split(separator: "T", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { return nil }
    let dateFields = parts[0].split(separator: "-", omittingEmptySubsequences: false)
    guard dateFields.count == 3, dateFields[0].count == 4, dateFields[1].count == 2, dateFields[2].count == 2,
      let year = Int(dateFields[0]), let month = Int(dateFields[1]), let day = Int(dateFields[2])
    else { return nil }
    var hour = 0
    var minute = 0
    var second = 0
    if parts.count == 2 {
      let timeFields = parts[1].split(separator: ":", omittingEmptySubsequences: false)
      guard timeFields.count == 2 || timeFields.count == 3, timeFields.allSatisfy({ $0.count == 2 }),
        let parsedHour = Int(timeFields[0]), let parsedMinute = Int(timeFields[1])
      else { return nil }
      hour = parsedHour
      minute = parsedMinute
      if timeFields.count == 3 {
        guard let parsedSecond = Int(timeFields[2]) else { return nil }
        second = parsedSecond
      }
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    guard let date = calendar.date(from: components) else { return nil }
    // Refuse what the calendar would quietly normalise (2026-02-30, 25:00, a time skipped by DST).
    let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    guard back.year == year, back.month == month, back.day == day, back.hour == hour, back.minute == minute,
      back.second == second
    else { return nil }
    return date
  }

  /// `[start, end)` as a Period.
  static func period(_ start: Date, _ end: Date) -> Rentguy_Common_V1_Period {
    var period = Rentguy_Common_V1_Period()
    period.start = Google_Protobuf_Timestamp(date: start)
    period.end = Google_Protobuf_Timestamp(date: end)
    return period
  }

  // MARK: Enum names (the value's name without its prefix)

  static func name(_ status: Rentguy_Booking_V1_BookingStatus) -> String {
    BookingState(rawValue: status.rawValue)?.name ?? (status == .unspecified ? "" : "UNRECOGNIZED(\(status.rawValue))")
  }

  static func name(_ status: Rentguy_Booking_V1_LeadStatus) -> String {
    switch status {
    case .unspecified: ""
    case .new: "NEW"
    case .converted: "CONVERTED"
    case .rejected: "REJECTED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ status: Rentguy_Booking_V1_AssetStatus) -> String {
    switch status {
    case .unspecified: ""
    case .available: "AVAILABLE"
    case .checkedOut: "CHECKED_OUT"
    case .quarantine: "QUARANTINE"
    case .repair: "REPAIR"
    case .lost: "LOST"
    case .retired: "RETIRED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ kind: Rentguy_Booking_V1_StockKind) -> String {
    switch kind {
    case .unspecified: ""
    case .serialized: "SERIALIZED"
    case .bulk: "BULK"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ category: Rentguy_Booking_V1_VatCategory) -> String {
    switch category {
    case .unspecified: ""
    case .standard: "STANDARD"
    case .reduced: "REDUCED"
    case .zero: "ZERO"
    case .exempt: "EXEMPT"
    case .reverseCharge: "REVERSE_CHARGE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ kind: Rentguy_Booking_V1_LineKind) -> String {
    switch kind {
    case .unspecified: ""
    case .rental: "RENTAL"
    case .damage: "DAMAGE"
    case .loss: "LOSS"
    case .service: "SERVICE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ kind: Rentguy_Booking_V1_InvoiceKind) -> String {
    switch kind {
    case .unspecified: ""
    case .final: "FINAL"
    case .advance: "ADVANCE"
    case .creditNote: "CREDIT_NOTE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ level: Rentguy_Booking_V1_AvailabilityLevel) -> String {
    switch level {
    case .unspecified: ""
    case .available: "AVAILABLE"
    case .limited: "LIMITED"
    case .notAvailable: "NOT_AVAILABLE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ type: Rentguy_Booking_V1_BookingEventType) -> String {
    switch type {
    case .unspecified: ""
    case .created: "CREATED"
    case .updated: "UPDATED"
    case .quoteSent: "QUOTE_SENT"
    case .confirmed: "CONFIRMED"
    case .canceled: "CANCELED"
    case .checkedOutPartially: "CHECKED_OUT_PARTIALLY"
    case .checkedOut: "CHECKED_OUT"
    case .returned: "RETURNED"
    case .closed: "CLOSED"
    case .crewAssigned: "CREW_ASSIGNED"
    case .crewUnassigned: "CREW_UNASSIGNED"
    case .paymentStatusChanged: "PAYMENT_STATUS_CHANGED"
    case .shortageDetected: "SHORTAGE_DETECTED"
    case .exported: "EXPORTED"
    case .quoteRevised: "QUOTE_REVISED"
    case .quoteExpired: "QUOTE_EXPIRED"
    case .invoiceIssued: "INVOICE_ISSUED"
    case .crewResponded: "CREW_RESPONDED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  // MARK: Shared rows

  /// One row per VAT rate.
  static func vatRows(_ amounts: [Rentguy_Booking_V1_VatAmount]) -> [Row] {
    amounts.map { amount in
      let row: Row = [
        ("vat", Self.name(amount.category)), ("rate", Self.percent(amount.rateBp)),
        ("net", Self.money(amount.netAmount)), ("vat_amount", Self.money(amount.vatAmount)),
      ]
      return row
    }
  }

  /// One row per shortage.
  static func shortageRows(_ shortages: [Rentguy_Booking_V1_Shortage], render: Render) -> [Row] {
    shortages.map { shortage in
      let firstShort = shortage.hasFirstShortAt ? render.time(shortage.firstShortAt) : ""
      let row: Row = [
        ("booking", shortage.bookingID), ("product", shortage.productID), ("name", shortage.productName),
        ("requested", String(shortage.requested)), ("available", String(shortage.available)),
        ("missing", String(shortage.missing)), ("first_short", firstShort),
      ]
      return row
    }
  }

  /// `"prd_a=2,prd_b=1"`.
  static func components(_ components: [Rentguy_Booking_V1_KitComponent]) -> String {
    components.map { "\($0.productID)=\($0.quantity)" }.joined(separator: ",")
  }

  static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
}

/// How times print: "2026-12-01 14:00" in tables, ISO 8601 with the offset in JSON; both in the
/// record's time zone (default ``BookingFormat/defaultTimeZone``).
struct Render {
  let output: OutputFormat

  init(_ output: OutputFormat) { self.output = output }

  func time(_ timestamp: Google_Protobuf_Timestamp, zone: String = "") -> String {
    let timeZone = TimeZone(identifier: zone.isEmpty ? BookingFormat.defaultTimeZone : zone) ?? TimeZone(secondsFromGMT: 0)!
    switch self.output {
    case .json:
      let formatter = ISO8601DateFormatter()
      formatter.timeZone = timeZone
      formatter.formatOptions = [.withInternetDateTime]
      return formatter.string(from: timestamp.date)
    case .table:
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = timeZone
      formatter.dateFormat = "yyyy-MM-dd HH:mm"
      return formatter.string(from: timestamp.date)
    }
  }

  /// "2026-12-01 14:00 → 2026-12-03 10:00" (JSON: "start/end"); empty when unset.
  func period(_ period: Rentguy_Common_V1_Period, zone: String = "") -> String {
    guard period.hasStart || period.hasEnd else { return "" }
    let start = self.time(period.start, zone: zone)
    let end = self.time(period.end, zone: zone)
    return self.output == .json ? "\(start)/\(end)" : "\(start) → \(end)"
  }
}

/// Writes straight to the standard streams (unbuffered), for streams and notes beside a table.
enum Console {
  /// A line on standard error.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// A line on standard output, written at once (a pipe sees it without waiting for a buffer).
  static func output(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }
}

/// Prints a record with its parts: in tables, each non-empty section as its own table with a
/// blank line between; in JSON, the whole message as protobuf JSON.
enum DetailPrinter {
  static func print(_ output: OutputFormat, message: some SwiftProtobuf.Message, sections: [[Row]]) throws {
    switch output {
    case .json:
      let data = Data(try message.jsonString().utf8)
      if let object = try? JSONSerialization.jsonObject(with: data),
        let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
      {
        Swift.print(String(decoding: pretty, as: UTF8.self))
      } else {
        Swift.print(String(decoding: data, as: UTF8.self))
      }
    case .table:
      let printer = OutputPrinter(format: .table)
      for (index, rows) in sections.filter({ !$0.isEmpty }).enumerated() {
        if index > 0 { Swift.print("") }
        printer.print(rows: rows)
      }
    }
  }
}

// MARK: - Options shared by the booking-service commands

/// `--page-size`, `--page-token`: every list command.
struct PageOptions: ParsableArguments {
  @Option(help: "Results per page (1 to 500).") var pageSize: Int32 = 100
  @Option(help: ArgumentHelp("Continue with the page after the one that printed this token.", valueName: "token"))
  var pageToken: String?

  func validate() throws {
    guard (1...500).contains(self.pageSize) else { throw ValidationError("--page-size must be 1 to 500") }
  }

  var token: String { self.pageToken ?? "" }

  /// Prints `next page: TOKEN` on standard error when there is a next page.
  static func report(_ nextPageToken: String) {
    if !nextPageToken.isEmpty { Console.error("next page: \(nextPageToken)") }
  }
}

/// `--from`, `--to`, `--time-zone`: a period in the forms people type.
struct PeriodOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Start: 2026-12-01 (midnight), 2026-12-01T14:00 (local, in --time-zone) or ISO 8601 with offset/Z.",
      valueName: "time"
    )
  )
  var from: String?

  @Option(help: ArgumentHelp("End (exclusive), in the same forms: 2026-12-04 is midnight at the start of the 4th.", valueName: "time"))
  var to: String?

  @Option(help: ArgumentHelp("IANA time zone of local dates and times (default Europe/Amsterdam).", valueName: "zone"))
  var timeZone: String?

  func zone() throws -> TimeZone { try BookingFormat.timeZone(self.timeZone) }

  func start() throws -> Date? {
    guard let from = self.from else { return nil }
    let zone = try self.zone()
    return try BookingFormat.time(parsing: from, in: zone, option: "--from")
  }

  func end() throws -> Date? {
    guard let to = self.to else { return nil }
    let zone = try self.zone()
    return try BookingFormat.time(parsing: to, in: zone, option: "--to")
  }

  /// The period, nil when neither --from nor --to is given.
  func period() throws -> Rentguy_Common_V1_Period? {
    let start = try self.start()
    let end = try self.end()
    switch (start, end) {
    case (nil, nil):
      return nil
    case (let start?, let end?):
      guard end > start else { throw ValidationError("--to must be after --from") }
      return BookingFormat.period(start, end)
    default:
      throw ValidationError("give both --from and --to")
    }
  }

  /// The period; --from and --to are required.
  func requiredPeriod() throws -> Rentguy_Common_V1_Period {
    guard let period = try self.period() else { throw ValidationError("--from and --to are required") }
    return period
  }
}

/// `ID=QTY` (`ID` alone means 1): a product, or a kit when the id starts with `kit_`.
struct ItemSpec: ExpressibleByArgument {
  let id: String
  let quantity: Int32

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty else { return nil }
    if parts.count == 2 {
      guard let quantity = Int32(parts[1].trimmingCharacters(in: .whitespaces)), quantity >= 1 else { return nil }
      self.quantity = quantity
    } else {
      self.quantity = 1
    }
    self.id = first.trimmingCharacters(in: .whitespaces)
  }

  init(id: String, quantity: Int32) {
    self.id = id
    self.quantity = quantity
  }

  var isKit: Bool { self.id.hasPrefix("kit_") }

  var itemRequest: Rentguy_Booking_V1_ItemRequest {
    var item = Rentguy_Booking_V1_ItemRequest()
    if self.isKit { item.kitID = self.id } else { item.productID = self.id }
    item.quantity = self.quantity
    return item
  }

  /// A rental line for this item.
  var lineInput: Rentguy_Booking_V1_BookingLineInput {
    var line = Rentguy_Booking_V1_BookingLineInput()
    if self.isKit { line.kitID = self.id } else { line.productID = self.id }
    line.quantity = self.quantity
    line.kind = .rental
    return line
  }

  var kitComponent: Rentguy_Booking_V1_KitComponent {
    var component = Rentguy_Booking_V1_KitComponent()
    component.productID = self.id
    component.quantity = self.quantity
    return component
  }
}

// MARK: - Enum arguments

enum StockKindArgument: String, ExpressibleByArgument, CaseIterable {
  case serialized, bulk

  var proto: Rentguy_Booking_V1_StockKind {
    switch self {
    case .serialized: .serialized
    case .bulk: .bulk
    }
  }
}

enum VatArgument: String, ExpressibleByArgument, CaseIterable {
  case standard, reduced, zero, exempt
  case reverseCharge = "reverse-charge"

  var proto: Rentguy_Booking_V1_VatCategory {
    switch self {
    case .standard: .standard
    case .reduced: .reduced
    case .zero: .zero
    case .exempt: .exempt
    case .reverseCharge: .reverseCharge
    }
  }
}

enum AssetStatusArgument: String, ExpressibleByArgument, CaseIterable {
  case available
  case checkedOut = "checked-out"
  case quarantine, repair, lost, retired

  var proto: Rentguy_Booking_V1_AssetStatus {
    switch self {
    case .available: .available
    case .checkedOut: .checkedOut
    case .quarantine: .quarantine
    case .repair: .repair
    case .lost: .lost
    case .retired: .retired
    }
  }
}

enum ChargeArgument: String, ExpressibleByArgument, CaseIterable {
  case damage, loss, service

  var proto: Rentguy_Booking_V1_LineKind {
    switch self {
    case .damage: .damage
    case .loss: .loss
    case .service: .service
    }
  }
}

enum BookingStatusArgument: String, ExpressibleByArgument, CaseIterable {
  case draft, quote, confirmed
  case checkedOutPartially = "checked-out-partially"
  case checkedOut = "checked-out"
  case returned, closed, canceled, expired

  var proto: Rentguy_Booking_V1_BookingStatus {
    switch self {
    case .draft: .draft
    case .quote: .quote
    case .confirmed: .confirmed
    case .checkedOutPartially: .checkedOutPartially
    case .checkedOut: .checkedOut
    case .returned: .returned
    case .closed: .closed
    case .canceled: .canceled
    case .expired: .expired
    }
  }
}

enum LeadStatusArgument: String, ExpressibleByArgument, CaseIterable {
  case new, converted, rejected

  var proto: Rentguy_Booking_V1_LeadStatus {
    switch self {
    case .new: .new
    case .converted: .converted
    case .rejected: .rejected
    }
  }
}
