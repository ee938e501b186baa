import ArgumentParser
import Foundation
import GRPCCore
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy bookings …`: quotes and bookings through their lifecycle, their lines, shortages
/// and the event stream.
struct BookingsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bookings", abstract: "Quotes and bookings: create, edit, quote, confirm, close, watch.",
    subcommands: [
      List.self, Get.self, Create.self, Update.self, AddLine.self, UpdateLine.self, RemoveLine.self, Quote.self, Revise.self,
      Confirm.self, Cancel.self, Close.self, Shortages.self, Watch.self,
    ]
  )

  /// One compact row per booking.
  static func rows(_ bookings: [Rentguy_Booking_V1_Booking], render: Render) -> [Row] {
    bookings.map { booking in
      let row: Row = [
        ("id", booking.id), ("number", booking.number), ("status", BookingFormat.name(booking.status)),
        ("customer", booking.customerID), ("title", booking.title),
        ("period", render.period(booking.schedule.usage, zone: booking.timeZone)), ("total", BookingFormat.money(booking.total)),
      ]
      return row
    }
  }

  /// The booking's own fields (no lines).
  static func detail(_ booking: Rentguy_Booking_V1_Booking, render: Render) -> [Row] {
    let zone = booking.timeZone
    let validUntil = booking.hasQuoteValidUntil ? render.time(booking.quoteValidUntil, zone: zone) : ""
    let more: Row = [
      ("venue", booking.venue), ("planning", render.period(booking.planning, zone: zone)),
      ("days", String(booking.billableDays)), ("time_zone", zone), ("subtotal", BookingFormat.money(booking.subtotal)),
      ("vat", BookingFormat.money(booking.vat)), ("deposit", BookingFormat.money(booking.securityDeposit)),
      ("quote_valid_until", validUntil), ("shortages_overridden", BookingFormat.yesNo(booking.shortagesOverridden)),
      ("lead", booking.leadID), ("invoices", booking.invoiceIds.joined(separator: ",")), ("notes", booking.notes),
      ("version", String(booking.version)),
    ]
    return [Self.rows([booking], render: render)[0] + more]
  }

  /// One row per line.
  static func lineRows(_ lines: [Rentguy_Booking_V1_BookingLine]) -> [Row] {
    lines.map { line in
      let item = line.productID.isEmpty ? line.kitID : line.productID
      let row: Row = [
        ("id", line.id), ("item", item), ("description", line.description_p), ("kind", BookingFormat.name(line.kind)),
        ("qty", String(line.quantity)), ("unit_price", BookingFormat.money(line.unitPrice)), ("days", String(line.days)),
        ("discount", BookingFormat.percent(line.discountBp)), ("vat", BookingFormat.percent(line.vatRateBp)),
        ("net", BookingFormat.money(line.netAmount)), ("out", String(line.checkedOutQuantity)),
        ("back", String(line.returnedQuantity)),
      ]
      return row
    }
  }

  // MARK: Reading

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List bookings.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(name: .customLong("status"), help: "Only bookings in this status (repeat for several).")
    var statuses: [BookingStatusArgument] = []
    @Option(help: "Only this customer's bookings (cus_…).") var customer: String?
    @Option(help: "A part of the number, title or venue.") var query: String?
    @OptionGroup(title: "Only bookings whose planning period overlaps") var dates: PeriodOptions

    func run() async throws {
      let statuses = self.statuses.map(\.proto)
      let overlapping = try self.dates.period()
      let (customer, query, size, token) = (self.customer, self.query, self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listBookings(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.statuses = statuses
          $0.customerID = customer ?? ""
          $0.query = query ?? ""
          if let overlapping { $0.overlapping = overlapping }
        })
      }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.rows(response.bookings, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a booking with its lines and VAT breakdown.",
      discussion: "With --output json, the booking as protobuf JSON."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…) or number (RG-2026-00042).") var id: String

    func run() async throws {
      let id = self.id
      let booking = try await global.call { try await $0.booking.getBooking(.with { $0.bookingID = id }).booking }
      try DetailPrinter.print(
        global.output, message: booking,
        sections: [
          BookingsCommand.detail(booking, render: Render(global.output)), BookingsCommand.lineRows(booking.lines),
          BookingFormat.vatRows(booking.vatBreakdown),
        ]
      )
    }
  }

  // MARK: Creating and changing

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a DRAFT booking.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The customer (cus_…).") var customer: String
    @Option(help: "A title, e.g. the event's name.") var title: String?
    @Option(help: "Where the event is.") var venue: String?
    @OptionGroup(title: "Usage period (what the customer pays for)") var dates: PeriodOptions
    @Option(
      name: .customLong("item"),
      help: ArgumentHelp("A rental line, PRODUCT_OR_KIT_ID=QTY (kit_… ids are kits); repeat for each.", valueName: "id=qty")
    )
    var items: [ItemSpec] = []
    @Option(help: ArgumentHelp("A refundable security deposit, e.g. 250.00.", valueName: "amount")) var deposit: String?
    @Option(help: "Notes.") var notes: String?
    @Option(help: ArgumentHelp("Preparation buffer for every line, in hours (default: each product's).", valueName: "hours"))
    var preparationBuffer: Double?
    @Option(help: ArgumentHelp("Return buffer for every line, in hours (default: each product's).", valueName: "hours"))
    var returnBuffer: Double?

    func run() async throws {
      var request = Rentguy_Booking_V1_CreateBookingRequest()
      request.idempotencyKey = UUID().uuidString
      request.customerID = self.customer
      request.title = self.title ?? ""
      request.venue = self.venue ?? ""
      request.schedule.usage = try self.dates.requiredPeriod()
      if let preparationBuffer {
        request.schedule.preparationBuffer = try BookingFormat.duration(hours: preparationBuffer, option: "--preparation-buffer")
      }
      if let returnBuffer {
        request.schedule.returnBuffer = try BookingFormat.duration(hours: returnBuffer, option: "--return-buffer")
      }
      request.lines = self.items.map(\.lineInput)
      if let deposit { request.securityDeposit = try BookingFormat.money(parsing: deposit, option: "--deposit") }
      request.notes = self.notes ?? ""
      request.timeZone = self.dates.timeZone ?? ""
      let create = request
      let booking = try await global.call { try await $0.booking.createBooking(create).booking }
      try DetailPrinter.print(
        global.output, message: booking,
        sections: [BookingsCommand.detail(booking, render: Render(global.output)), BookingsCommand.lineRows(booking.lines)]
      )
    }
  }

  struct Update: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a booking's own fields (lines: add-line, update-line, remove-line).",
      discussion: """
        Only the options given change. A new --from or --to keeps the rest of the current schedule; local \
        times are read in --time-zone, else the booking's time zone. A schedule change is checked against the \
        version read first unless --expected-version is given.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…) or number.") var id: String
    @Option(help: "Another customer (cus_…).") var customer: String?
    @Option(help: "A title.") var title: String?
    @Option(help: "Where the event is.") var venue: String?
    @Option(help: ArgumentHelp("New start of the usage period (2026-12-01, 2026-12-01T14:00 or ISO 8601).", valueName: "time"))
    var from: String?
    @Option(help: ArgumentHelp("New end of the usage period (exclusive).", valueName: "time")) var to: String?
    @Option(help: ArgumentHelp("Preparation buffer for every line, in hours.", valueName: "hours")) var preparationBuffer: Double?
    @Option(help: ArgumentHelp("Return buffer for every line, in hours.", valueName: "hours")) var returnBuffer: Double?
    @Option(help: ArgumentHelp("The booking's IANA time zone for billable days (also reads --from/--to).", valueName: "zone"))
    var timeZone: String?
    @Option(help: ArgumentHelp("The refundable security deposit, e.g. 250.00.", valueName: "amount")) var deposit: String?
    @Option(help: "Notes (replaces them).") var notes: String?
    @Flag(help: "Accept the change although it causes shortages (needs booking.shortages.override).") var allowShortages = false
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var booking = Rentguy_Booking_V1_Booking()
      var paths: [String] = []
      if let customer { booking.customerID = customer; paths.append("customer_id") }
      if let title { booking.title = title; paths.append("title") }
      if let venue { booking.venue = venue; paths.append("venue") }
      if let deposit {
        booking.securityDeposit = try BookingFormat.money(parsing: deposit, option: "--deposit")
        paths.append("security_deposit")
      }
      if let notes { booking.notes = notes; paths.append("notes") }
      if let timeZone {
        _ = try BookingFormat.timeZone(timeZone)
        booking.timeZone = timeZone
        paths.append("time_zone")
      }
      let preparation = try self.preparationBuffer.map { try BookingFormat.duration(hours: $0, option: "--preparation-buffer") }
      let returning = try self.returnBuffer.map { try BookingFormat.duration(hours: $0, option: "--return-buffer") }
      let changesSchedule = self.from != nil || self.to != nil || preparation != nil || returning != nil
      if changesSchedule { paths.append("schedule") }
      guard !paths.isEmpty else { throw ValidationError("nothing to change: give at least one option") }
      let (id, base, fields, from, to, zoneName) = (self.id, booking, paths, self.from, self.to, self.timeZone)
      let (version, allowShortages) = (self.expectedVersion, self.allowShortages)
      let updated = try await global.call { client -> Rentguy_Booking_V1_Booking in
        let current = try await client.booking.getBooking(.with { $0.bookingID = id }).booking
        var changed = base
        changed.id = current.id
        var expected = version
        if changesSchedule {
          let zone = try BookingFormat.timeZone(zoneName ?? current.timeZone)
          var schedule = current.schedule
          if let from {
            let start = try BookingFormat.time(parsing: from, in: zone, option: "--from")
            schedule.usage.start = Google_Protobuf_Timestamp(date: start)
          }
          if let to {
            let end = try BookingFormat.time(parsing: to, in: zone, option: "--to")
            schedule.usage.end = Google_Protobuf_Timestamp(date: end)
          }
          if let preparation { schedule.preparationBuffer = preparation }
          if let returning { schedule.returnBuffer = returning }
          guard schedule.usage.end.date > schedule.usage.start.date else {
            throw ValidationError("the usage period must end after it starts")
          }
          changed.schedule = schedule
          if expected == 0 { expected = current.version }
        }
        let (request, expectedVersion) = (changed, expected)
        return try await client.booking.updateBooking(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.booking = request
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = expectedVersion
          $0.allowShortages = allowShortages
        }).booking
      }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.detail(updated, render: Render(global.output)))
    }
  }

  struct AddLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add-line",
      abstract: "Add rental lines (--item) or a charge (--charge damage|loss|service) to a booking.",
      discussion: """
        Rental lines: --item ID=QTY, repeated. A charge is one line: --charge with --price (loss defaults to the \
        product's replacement value) and --description, or --item for the product concerned. --price on an item \
        overrides the catalog price (needs booking.prices.override).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Option(
      name: .customLong("item"),
      help: ArgumentHelp("PRODUCT_OR_KIT_ID=QTY (kit_… ids are kits); repeat for several rental lines.", valueName: "id=qty")
    )
    var items: [ItemSpec] = []
    @Option(help: "Add a charge instead of a rental line.") var charge: ChargeArgument?
    @Option(help: "Quantity of a charge without --item (default 1).") var quantity: Int32?
    @Option(help: "Description (required for a charge without --item).") var description: String?
    @Option(help: ArgumentHelp("Unit price excluding VAT, e.g. 75.00.", valueName: "amount")) var price: String?
    @Option(help: ArgumentHelp("Discount in percent, e.g. 10 or 12.5.", valueName: "percent")) var discount: Double?
    @Option(help: "VAT category (default: the product's, else standard).") var vat: VatArgument?
    @Flag(help: "Accept the lines although they cause shortages (needs booking.shortages.override).") var allowShortages = false
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var template = Rentguy_Booking_V1_BookingLineInput()
      if let price { template.unitPrice = try BookingFormat.money(parsing: price, option: "--price") }
      if let discount { template.discountBp = try BookingFormat.basisPoints(percent: discount, option: "--discount") }
      if let description { template.description_p = description }
      if let vat { template.vatCategory = vat.proto }
      var lines: [Rentguy_Booking_V1_BookingLineInput] = []
      if let charge {
        guard self.items.count <= 1 else { throw ValidationError("a charge is one line: give at most one --item") }
        if charge != .loss && self.price == nil { throw ValidationError("--price is required for a \(charge.rawValue) charge") }
        if self.items.isEmpty && self.description == nil {
          throw ValidationError("--description is required for a charge without --item")
        }
        var line = template
        line.kind = charge.proto
        if let item = self.items.first {
          guard self.quantity == nil else { throw ValidationError("give the quantity as --item ID=QTY") }
          if item.isKit { line.kitID = item.id } else { line.productID = item.id }
          line.quantity = item.quantity
        } else {
          let quantity = self.quantity ?? 1
          guard quantity >= 1 else { throw ValidationError("--quantity must be at least 1") }
          line.quantity = quantity
        }
        lines.append(line)
      } else {
        guard !self.items.isEmpty else { throw ValidationError("give --item ID=QTY (rental) or --charge damage|loss|service") }
        guard self.quantity == nil else { throw ValidationError("give the quantity as --item ID=QTY") }
        for item in self.items {
          var line = template
          if item.isKit { line.kitID = item.id } else { line.productID = item.id }
          line.quantity = item.quantity
          line.kind = .rental
          lines.append(line)
        }
      }
      let (id, added, version, allowShortages) = (self.booking, lines, self.expectedVersion, self.allowShortages)
      let response = try await global.call { client in
        try await client.booking.addBookingLines(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = id
          $0.lines = added
          $0.expectedVersion = version
          $0.allowShortages = allowShortages
        })
      }
      let newLines = response.booking.lines.filter { response.lineIds.contains($0.id) }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.lineRows(newLines))
    }
  }

  struct UpdateLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update-line", abstract: "Change one line of a booking (only the options given)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Argument(help: "The line's id (bln_…).") var line: String
    @Option(help: "New quantity.") var quantity: Int32?
    @Option(help: ArgumentHelp("Discount in percent, e.g. 10 or 12.5.", valueName: "percent")) var discount: Double?
    @Option(help: "New description.") var description: String?
    @Option(help: ArgumentHelp("Unit price excluding VAT (needs booking.prices.override).", valueName: "amount")) var price: String?
    @Option(help: "VAT category.") var vat: VatArgument?
    @Flag(help: "Accept the change although it causes shortages (needs booking.shortages.override).") var allowShortages = false
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var input = Rentguy_Booking_V1_BookingLineInput()
      var paths: [String] = []
      if let quantity {
        guard quantity >= 1 else { throw ValidationError("--quantity must be at least 1") }
        input.quantity = quantity
        paths.append("quantity")
      }
      if let discount {
        input.discountBp = try BookingFormat.basisPoints(percent: discount, option: "--discount")
        paths.append("discount_bp")
      }
      if let description { input.description_p = description; paths.append("description") }
      if let price { input.unitPrice = try BookingFormat.money(parsing: price, option: "--price"); paths.append("unit_price") }
      if let vat { input.vatCategory = vat.proto; paths.append("vat_category") }
      guard !paths.isEmpty else {
        throw ValidationError("nothing to change: give --quantity, --discount, --description, --price or --vat")
      }
      let (bookingID, lineID, changed, fields) = (self.booking, self.line, input, paths)
      let (version, allowShortages) = (self.expectedVersion, self.allowShortages)
      let booking = try await global.call { client in
        try await client.booking.updateBookingLine(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = bookingID
          $0.lineID = lineID
          $0.line = changed
          $0.updateMask = Google_Protobuf_FieldMask(protoPaths: fields)
          $0.expectedVersion = version
          $0.allowShortages = allowShortages
        }).booking
      }
      let updated = booking.lines.filter { $0.id == lineID }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.lineRows(updated))
    }
  }

  struct RemoveLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove-line", abstract: "Remove one line of a booking (refused once any of it is checked out)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Argument(help: "The line's id (bln_…).") var line: String
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (bookingID, lineID, version) = (self.booking, self.line, self.expectedVersion)
      let booking = try await global.call { client in
        try await client.booking.removeBookingLine(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = bookingID
          $0.lineID = lineID
          $0.expectedVersion = version
        }).booking
      }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.rows([booking], render: Render(global.output)))
    }
  }

  // MARK: Lifecycle

  struct Quote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a DRAFT as a QUOTE (freezes it until revised).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Option(help: ArgumentHelp("Until when the quote stands (default: 14 days from now).", valueName: "time")) var validUntil: String?
    @Option(help: ArgumentHelp("IANA time zone of a local --valid-until (default Europe/Amsterdam).", valueName: "zone"))
    var timeZone: String?
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      var validUntil: Date?
      if let text = self.validUntil {
        let zone = try BookingFormat.timeZone(self.timeZone)
        validUntil = try BookingFormat.time(parsing: text, in: zone, option: "--valid-until")
      }
      let (id, until, version) = (self.booking, validUntil, self.expectedVersion)
      let booking = try await global.call { client in
        try await client.booking.sendQuote(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = id
          if let until { $0.validUntil = Google_Protobuf_Timestamp(date: until) }
          $0.expectedVersion = version
        }).booking
      }
      let render = Render(global.output)
      let validity = booking.hasQuoteValidUntil ? render.time(booking.quoteValidUntil, zone: booking.timeZone) : ""
      let row: Row = BookingsCommand.rows([booking], render: render)[0] + [("valid_until", validity)]
      OutputPrinter(format: global.output).print(rows: [row])
    }
  }

  struct Revise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take a QUOTE (or EXPIRED quote) back to DRAFT to change it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (id, version) = (self.booking, self.expectedVersion)
      let booking = try await global.call { client in
        try await client.booking.reviseQuote(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = id
          $0.expectedVersion = version
        }).booking
      }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.rows([booking], render: Render(global.output)))
    }
  }

  struct Confirm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Confirm a DRAFT or QUOTE: reserves its stock.",
      discussion: """
        With shortages it fails (FAILED_PRECONDITION) unless --allow-shortages; see `rentguy bookings shortages \
        BOOKING`. Shortages accepted by the override are listed after the booking.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Flag(help: "Confirm although stock is short (needs booking.shortages.override; audited).") var allowShortages = false
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (id, allowShortages, version) = (self.booking, self.allowShortages, self.expectedVersion)
      let response = try await global.call { client in
        try await client.booking.confirmBooking(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = id
          $0.allowShortages = allowShortages
          $0.expectedVersion = version
        })
      }
      let render = Render(global.output)
      try DetailPrinter.print(
        global.output, message: response,
        sections: [
          BookingsCommand.rows([response.booking], render: render),
          BookingFormat.shortageRows(response.shortages, render: render),
        ]
      )
    }
  }

  struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a booking that has nothing checked out (releases its stock).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Option(help: "Why.") var reason = ""
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (id, reason, version) = (self.booking, self.reason, self.expectedVersion)
      let booking = try await global.call { client in
        try await client.booking.cancelBooking(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = id
          $0.reason = reason
          $0.expectedVersion = version
        }).booking
      }
      OutputPrinter(format: global.output).print(rows: BookingsCommand.rows([booking], render: Render(global.output)))
    }
  }

  struct Close: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Close a RETURNED booking and issue its final invoice.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Option(help: "Fail unless the booking is at this version (see get).") var expectedVersion: Int64 = 0

    func run() async throws {
      let (id, version) = (self.booking, self.expectedVersion)
      let response = try await global.call { client in
        try await client.booking.closeBooking(.with {
          $0.idempotencyKey = UUID().uuidString
          $0.bookingID = id
          $0.expectedVersion = version
        })
      }
      let invoice: Row = [("invoice", response.invoice.number), ("invoice_id", response.invoice.id)]
      let row: Row = BookingsCommand.rows([response.booking], render: Render(global.output))[0] + invoice
      OutputPrinter(format: global.output).print(rows: [row])
    }
  }

  struct Shortages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Shortages of one booking, or of all bookings holding stock (default: from now on)."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Argument(help: "A booking's id (bkg_…); default: every booking holding stock.") var booking: String?
    @OptionGroup(title: "Only bookings whose planning period overlaps") var dates: PeriodOptions

    func run() async throws {
      let period = try self.dates.period()
      let (id, size, token) = (self.booking, self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listShortages(.with {
          $0.bookingID = id ?? ""
          if let period { $0.period = period }
          $0.pageSize = size
          $0.pageToken = token
        })
      }
      OutputPrinter(format: global.output).print(rows: BookingFormat.shortageRows(response.shortages, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  // MARK: Events

  struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stream booking events as they are committed, until interrupted.",
      discussion: """
        One line per event: SEQUENCE TYPE NUMBER STATUS (with --output json, the event as one JSON object per \
        line). By default only new events; --from-beginning replays the stored ones first, --after N those after \
        sequence N (to resume). The end of the replay is noted on standard error.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Replay every stored event, then go live.") var fromBeginning = false
    @Option(help: ArgumentHelp("Replay the events after this sequence, then go live.", valueName: "sequence")) var after: Int64?
    @Option(name: .customLong("booking"), help: ArgumentHelp("Only this booking (bkg_…); repeat for several.", valueName: "id"))
    var bookings: [String] = []

    func validate() throws {
      if fromBeginning && after != nil { throw ValidationError("give --from-beginning or --after, not both") }
    }

    /// `"42 CONFIRMED RG-2026-00042 CONFIRMED"`.
    static func line(_ event: Rentguy_Booking_V1_BookingEvent) -> String {
      let number = event.booking.number.isEmpty ? event.bookingID : event.booking.number
      let status = event.hasBooking ? BookingFormat.name(event.booking.status) : ""
      return "\(event.sequence) \(BookingFormat.name(event.type)) \(number) \(status)"
    }

    func run() async throws {
      var request = Rentguy_Booking_V1_WatchBookingEventsRequest()
      if self.fromBeginning {
        request.fromBeginning = true
      } else if let after = self.after {
        request.afterSequence = after
      } else {
        request.liveOnly = true
      }
      request.bookingIds = self.bookings
      let watch = request
      let json = global.output == .json
      // The stream lives until interrupted: no --timeout deadline for this call.
      var options = CallOptions.defaults
      options.timeout = Duration.seconds(366 * 24 * 3600)
      let callOptions = options
      try await global.call { client in
        try await client.booking.watchBookingEvents(watch, options: callOptions) { response in
          for try await message in response.messages {
            switch message.kind {
            case .event(let event)?:
              if json {
                let text = try event.jsonString()
                Console.output(text)
              } else {
                Console.output(BookingsCommand.Watch.line(event))
              }
            case .caughtUp(let marker)?:
              Console.error("— caught up at \(marker.lastSequence) —")
            case .heartbeat?:
              break
            case nil:
              break
            }
          }
        }
      }
    }
  }
}
