import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Invoices and credit notes: issued inside the transaction of the change that causes them,
/// numbered gap-free per series, never changed afterwards.
extension BookingService {
  public func issueAdvanceInvoice(
    request: Rentguy_Booking_V1_IssueAdvanceInvoiceRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_IssueAdvanceInvoiceResponse {
    let id = try Self.required(request.bookingID, field: "booking_id")
    guard (1...10_000).contains(request.shareBp) else { throw BookingError.invalidArgument("share_bp", "must be 1 to 10000") }
    let share = Int(request.shareBp)
    return try await self.mutate("IssueAdvanceInvoice", context) { db, mutation in
      var booking = try Self.load(id, expected: 0, db)
      let state = try Self.state(booking)
      guard state.holdsStock else {
        throw BookingError(
          .failedPrecondition, "an advance invoice needs a CONFIRMED (or later) booking: the booking is \(state.name)", reason: .stateConflict
        )
      }
      // One line per VAT rate: the share of that rate's net amount.
      let lines = Pricing.breakdown(booking.lines.map(\.vatLine)).filter { $0.net != 0 }.map { group in
        var line = Rentguy_Booking_V1_InvoiceLine()
        line.id = Identifier.make("inl")
        line.description_p = "Advance \(Double(share) / 100) % of \(booking.number) (VAT \(Double(group.rateBp) / 100) %)"
        line.quantity = 1
        line.days = 1
        let net = Pricing.share(group.net, bp: share)
        line.unitPrice = Rentguy_Common_V1_Money(minor: net, currency: booking.currency)
        line.netAmount = line.unitPrice
        line.vatCategory = Rentguy_Booking_V1_VatCategory(rawValue: group.category.rawValue) ?? .standard
        line.vatRateBp = Int32(group.rateBp)
        return line
      }
      guard !lines.isEmpty else { throw BookingError(.failedPrecondition, "the booking's total is zero: nothing to invoice", reason: .stateConflict) }
      // Advances never add up to more than the booking's net amount.
      let advanced = try self.advanceDeductions(for: booking, db).reduce(Int64(0)) { $0 - $1.netAmount.amountMinor }
      let booked = Pricing.totals(Pricing.breakdown(booking.lines.map(\.vatLine))).net
      let asked = lines.reduce(Int64(0)) { $0 + $1.netAmount.amountMinor }
      guard advanced + asked <= booked else {
        throw BookingError(
          .failedPrecondition, "advances would exceed the booking's net amount (\(advanced) + \(asked) > \(booked) minor units)",
          reason: .stateConflict
        )
      }
      let invoice = try self.issue(.advance, lines: lines, for: booking, credited: nil, reason: "", db, mutation)
      booking.invoiceIDs.append(invoice.id)
      try mutation.event(.invoiceIssued, booking, in: db)
      try mutation.audit(booking.id, "issued advance invoice \(invoice.number) (\(share) bp)", in: db)
      return try mutation.respond(.with { $0.invoice = invoice })
    }
  }

  /// The final invoice of a closing booking: every line, less the advance invoices issued
  /// (and not credited) before.
  func issueFinalInvoice(for booking: StoredBooking, _ db: any BookingDatabase, _ mutation: Mutation) throws -> Rentguy_Booking_V1_Invoice {
    var lines = booking.lines.map { line in
      var invoiceLine = Rentguy_Booking_V1_InvoiceLine()
      invoiceLine.id = Identifier.make("inl")
      invoiceLine.description_p = line.description
      invoiceLine.quantity = Int32(line.quantity)
      invoiceLine.unitPrice = Rentguy_Common_V1_Money(minor: line.unitPriceMinor, currency: booking.currency)
      invoiceLine.days = Int32(line.days)
      invoiceLine.discountBp = Int32(line.discountBp)
      invoiceLine.vatCategory = Rentguy_Booking_V1_VatCategory(rawValue: line.vatCategory) ?? .standard
      invoiceLine.vatRateBp = Int32(line.vatRateBp)
      invoiceLine.netAmount = Rentguy_Common_V1_Money(minor: line.netMinor, currency: booking.currency)
      invoiceLine.bookingLineID = line.id
      return invoiceLine
    }
    lines += try self.advanceDeductions(for: booking, db)
    return try self.issue(.final, lines: lines, for: booking, credited: nil, reason: "", db, mutation)
  }

  /// Negative lines for the advance invoices of a booking, less what credit notes took back.
  private func advanceDeductions(for booking: StoredBooking, _ db: any BookingDatabase) throws -> [Rentguy_Booking_V1_InvoiceLine] {
    let issued = try db.invoices(bookingID: booking.id, customerID: nil, issuedFrom: nil, issuedUntil: nil, after: "", limit: 1000)
    var creditedLines = Set<String>()
    for note in issued where note.kind == Rentguy_Booking_V1_InvoiceKind.creditNote.rawValue {
      creditedLines.formUnion(try Rentguy_Booking_V1_Invoice(serializedBytes: note.document).lines.map(\.referenceID))
    }
    var deductions: [Rentguy_Booking_V1_InvoiceLine] = []
    for advance in issued where advance.kind == Rentguy_Booking_V1_InvoiceKind.advance.rawValue {
      let document = try Rentguy_Booking_V1_Invoice(serializedBytes: advance.document)
      for line in document.lines where !creditedLines.contains(line.id) {
        var deduction = line
        deduction.id = Identifier.make("inl")
        deduction.description_p = "Less advance invoice \(advance.number): " + line.description_p
        deduction.unitPrice.amountMinor = -line.unitPrice.amountMinor
        deduction.netAmount.amountMinor = -line.netAmount.amountMinor
        deduction.bookingLineID = ""
        deduction.referenceID = advance.id
        deductions.append(deduction)
      }
    }
    return deductions
  }

  public func issueCreditNote(
    request: Rentguy_Booking_V1_IssueCreditNoteRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_IssueCreditNoteResponse {
    let id = try Self.required(request.invoiceID, field: "invoice_id")
    let reason = request.reason.trimmingCharacters(in: .whitespaces)
    guard (1...2000).contains(reason.count) else { throw BookingError.invalidArgument("reason", "must have 1 to 2000 characters") }
    let chosen = Set(request.lineIds)
    return try await self.mutate("IssueCreditNote", context) { db, mutation in
      guard let stored = try db.invoice(id) else { throw BookingError.notFound("invoice", id) }
      guard stored.kind != Rentguy_Booking_V1_InvoiceKind.creditNote.rawValue else {
        throw BookingError(.failedPrecondition, "\(stored.number) is a credit note: credit the invoice itself", reason: .stateConflict)
      }
      let original = try Rentguy_Booking_V1_Invoice(serializedBytes: stored.document)
      for line in chosen where !original.lines.contains(where: { $0.id == line }) {
        throw BookingError.invalidArgument("line_ids", "'\(line)' is not a line of \(stored.number)")
      }
      // Lines credited by earlier credit notes are not credited twice.
      let earlier = try db.invoices(bookingID: stored.bookingID, customerID: nil, issuedFrom: nil, issuedUntil: nil, after: "", limit: 1000)
        .filter { $0.creditedInvoiceID == stored.id }
        .flatMap { try Rentguy_Booking_V1_Invoice(serializedBytes: $0.document).lines.map(\.referenceID) }
      let lines = original.lines.filter { (chosen.isEmpty || chosen.contains($0.id)) && !earlier.contains($0.id) }.map { line in
        var credit = line
        credit.id = Identifier.make("inl")
        credit.unitPrice.amountMinor = -line.unitPrice.amountMinor
        credit.netAmount.amountMinor = -line.netAmount.amountMinor
        credit.referenceID = line.id
        return credit
      }
      guard !lines.isEmpty else {
        throw BookingError(.failedPrecondition, "everything asked of \(stored.number) is credited already", reason: .stateConflict)
      }
      guard var booking = try db.booking(stored.bookingID) else { throw BookingError.notFound("booking", stored.bookingID) }
      let note = try self.issue(.creditNote, lines: lines, for: booking, credited: stored.id, reason: reason, db, mutation)
      booking.invoiceIDs.append(note.id)
      try mutation.event(.invoiceIssued, booking, in: db)
      try mutation.audit(stored.id, "credit note \(note.number) for \(stored.number): \(reason)", in: db)
      return try mutation.respond(.with { $0.creditNote = note })
    }
  }

  /// Numbers, totals and stores an invoice of `kind` with `lines`.
  private func issue(
    _ kind: Rentguy_Booking_V1_InvoiceKind, lines: [Rentguy_Booking_V1_InvoiceLine], for booking: StoredBooking, credited: String?,
    reason: String, _ db: any BookingDatabase, _ mutation: Mutation
  ) throws -> Rentguy_Booking_V1_Invoice {
    let zone = TimeZones.named(booking.timeZone) ?? self.configuration.timeZone
    let issuedAt = Date(millisecondsSince1970: mutation.now)
    let issueDate = BillableDays.localDate(issuedAt, in: zone)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let dueAt = calendar.date(byAdding: .day, value: self.configuration.paymentTermDays, to: issuedAt) ?? issuedAt
    let due = BillableDays.localDate(dueAt, in: zone)
    let year = Int(issueDate.prefix(4)) ?? 1970
    let prefix = kind == .creditNote ? "C" : "F"
    var invoice = Rentguy_Booking_V1_Invoice()
    invoice.id = Identifier.make("inv")
    invoice.number = DocumentNumber.format(prefix: prefix, year: year, sequence: try db.nextNumber(series: "\(prefix)\(year)"))
    invoice.kind = kind
    invoice.bookingID = booking.id
    invoice.customerID = booking.customerID
    if let customer = try db.customer(booking.customerID) {
      invoice.billTo = Rentguy_Booking_V1_Customer(customer).contact
      if customer.billingAddressJSON != "{}" { invoice.billTo.address = Rentguy_Booking_V1_Customer(customer).billingAddress }
    }
    invoice.issueDate = issueDate
    invoice.dueDate = due
    invoice.lines = lines
    let breakdown = Pricing.breakdown(
      lines.map { VATLine(category: VATCategory(rawValue: $0.vatCategory.rawValue) ?? .standard, rateBp: Int($0.vatRateBp), net: $0.netAmount.amountMinor) }
    )
    let totals = Pricing.totals(breakdown)
    invoice.vatBreakdown = breakdown.map { Rentguy_Booking_V1_VatAmount($0, currency: booking.currency) }
    invoice.subtotal = Rentguy_Common_V1_Money(minor: totals.net, currency: booking.currency)
    invoice.vat = Rentguy_Common_V1_Money(minor: totals.vat, currency: booking.currency)
    invoice.total = Rentguy_Common_V1_Money(minor: totals.gross, currency: booking.currency)
    invoice.creditedInvoiceID = credited ?? ""
    invoice.issuedAt = .init(milliseconds: mutation.now)
    invoice.reason = reason
    try db.insertInvoice(
      StoredInvoice(
        id: invoice.id, number: invoice.number, kind: kind.rawValue, bookingID: booking.id, customerID: booking.customerID,
        currency: booking.currency, issueDate: issueDate, dueDate: due, subtotalMinor: totals.net, vatMinor: totals.vat,
        totalMinor: totals.gross, creditedInvoiceID: credited, reason: reason, issuedAt: mutation.now, document: try invoice.serializedBytes()
      )
    )
    return invoice
  }

  public func getInvoice(
    request: Rentguy_Booking_V1_GetInvoiceRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_GetInvoiceResponse {
    let id = try Self.required(request.invoiceID, field: "invoice_id")
    return try await self.repository.read { db in
      guard let invoice = try db.invoice(id) else { throw BookingError.notFound("invoice", id) }
      return .with { $0.invoice = (try? Rentguy_Booking_V1_Invoice(serializedBytes: invoice.document)) ?? Rentguy_Booking_V1_Invoice() }
    }
  }

  public func listInvoices(
    request: Rentguy_Booking_V1_ListInvoicesRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_ListInvoicesResponse {
    let size = try Self.pageSize(request.pageSize)
    let after = try Self.pageStart(request.pageToken)
    for (field, date) in [("issued_from", request.issuedFrom), ("issued_until", request.issuedUntil)] where !date.isEmpty {
      guard BillableDays.startOfDay(date, in: .gmt) != nil else { throw BookingError.invalidArgument(field, "must be a date such as 2026-01-31") }
    }
    return try await self.repository.read { db in
      let found = try db.invoices(
        bookingID: request.bookingID.isEmpty ? nil : request.bookingID, customerID: request.customerID.isEmpty ? nil : request.customerID,
        issuedFrom: request.issuedFrom.isEmpty ? nil : request.issuedFrom, issuedUntil: request.issuedUntil.isEmpty ? nil : request.issuedUntil,
        after: after, limit: size + 1
      )
      let page = Self.page(found, size: size, id: \.id)
      return .with {
        $0.invoices = page.items.compactMap { try? Rentguy_Booking_V1_Invoice(serializedBytes: $0.document) }
        $0.nextPageToken = page.next
      }
    }
  }
}
