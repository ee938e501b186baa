import ArgumentParser
import Foundation
import RentGuyProto
import RentGuyRules
import SwiftProtobuf

/// Parsing and printing shared by the export, schedule and connection commands: periods, kinds,
/// enum names, durations, progress and rows of exports, reports, schedules, connections and
/// mappings.
enum ExportFormat {
  // MARK: Parsing

  static let kindChoices: [(String, Rentguy_Export_V1_ExportKind)] = [("invoices", .invoices), ("payments", .payments)]

  static let statusChoices: [(String, Rentguy_Export_V1_ExportStatus)] = [
    ("queued", .queued), ("running", .running), ("succeeded", .succeeded), ("partially-failed", .partiallyFailed),
    ("failed", .failed), ("canceled", .canceled),
  ]

  /// `--kinds invoices,payments`; both when not given.
  static func kinds(_ text: String?, option: String = "--kinds") throws -> [Rentguy_Export_V1_ExportKind] {
    guard text != nil else { return [.invoices, .payments] }
    var kinds: [Rentguy_Export_V1_ExportKind] = []
    for kind in try PaymentFormat.list(text, option: option, choices: Self.kindChoices) where !kinds.contains(kind) {
      kinds.append(kind)
    }
    return kinds
  }

  /// "2026-10": the calendar month in `zone`, `[first day 00:00, first day of the next month 00:00)`.
  static func month(_ text: String, in zone: TimeZone, option: String = "--month") throws -> Rentguy_Common_V1_Period {
    let fields = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    guard fields.count == 2, fields[0].count == 4, fields[1].count == 2,
      fields.allSatisfy(Self.isDigits),
      let year = Int(fields[0]), let month = Int(fields[1]), (1...12).contains(month),
      let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
      let end = calendar.date(byAdding: .month, value: 1, to: start)
    else { throw ValidationError("\(option): '\(text)' is not a month such as 2026-10") }
    return BookingFormat.period(start, end)
  }

  /// Whether `text` is ASCII digits only (and not empty).
  static func isDigits(_ text: Substring) -> Bool {
    !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 }
  }

  /// "06:30" as a time of day (00:00 to 23:59).
  static func localTime(_ text: String, option: String = "--at") throws -> Rentguy_Export_V1_LocalTime {
    let fields = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
    guard fields.count == 2, (1...2).contains(fields[0].count), fields[1].count == 2,
      fields.allSatisfy(Self.isDigits),
      let hours = Int32(fields[0]), let minutes = Int32(fields[1]), (0...23).contains(hours), (0...59).contains(minutes)
    else { throw ValidationError("\(option): '\(text)' is not a time of day such as 06:30 (HH:MM, 00:00 to 23:59)") }
    var time = Rentguy_Export_V1_LocalTime()
    time.hours = hours
    time.minutes = minutes
    return time
  }

  /// An IANA time zone name as given, or a ValidationError naming `option`.
  static func checkTimeZone(_ name: String, option: String = "--time-zone") throws {
    guard !name.isEmpty, TimeZone(identifier: name) != nil else {
      throw ValidationError("\(option): '\(name)' is not an IANA time zone such as Europe/Amsterdam")
    }
  }

  /// `--vat CATEGORY=ACCOUNT:TAXCODE` (repeatable): the entries to set, and the categories to
  /// remove (`CATEGORY=` with nothing after it). A category given twice is refused.
  static func vatMappings(_ texts: [String], option: String = "--vat") throws
    -> (set: [Rentguy_Export_V1_VatMapping], removed: [Rentguy_Booking_V1_VatCategory])
  {
    var set: [Rentguy_Export_V1_VatMapping] = []
    var removed: [Rentguy_Booking_V1_VatCategory] = []
    let categories = VatArgument.allCases.map(\.rawValue).joined(separator: ", ")
    for text in texts {
      let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = parts[0].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
      guard parts.count == 2, let category = VatArgument(rawValue: name)?.proto else {
        throw ValidationError("\(option): '\(text)' is not CATEGORY=ACCOUNT:TAXCODE with a category of \(categories)")
      }
      guard !set.contains(where: { $0.category == category }), !removed.contains(category) else {
        throw ValidationError("\(option): \(name) is given twice")
      }
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      if value.isEmpty {
        removed.append(category)
        continue
      }
      let codes = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let account = codes[0].trimmingCharacters(in: .whitespaces)
      let taxCode = codes.count == 2 ? codes[1].trimmingCharacters(in: .whitespaces) : ""
      guard !account.isEmpty, !taxCode.isEmpty else {
        throw ValidationError("\(option): '\(text)' needs ACCOUNT:TAXCODE after the =, e.g. standard=8000:2")
      }
      var entry = Rentguy_Export_V1_VatMapping()
      entry.category = category
      entry.revenueAccount = account
      entry.taxCode = taxCode
      set.append(entry)
    }
    return (set, removed)
  }

  /// The code (and state, when there is one) in what Exact redirected to: the whole URL, its
  /// query (`code=…&state=…`) or the bare code.
  static func authorizationResponse(_ text: String, option: String) throws -> (code: String, state: String?) {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw ValidationError("\(option) is empty: give the URL Exact redirected to, or its code") }
    guard trimmed.contains("?") || trimmed.contains("=") || trimmed.contains("://") else {
      return (trimmed.removingPercentEncoding ?? trimmed, nil)
    }
    let url = trimmed.contains("?") || trimmed.contains("://") ? trimmed : "?" + trimmed
    let items = URLComponents(string: url)?.queryItems ?? []
    if let error = items.first(where: { $0.name == "error" })?.value {
      let description = items.first(where: { $0.name == "error_description" })?.value ?? ""
      throw ValidationError("Exact refused the authorization: \(error)\(description.isEmpty ? "" : " (\(description))")")
    }
    guard let code = items.first(where: { $0.name == "code" })?.value, !code.isEmpty else {
      throw ValidationError("\(option): no code in '\(trimmed)': give the URL Exact redirected to, or its code")
    }
    let state = items.first(where: { $0.name == "state" })?.value ?? ""
    return (code, state.isEmpty ? nil : state)
  }

  /// A file name from the server that is safe to write in the chosen directory: no path, no
  /// "..", no control characters.
  static func isPlainFileName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && !name.contains("/") && !name.contains("\\") && !name.contains("..")
      && !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
  }

  // MARK: Enum names (the value's name without its prefix)

  static func name(_ provider: Rentguy_Export_V1_AccountingProvider) -> String {
    switch provider {
    case .unspecified: ""
    case .moneybird: "MONEYBIRD"
    case .exact: "EXACT"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  /// "Moneybird", "Exact Online": for sentences.
  static func displayName(_ provider: Rentguy_Export_V1_AccountingProvider) -> String {
    switch provider {
    case .moneybird: "Moneybird"
    case .exact: "Exact Online"
    default: "the provider"
    }
  }

  static func name(_ kind: Rentguy_Export_V1_ExportKind) -> String {
    switch kind {
    case .unspecified: ""
    case .invoices: "INVOICES"
    case .payments: "PAYMENTS"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ document: Rentguy_Export_V1_DocumentKind) -> String {
    switch document {
    case .unspecified: ""
    case .invoice: "INVOICE"
    case .creditNote: "CREDIT_NOTE"
    case .payment: "PAYMENT"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ status: Rentguy_Export_V1_ExportStatus) -> String {
    switch status {
    case .unspecified: ""
    case .queued: "QUEUED"
    case .running: "RUNNING"
    case .succeeded: "SUCCEEDED"
    case .partiallyFailed: "PARTIALLY_FAILED"
    case .failed: "FAILED"
    case .canceled: "CANCELED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ status: Rentguy_Export_V1_ReconciliationStatus) -> String {
    switch status {
    case .unspecified: ""
    case .exported: "EXPORTED"
    case .matched: "MATCHED"
    case .amountMismatch: "AMOUNT_MISMATCH"
    case .missingAtProvider: "MISSING_AT_PROVIDER"
    case .failed: "FAILED"
    case .wouldExport: "WOULD_EXPORT"
    case .pending: "PENDING"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ frequency: Rentguy_Export_V1_ScheduleFrequency) -> String {
    switch frequency {
    case .unspecified: ""
    case .daily: "DAILY"
    case .weekly: "WEEKLY"
    case .monthly: "MONTHLY"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ matching: Rentguy_Export_V1_ContactMatching) -> String {
    switch matching {
    case .unspecified: ""
    case .customerNumberThenEmail: "CUSTOMER_NUMBER_THEN_EMAIL"
    case .email: "EMAIL"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  /// "INVOICES,PAYMENTS".
  static func kindNames(_ kinds: [Rentguy_Export_V1_ExportKind]) -> String {
    kinds.map { Self.name($0) }.joined(separator: ",")
  }

  /// Whether an export with this status has ended.
  static func isFinished(_ status: Rentguy_Export_V1_ExportStatus) -> Bool {
    [Rentguy_Export_V1_ExportStatus.succeeded, .partiallyFailed, .failed, .canceled].contains(status)
  }

  // MARK: Durations and times

  /// "45 s", "6 min", "1 h 6 min", "2 h" (minutes rounded up).
  static func duration(_ duration: Google_Protobuf_Duration) -> String {
    let seconds = max(0, Int(duration.timeInterval.rounded(.up)))
    guard seconds >= 60 else { return "\(seconds) s" }
    let minutes = (seconds + 59) / 60
    let (hours, rest) = (minutes / 60, minutes % 60)
    if hours == 0 { return "\(rest) min" }
    return rest == 0 ? "\(hours) h" : "\(hours) h \(rest) min"
  }

  /// "1 h 6 min within Moneybird's limits": how long sending takes, planned before the run.
  static func planned(_ export: Rentguy_Export_V1_Export) -> String {
    guard export.hasPlannedDuration else { return "" }
    let planned = "\(Self.duration(export.plannedDuration)) within \(Self.displayName(export.provider))'s limits"
    return export.dryRun ? "nothing sent (dry run); a real run: \(planned)" : planned
  }

  /// "14:05" today, else "2026-11-02 14:05" (in ``BookingFormat/defaultTimeZone``).
  static func clock(_ timestamp: Google_Protobuf_Timestamp, now: Date = Date()) -> String {
    let zone = TimeZone(identifier: BookingFormat.defaultTimeZone) ?? TimeZone(secondsFromGMT: 0)!
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = calendar.isDate(timestamp.date, inSameDayAs: now) ? "HH:mm" : "yyyy-MM-dd HH:mm"
    return formatter.string(from: timestamp.date)
  }

  /// "06:30".
  static func timeOfDay(_ time: Rentguy_Export_V1_LocalTime) -> String {
    let hours = time.hours < 10 ? "0\(time.hours)" : "\(time.hours)"
    let minutes = time.minutes < 10 ? "0\(time.minutes)" : "\(time.minutes)"
    return "\(hours):\(minutes)"
  }

  // MARK: Money

  /// `value − base` as "EUR 1.00", or empty when either is unset, the currencies differ or they are equal.
  static func difference(_ value: Rentguy_Common_V1_Money, isSet: Bool, from base: Rentguy_Common_V1_Money) -> String {
    guard isSet, value.currency == base.currency, value.amountMinor != base.amountMinor else { return "" }
    return Money(minorUnits: value.amountMinor - base.amountMinor, currency: value.currency).formatted
  }

  // MARK: Progress

  /// "512/10000 sent 3 failed, done ~14:05".
  static func progressCounts(_ progress: Rentguy_Export_V1_ExportProgress) -> String {
    let counts = progress.counts
    var text = "\(counts.succeeded + counts.skipped)/\(counts.total) sent \(counts.failed) failed"
    if counts.pending > 0, progress.hasExpectedFinishAt { text += ", done ~\(Self.clock(progress.expectedFinishAt))" }
    return text
  }

  /// "[#####---------------] 512/10000 sent 3 failed, done ~14:05", the status added unless RUNNING.
  static func progressBar(_ progress: Rentguy_Export_V1_ExportProgress, width: Int = 20) -> String {
    let counts = progress.counts
    let total = Int(counts.total)
    let done = max(0, min(total, total - Int(counts.pending)))
    let filled = total == 0 ? (Self.isFinished(progress.status) ? width : 0) : done * width / total
    var text = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
    text += Self.progressCounts(progress)
    if progress.status != .running { text += " \(Self.name(progress.status))" }
    return text
  }

  /// One line per progress message: "RUNNING 512/10000 sent 3 failed, done ~14:05  INVOICE F2026-00001 EXPORTED".
  static func progressLine(_ progress: Rentguy_Export_V1_ExportProgress) -> String {
    var line = "\(Self.name(progress.status)) \(Self.progressCounts(progress))"
    if progress.hasLastItem {
      let item = progress.lastItem
      let parts = [Self.name(item.document), Self.number(item), Self.name(item.status), item.message]
      line += "  " + parts.filter { !$0.isEmpty }.joined(separator: " ")
    }
    return line
  }

  /// Draws the progress bar on standard error, over the previous one (`\r`, erase to the end of the line).
  static func drawProgressBar(_ progress: Rentguy_Export_V1_ExportProgress) {
    FileHandle.standardError.write(Data(("\r" + Self.progressBar(progress) + "\u{1B}[K").utf8))
  }

  /// Ends the progress bar's line.
  static func endProgressBar() {
    FileHandle.standardError.write(Data("\n".utf8))
  }

  // MARK: Rows

  /// One row as one compact JSON object, for streams that print one object per line.
  static func jsonLine(_ row: Row) -> String {
    let object = Dictionary(row, uniquingKeysWith: { first, _ in first })
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  /// One compact row per export.
  static func exportRows(_ exports: [Rentguy_Export_V1_Export], render: Render) -> [Row] {
    exports.map { export in
      let counts = export.counts
      let row: Row = [
        ("id", export.id), ("provider", Self.name(export.provider)), ("kinds", Self.kindNames(export.kinds)),
        ("period", render.period(export.period)), ("dry_run", BookingFormat.yesNo(export.dryRun)),
        ("status", Self.name(export.status)), ("total", String(counts.total)), ("succeeded", String(counts.succeeded)),
        ("failed", String(counts.failed)), ("skipped", String(counts.skipped)), ("pending", String(counts.pending)),
        ("created", PaymentFormat.time(export.createdAt, isSet: export.hasCreatedAt, render: render)),
      ]
      return row
    }
  }

  /// The export's fields, all of them.
  static func exportDetail(_ export: Rentguy_Export_V1_Export, render: Render) -> [Row] {
    let startedBy = export.startedBy.displayName.isEmpty ? export.startedBy.id : export.startedBy.displayName
    let more: Row = [
      ("planned", Self.planned(export)),
      ("started", PaymentFormat.time(export.startedAt, isSet: export.hasStartedAt, render: render)),
      ("finished", PaymentFormat.time(export.finishedAt, isSet: export.hasFinishedAt, render: render)),
      ("started_by", startedBy), ("schedule", export.scheduleID), ("failure_reason", export.failureReason),
    ]
    return [Self.exportRows([export], render: render)[0] + more]
  }

  /// The invoice number of a line; for a payment also its id ("F2026-00001 pay_…").
  static func number(_ line: Rentguy_Export_V1_ReconciliationLine) -> String {
    guard line.document == .payment, !line.paymentID.isEmpty else { return line.invoiceNumber }
    return [line.invoiceNumber, line.paymentID].filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// One row per reconciliation line.
  static func reconciliationRows(_ lines: [Rentguy_Export_V1_ReconciliationLine]) -> [Row] {
    lines.map { line in
      let amount = Self.difference(line.providerAmount, isSet: line.hasProviderAmount, from: line.localAmount)
      let vat = Self.difference(line.providerVat, isSet: line.hasProviderVat, from: line.localVat)
      let difference = [amount, vat.isEmpty ? "" : "VAT \(vat)"].filter { !$0.isEmpty }.joined(separator: ", ")
      let row: Row = [
        ("document", Self.name(line.document)), ("number", Self.number(line)),
        ("booking", line.bookingNumber.isEmpty ? line.bookingID : line.bookingNumber), ("status", Self.name(line.status)),
        ("local", BookingFormat.money(line.localAmount)),
        ("provider", line.hasProviderAmount ? BookingFormat.money(line.providerAmount) : ""), ("difference", difference),
        ("message", line.message),
      ]
      return row
    }
  }

  /// One row per VAT rate.
  static func vatTotalRows(_ totals: [Rentguy_Export_V1_VatRateTotal]) -> [Row] {
    totals.map { total in
      let row: Row = [
        ("vat", BookingFormat.name(total.category)), ("rate", BookingFormat.percent(total.rateBp)),
        ("local_net", BookingFormat.money(total.localNet)), ("local_vat", BookingFormat.money(total.localVat)),
        ("provider_net", BookingFormat.money(total.providerNet)), ("provider_vat", BookingFormat.money(total.providerVat)),
      ]
      return row
    }
  }

  /// The report's grand totals.
  static func totalRow(_ report: Rentguy_Export_V1_GetReconciliationReportResponse) -> Row {
    [
      ("local_total", BookingFormat.money(report.localTotal)), ("provider_total", BookingFormat.money(report.providerTotal)),
      ("difference", Self.difference(report.providerTotal, isSet: report.hasProviderTotal, from: report.localTotal)),
    ]
  }

  /// One row per schedule.
  static func scheduleRows(_ schedules: [Rentguy_Export_V1_ExportSchedule], render: Render) -> [Row] {
    schedules.map { schedule in
      let row: Row = [
        ("id", schedule.id), ("provider", Self.name(schedule.provider)), ("kinds", Self.kindNames(schedule.kinds)),
        ("frequency", Self.name(schedule.frequency)), ("at", schedule.hasTimeOfDay ? Self.timeOfDay(schedule.timeOfDay) : ""),
        ("time_zone", schedule.timeZone), ("enabled", BookingFormat.yesNo(schedule.enabled)),
        ("next_run", schedule.hasNextRunAt ? render.time(schedule.nextRunAt, zone: schedule.timeZone) : ""),
        ("last_export", schedule.lastExportID), ("version", String(schedule.version)),
      ]
      return row
    }
  }

  /// A connection's settings (never a secret: only whether it is set).
  static func connectionRows(_ connection: Rentguy_Export_V1_Connection, render: Render) -> [Row] {
    var row: Row = [("provider", Self.name(connection.provider))]
    switch connection.provider {
    case .exact:
      let settings = connection.exact
      row += [
        ("base_url", settings.baseURL), ("division", settings.division == 0 ? "" : String(settings.division)),
        ("client_id", settings.clientID), ("client_secret", BookingFormat.yesNo(connection.secretSet)),
        ("redirect_uri", settings.redirectUri), ("authorized", BookingFormat.yesNo(connection.authorized)),
        (
          "authorization_expires",
          PaymentFormat.time(connection.authorizationExpiresAt, isSet: connection.hasAuthorizationExpiresAt, render: render)
        ),
      ]
    default:
      let settings = connection.moneybird
      row += [
        ("administration_id", settings.administrationID), ("api_token", BookingFormat.yesNo(connection.secretSet)),
        ("base_url", settings.baseURL),
      ]
    }
    row += [
      ("version", String(connection.version)),
      ("updated", PaymentFormat.time(connection.updatedAt, isSet: connection.hasUpdatedAt, render: render)),
    ]
    return [row]
  }

  /// A mapping: its settings, then one row per VAT category.
  static func mappingSections(_ mapping: Rentguy_Export_V1_AccountingMapping, render: Render) -> [[Row]] {
    let head: Row = [
      ("provider", Self.name(mapping.provider)), ("journal", mapping.journal), ("workflow_id", mapping.workflowID),
      ("payments_account", mapping.paymentsAccount), ("contact_matching", Self.name(mapping.contactMatching)),
      ("version", String(mapping.version)),
      ("updated", PaymentFormat.time(mapping.updatedAt, isSet: mapping.hasUpdatedAt, render: render)),
    ]
    let vat: [Row] = mapping.vat.map { entry in
      let row: Row = [
        ("vat", BookingFormat.name(entry.category)), ("revenue_account", entry.revenueAccount), ("tax_code", entry.taxCode),
      ]
      return row
    }
    return [[head], vat]
  }
}

// MARK: - Options

/// `--month` or `--from`/`--to` (with `--time-zone`): the period of an export or a UBL download.
struct ExportPeriodOptions: ParsableArguments {
  @Option(help: ArgumentHelp("A calendar month, e.g. 2026-10 (in --time-zone): instead of --from and --to.", valueName: "yyyy-mm"))
  var month: String?

  @OptionGroup var dates: PeriodOptions

  func validate() throws {
    _ = try self.period()
  }

  /// The period: the month, else `[--from, --to)`.
  func period() throws -> Rentguy_Common_V1_Period {
    if let month = self.month {
      guard self.dates.from == nil, self.dates.to == nil else { throw ValidationError("give --month or --from and --to, not both") }
      return try ExportFormat.month(month, in: self.dates.zone())
    }
    guard let period = try self.dates.period() else {
      throw ValidationError("give the period: --month 2026-10, or --from 2026-10-01 --to 2026-11-01")
    }
    return period
  }
}

// MARK: - Enum arguments

enum AccountingProviderArgument: String, ExpressibleByArgument, CaseIterable {
  case moneybird, exact

  var proto: Rentguy_Export_V1_AccountingProvider {
    switch self {
    case .moneybird: .moneybird
    case .exact: .exact
    }
  }
}

enum ScheduleFrequencyArgument: String, ExpressibleByArgument, CaseIterable {
  case daily, weekly, monthly

  var proto: Rentguy_Export_V1_ScheduleFrequency {
    switch self {
    case .daily: .daily
    case .weekly: .weekly
    case .monthly: .monthly
    }
  }
}

enum ContactMatchingArgument: String, ExpressibleByArgument, CaseIterable {
  case customerNumber = "customer-number"
  case email

  var proto: Rentguy_Export_V1_ContactMatching {
    switch self {
    case .customerNumber: .customerNumberThenEmail
    case .email: .email
    }
  }
}
