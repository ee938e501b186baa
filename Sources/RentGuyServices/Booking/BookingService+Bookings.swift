import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Bookings through their lifecycle: create, read, change, quote, confirm, cancel, close.
extension BookingService {
  public func createBooking(
    request: Rentguy_Booking_V1_CreateBookingRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CreateBookingResponse {
    try Self.requirePriceOverride(request.lines)
    return try await self.mutate("CreateBooking", context) { db, mutation in
      let booking = try self.newBooking(request, leadID: nil, db, mutation)
      try db.insertBooking(booking)
      try mutation.event(.created, booking, in: db)
      try mutation.audit(booking.id, "created booking \(booking.number) in DRAFT", in: db)
      return try mutation.respond(.with { $0.booking = mutation.proto(booking) })
    }
  }

  /// A DRAFT booking from `request`, validated, with its number taken (not yet stored).
  func newBooking(
    _ request: Rentguy_Booking_V1_CreateBookingRequest, leadID: String?, _ db: any BookingDatabase, _ mutation: Mutation
  ) throws -> StoredBooking {
    let customerID = try Self.required(request.customerID, field: "customer_id")
    guard try db.customer(customerID) != nil else { throw BookingError.invalidArgument("customer_id", "'\(customerID)' is not a customer") }
    let usage = try Self.usage(request.schedule, field: "schedule")
    let zone = try self.timeZone(request.timeZone, field: "time_zone")
    guard request.lines.count <= 500 else { throw BookingError.invalidArgument("lines", "must have at most 500 lines") }
    let year = Calendar(identifier: .gregorian).dateComponents(in: zone, from: Date(millisecondsSince1970: mutation.now)).year ?? 1970
    let prefix = self.configuration.bookingNumberPrefix
    let number = DocumentNumber.format(prefix: prefix, year: year, sequence: try db.nextNumber(series: "\(prefix)\(year)"))
    var booking = StoredBooking(
      id: Identifier.make("bkg"), number: number, status: BookingState.draft.rawValue, customerID: customerID,
      title: String(request.title.prefix(200)), venue: String(request.venue.prefix(200)),
      venueAddressJSON: request.hasVenueAddress ? try request.venueAddress.jsonString() : "{}", usageStart: usage.start, usageEnd: usage.end,
      preparationBufferMs: request.schedule.hasPreparationBuffer ? request.schedule.preparationBuffer.milliseconds : nil,
      returnBufferMs: request.schedule.hasReturnBuffer ? request.schedule.returnBuffer.milliseconds : nil, planningStart: usage.start,
      planningEnd: usage.end, timeZone: zone.identifier, currency: self.configuration.currency,
      securityDepositMinor: request.hasSecurityDeposit ? try self.money(request.securityDeposit, field: "security_deposit") : 0,
      leadID: leadID, notes: request.notes, createdAt: mutation.now, updatedAt: mutation.now
    )
    for (index, input) in request.lines.enumerated() {
      booking.lines.append(try self.line(input, field: "lines[\(index)]", for: booking, db))
    }
    try self.replan(&booking, db)
    return booking
  }

  public func getBooking(
    request: Rentguy_Booking_V1_GetBookingRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_GetBookingResponse {
    let id = try Self.required(request.bookingID, field: "booking_id")
    return try await self.repository.read { db in
      guard let booking = try db.booking(id) else { throw BookingError.notFound("booking", id) }
      return .with { $0.booking = Rentguy_Booking_V1_Booking(booking) }
    }
  }

  public func listBookings(
    request: Rentguy_Booking_V1_ListBookingsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListBookingsResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    let overlapping = request.hasOverlapping ? (request.overlapping.start.milliseconds, request.overlapping.end.milliseconds) : nil
    return try await self.repository.read { db in
      let found = try db.bookings(
        statuses: request.statuses.map(\.rawValue), customerID: request.customerID.isEmpty ? nil : request.customerID,
        overlapping: overlapping.map { (start: $0.0, end: $0.1) }, query: request.query.isEmpty ? nil : request.query,
        after: after, limit: size + 1
      )
      let page = Self.page(found, size: size, id: \.id)
      return .with {
        $0.bookings = page.items.map(Rentguy_Booking_V1_Booking.init)
        $0.nextPageToken = page.next
      }
    }
  }

  public func updateBooking(
    request: Rentguy_Booking_V1_UpdateBookingRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UpdateBookingResponse {
    let paths = try Self.mask(
      request.updateMask.paths,
      allowed: ["customer_id", "title", "venue", "venue_address", "schedule", "security_deposit", "notes", "time_zone"]
    )
    let input = request.booking
    let usage = paths.contains("schedule") ? try Self.usage(input.schedule, field: "booking.schedule") : nil
    let zone = paths.contains("time_zone") ? try self.timeZone(input.timeZone, field: "booking.time_zone") : nil
    let deposit = paths.contains("security_deposit") ? try self.money(input.securityDeposit, field: "booking.security_deposit") : nil
    if request.allowShortages { try Self.require("booking.shortages.override", for: "allow_shortages") }
    return try await self.change(input.id, field: "booking.id", expected: request.expectedVersion, "UpdateBooking", context) { booking, db in
      _ = try BookingLifecycle.apply(.editFields, to: try Self.state(booking), somethingCheckedOut: false)
      if paths.contains("customer_id") {
        guard try db.customer(input.customerID) != nil else {
          throw BookingError.invalidArgument("booking.customer_id", "'\(input.customerID)' is not a customer")
        }
        booking.customerID = input.customerID
      }
      if paths.contains("title") { booking.title = String(input.title.prefix(200)) }
      if paths.contains("venue") { booking.venue = String(input.venue.prefix(200)) }
      if paths.contains("venue_address") { booking.venueAddressJSON = input.hasVenueAddress ? try input.venueAddress.jsonString() : "{}" }
      if let usage {
        booking.usageStart = usage.start
        booking.usageEnd = usage.end
        booking.preparationBufferMs = input.schedule.hasPreparationBuffer ? input.schedule.preparationBuffer.milliseconds : nil
        booking.returnBufferMs = input.schedule.hasReturnBuffer ? input.schedule.returnBuffer.milliseconds : nil
      }
      if let zone { booking.timeZone = zone.identifier }
      if let deposit { booking.securityDepositMinor = deposit }
      if paths.contains("notes") { booking.notes = input.notes }
      try self.replan(&booking, db)
      try self.rereserve(&booking, allowShortages: request.allowShortages, db)
      return (.updated, "changed \(paths.sorted().joined(separator: ", "))")
    }
  }

  public func sendQuote(request: Rentguy_Booking_V1_SendQuoteRequest, context: ServerContext) async throws -> Rentguy_Booking_V1_SendQuoteResponse {
    let validUntil = request.hasValidUntil ? request.validUntil.milliseconds : nil
    let validity = Int64(self.configuration.quoteValidity.timeInterval * 1000)
    return try await self.change(request.bookingID, field: "booking_id", expected: request.expectedVersion, "SendQuote", context) { booking, db in
      let now = booking.updatedAt
      let until = validUntil ?? now + validity
      guard until > now else { throw BookingError.invalidArgument("valid_until", "must be in the future") }
      booking.status = try BookingLifecycle.apply(.sendQuote, to: try Self.state(booking), somethingCheckedOut: false).rawValue
      booking.quoteValidUntil = until
      guard !booking.lines.isEmpty else { throw BookingError(.failedPrecondition, "a quote needs at least one line", reason: .stateConflict) }
      // A quote holds nothing, but is counted when availability is asked with include_quotes.
      try db.replaceHolds(bookingID: booking.id, with: try StockPlanner(db: db).holds(for: booking), firm: false)
      return (.quoteSent, "sent quote \(booking.number), valid until \(Date(millisecondsSince1970: until))")
    }
  }

  public func reviseQuote(
    request: Rentguy_Booking_V1_ReviseQuoteRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ReviseQuoteResponse {
    try await self.change(request.bookingID, field: "booking_id", expected: request.expectedVersion, "ReviseQuote", context) { booking, db in
      booking.status = try BookingLifecycle.apply(.reviseQuote, to: try Self.state(booking), somethingCheckedOut: false).rawValue
      booking.quoteValidUntil = nil
      try db.replaceHolds(bookingID: booking.id, with: [], firm: false)
      return (.quoteRevised, "quote \(booking.number) back to DRAFT")
    }
  }

  public func confirmBooking(
    request: Rentguy_Booking_V1_ConfirmBookingRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ConfirmBookingResponse {
    if request.allowShortages { try Self.require("booking.shortages.override", for: "allow_shortages") }
    let id = try Self.required(request.bookingID, field: "booking_id")
    let expected = request.expectedVersion
    return try await self.mutate("ConfirmBooking", context) { db, mutation in
      var booking = try Self.load(id, expected: expected, db)
      if booking.status == BookingState.quote.rawValue, let until = booking.quoteValidUntil, until < mutation.now {
        throw BookingError.lifecycle(LifecycleError(action: .confirm, state: .expired))
      }
      let next = try BookingLifecycle.apply(.confirm, to: try Self.state(booking), somethingCheckedOut: false)
      guard !booking.lines.isEmpty else {
        throw BookingError(.failedPrecondition, "a booking needs at least one line to be confirmed", reason: .stateConflict)
      }
      booking.status = next.rawValue
      let accepted = try StockPlanner(db: db).reserve(booking, allowShortages: request.allowShortages)
      booking.shortagesOverridden = booking.shortagesOverridden || !accepted.isEmpty
      booking.updatedAt = mutation.now
      try db.updateBooking(booking, lines: false)
      booking.version += 1
      try mutation.event(.confirmed, booking, in: db)
      let override = accepted.isEmpty ? "" : " with shortages overridden: " + accepted.map { "\($0.productName) short by \($0.missing)" }.joined(separator: ", ")
      try mutation.audit(booking.id, "confirmed \(booking.number)\(override)", in: db)
      return try mutation.respond(.with {
        $0.booking = mutation.proto(booking)
        $0.shortages = accepted
      })
    }
  }

  public func cancelBooking(
    request: Rentguy_Booking_V1_CancelBookingRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CancelBookingResponse {
    let reason = String(request.reason.prefix(2000))
    return try await self.change(request.bookingID, field: "booking_id", expected: request.expectedVersion, "CancelBooking", context) { booking, db in
      booking.status = try BookingLifecycle.apply(.cancel, to: try Self.state(booking), somethingCheckedOut: Self.anythingOut(booking)).rawValue
      booking.cancelReason = reason
      try db.replaceHolds(bookingID: booking.id, with: [], firm: true)
      return (.canceled, "canceled \(booking.number)" + (reason.isEmpty ? "" : ": \(reason)"))
    }
  }

  public func closeBooking(
    request: Rentguy_Booking_V1_CloseBookingRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_CloseBookingResponse {
    let id = try Self.required(request.bookingID, field: "booking_id")
    let expected = request.expectedVersion
    return try await self.mutate("CloseBooking", context) { db, mutation in
      var booking = try Self.load(id, expected: expected, db)
      booking.status = try BookingLifecycle.apply(.close, to: try Self.state(booking), somethingCheckedOut: Self.anythingOut(booking)).rawValue
      booking.updatedAt = mutation.now
      try db.replaceHolds(bookingID: booking.id, with: [], firm: true)
      let invoice = try self.issueFinalInvoice(for: booking, db, mutation)
      booking.invoiceIDs.append(invoice.id)
      try db.updateBooking(booking, lines: false)
      booking.version += 1
      try mutation.event(.closed, booking, in: db)
      try mutation.event(.invoiceIssued, booking, in: db)
      try mutation.audit(booking.id, "closed \(booking.number); issued invoice \(invoice.number)", in: db)
      return try mutation.respond(.with {
        $0.booking = mutation.proto(booking)
        $0.invoice = invoice
      })
    }
  }

  public func listShortages(
    request: Rentguy_Booking_V1_ListShortagesRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListShortagesResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    let now = Date().millisecondsSince1970
    let period = request.hasPeriod ? (start: request.period.start.milliseconds, end: request.period.end.milliseconds) : (start: now, end: Int64.max / 2)
    return try await self.repository.read { db in
      let planner = StockPlanner(db: db)
      let bookings: [StoredBooking]
      if !request.bookingID.isEmpty {
        guard let booking = try db.booking(request.bookingID) else { throw BookingError.notFound("booking", request.bookingID) }
        bookings = [booking]
      } else {
        bookings = try db.bookings(
          statuses: BookingState.allCases.filter(\.holdsStock).map(\.rawValue), customerID: nil, overlapping: period, query: nil,
          after: after, limit: size + 1
        )
      }
      let page = Self.page(bookings, size: size, id: \.id)
      var response = Rentguy_Booking_V1_ListShortagesResponse()
      for booking in page.items {
        response.shortages += try planner.shortages(of: booking.id, holds: try planner.holds(for: booking))
      }
      response.nextPageToken = request.bookingID.isEmpty ? page.next : ""
      return response
    }
  }

  // MARK: - Shared

  /// Loads a booking, changes it with `body` (which returns the event and the audit summary),
  /// stores it with a new version, and answers with it.
  func change<Response: BookingResponse>(
    _ id: String, field: String, expected: Int64, _ method: String, _ context: ServerContext,
    _ body: @escaping @Sendable (inout StoredBooking, any BookingDatabase) throws -> (Rentguy_Booking_V1_BookingEventType, String)
  ) async throws -> Response {
    let id = try Self.required(id, field: field)
    return try await self.mutate(method, context) { db, mutation in
      var booking = try Self.load(id, expected: expected, db)
      booking.updatedAt = mutation.now
      let (event, summary) = try body(&booking, db)
      try db.updateBooking(booking, lines: true)
      booking.version += 1
      try mutation.event(event, booking, in: db)
      try mutation.audit(booking.id, summary, in: db)
      var response = Response()
      response.booking = mutation.proto(booking)
      return try mutation.respond(response)
    }
  }

  static func load(_ id: String, expected: Int64, _ db: any BookingDatabase) throws -> StoredBooking {
    guard let booking = try db.booking(id) else { throw BookingError.notFound("booking", id) }
    guard expected == 0 || expected == booking.version else {
      throw BookingError.versionMismatch("booking", booking.number, is: booking.version, expected: expected)
    }
    return booking
  }

  static func state(_ booking: StoredBooking) throws -> BookingState {
    guard let state = BookingState(rawValue: booking.status) else {
      throw BookingError(.internalError, "booking \(booking.number) has an unknown status \(booking.status)")
    }
    return state
  }

  static func anythingOut(_ booking: StoredBooking) -> Bool {
    booking.lines.contains { $0.checkedOutQuantity > $0.returnedQuantity }
  }

  /// Billable days of rental lines and the planning period, after a change of lines or schedule.
  func replan(_ booking: inout StoredBooking, _ db: any BookingDatabase) throws {
    let days = BillableDays.count(
      start: Date(millisecondsSince1970: booking.usageStart), end: Date(millisecondsSince1970: booking.usageEnd),
      timeZone: TimeZones.named(booking.timeZone) ?? self.configuration.timeZone
    )
    for index in booking.lines.indices where booking.lines[index].isRental { booking.lines[index].days = max(1, days) }
    let planner = StockPlanner(db: db)
    let planning = planner.planning(for: booking, holds: try planner.holds(for: booking))
    booking.planningStart = planning.start
    booking.planningEnd = planning.end
  }

  /// After a change to a booking that holds stock: the new holds, checked atomically.
  func rereserve(_ booking: inout StoredBooking, allowShortages: Bool, _ db: any BookingDatabase) throws {
    guard try Self.state(booking).holdsStock else { return }
    let accepted = try StockPlanner(db: db).reserve(booking, allowShortages: allowShortages)
    if !accepted.isEmpty { booking.shortagesOverridden = true }
  }

  /// Replacing a catalog price (a rental line's day price, a lost product's replacement value)
  /// needs its own permission; damage and service lines have no catalog price to replace.
  static func requirePriceOverride(_ lines: [Rentguy_Booking_V1_BookingLineInput]) throws {
    let overrides = lines.contains { line in
      line.hasUnitPrice && (line.kind == .rental || line.kind == .unspecified || (line.kind == .loss && line.item != nil))
    }
    if overrides { try Self.require("booking.prices.override", for: "a line's unit_price instead of the catalog's") }
  }
}

/// The responses that carry just the changed booking.
protocol BookingResponse: SwiftProtobuf.Message {
  var booking: Rentguy_Booking_V1_Booking { get set }
}

extension Rentguy_Booking_V1_UpdateBookingResponse: BookingResponse {}
extension Rentguy_Booking_V1_SendQuoteResponse: BookingResponse {}
extension Rentguy_Booking_V1_ReviseQuoteResponse: BookingResponse {}
extension Rentguy_Booking_V1_CancelBookingResponse: BookingResponse {}
extension Rentguy_Booking_V1_RemoveBookingLineResponse: BookingResponse {}
extension Rentguy_Booking_V1_UpdateBookingLineResponse: BookingResponse {}
