import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Line-level edits with stable line ids: adding items or charges, changing one line, removing
/// one. A booking that holds stock is re-checked and re-reserved in the same transaction.
extension BookingService {
  public func addBookingLines(
    request: Rentguy_Booking_V1_AddBookingLinesRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_AddBookingLinesResponse {
    try Self.requirePriceOverride(request.lines)
    if request.allowShortages { try Self.require("booking.shortages.override", for: "allow_shortages") }
    guard (1...500).contains(request.lines.count) else { throw BookingError.invalidArgument("lines", "must have 1 to 500 lines") }
    let id = try Self.required(request.bookingID, field: "booking_id")
    let expected = request.expectedVersion
    return try await self.mutate("AddBookingLines", context) { db, mutation in
      var booking = try Self.load(id, expected: expected, db)
      var added: [String] = []
      for (index, input) in request.lines.enumerated() {
        let line = try self.line(input, field: "lines[\(index)]", for: booking, db)
        _ = try BookingLifecycle.apply(line.isRental ? .editRentalLines : .editChargeLines, to: try Self.state(booking), somethingCheckedOut: false)
        booking.lines.append(line)
        added.append(line.id)
      }
      guard booking.lines.count <= 500 else { throw BookingError.invalidArgument("lines", "a booking has at most 500 lines") }
      booking.updatedAt = mutation.now
      try self.replan(&booking, db)
      try self.rereserve(&booking, allowShortages: request.allowShortages, db)
      try db.updateBooking(booking, lines: true)
      booking.version += 1
      try mutation.event(.updated, booking, in: db)
      try mutation.audit(booking.id, "added \(added.count) line(s) to \(booking.number)", in: db)
      return try mutation.respond(.with {
        $0.booking = mutation.proto(booking)
        $0.lineIds = added
      })
    }
  }

  public func updateBookingLine(
    request: Rentguy_Booking_V1_UpdateBookingLineRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_UpdateBookingLineResponse {
    let paths = try Self.mask(request.updateMask.paths, allowed: ["quantity", "unit_price", "discount_bp", "description", "vat_category"])
    let lineID = try Self.required(request.lineID, field: "line_id")
    let input = request.line
    if request.allowShortages { try Self.require("booking.shortages.override", for: "allow_shortages") }
    if paths.contains("quantity") {
      guard (1...100_000).contains(input.quantity) else { throw BookingError.invalidArgument("line.quantity", "must be 1 to 100000") }
    }
    if paths.contains("discount_bp") {
      guard (0...10_000).contains(input.discountBp) else { throw BookingError.invalidArgument("line.discount_bp", "must be 0 to 10000") }
    }
    let category = paths.contains("vat_category") ? try Self.vatCategory(input.vatCategory, field: "line.vat_category") : nil
    let price = paths.contains("unit_price") ? try self.money(input.unitPrice, field: "line.unit_price") : nil
    let vat = self.configuration.vat
    return try await self.change(request.bookingID, field: "booking_id", expected: request.expectedVersion, "UpdateBookingLine", context) {
      booking, db in
      guard let index = booking.lines.firstIndex(where: { $0.id == lineID }) else {
        throw BookingError.invalidArgument("line_id", "'\(lineID)' is not a line of booking \(booking.number)")
      }
      var line = booking.lines[index]
      _ = try BookingLifecycle.apply(line.isRental ? .editRentalLines : .editChargeLines, to: try Self.state(booking), somethingCheckedOut: false)
      if price != nil && (line.isRental || (line.kind == Rentguy_Booking_V1_LineKind.loss.rawValue && line.productID != nil)) {
        try Self.require("booking.prices.override", for: "a line's unit_price instead of the catalog's")
      }
      if paths.contains("quantity") {
        guard Int(input.quantity) >= line.checkedOutQuantity else {
          throw BookingError(.failedPrecondition, "\(line.checkedOutQuantity) of this line are checked out: the quantity cannot be lower", reason: .stateConflict)
        }
        line.quantity = Int(input.quantity)
      }
      if let price { line.unitPriceMinor = price }
      if paths.contains("discount_bp") { line.discountBp = Int(input.discountBp) }
      if paths.contains("description") {
        guard (1...500).contains(input.description_p.count) else { throw BookingError.invalidArgument("line.description", "must have 1 to 500 characters") }
        line.description = input.description_p
      }
      if let category {
        line.vatCategory = category.rawValue
        line.vatRateBp = vat.rateBp(for: category)
      }
      booking.lines[index] = line
      try self.replan(&booking, db)
      try self.rereserve(&booking, allowShortages: request.allowShortages, db)
      return (.updated, "changed line \(lineID) of \(booking.number): \(paths.sorted().joined(separator: ", "))")
    }
  }

  public func removeBookingLine(
    request: Rentguy_Booking_V1_RemoveBookingLineRequest,
    context: ServerContext
  ) async throws -> Rentguy_Booking_V1_RemoveBookingLineResponse {
    let lineID = try Self.required(request.lineID, field: "line_id")
    return try await self.change(request.bookingID, field: "booking_id", expected: request.expectedVersion, "RemoveBookingLine", context) {
      booking, db in
      guard let index = booking.lines.firstIndex(where: { $0.id == lineID }) else {
        throw BookingError.invalidArgument("line_id", "'\(lineID)' is not a line of booking \(booking.number)")
      }
      let line = booking.lines[index]
      _ = try BookingLifecycle.apply(line.isRental ? .editRentalLines : .editChargeLines, to: try Self.state(booking), somethingCheckedOut: false)
      guard line.checkedOutQuantity == 0 else {
        throw BookingError(.failedPrecondition, "line \(lineID) has items checked out: it cannot be removed", reason: .stateConflict)
      }
      booking.lines.remove(at: index)
      try self.replan(&booking, db)
      try self.rereserve(&booking, allowShortages: true, db)
      return (.updated, "removed line \(lineID) (\(line.description)) from \(booking.number)")
    }
  }

  /// A new line from the caller's input: catalog price and name unless given, the VAT rate of
  /// its category, the booking's billable days for rental lines.
  func line(
    _ input: Rentguy_Booking_V1_BookingLineInput, field: String, for booking: StoredBooking, _ db: any BookingDatabase
  ) throws -> StoredBookingLine {
    let kind = input.kind == .unspecified ? Rentguy_Booking_V1_LineKind.rental : input.kind
    if case .UNRECOGNIZED = kind { throw BookingError.invalidArgument("\(field).kind", "is not a line kind") }
    guard (1...100_000).contains(input.quantity) else { throw BookingError.invalidArgument("\(field).quantity", "must be 1 to 100000") }
    guard (0...10_000).contains(input.discountBp) else { throw BookingError.invalidArgument("\(field).discount_bp", "must be 0 to 10000") }
    guard input.description_p.count <= 500 else { throw BookingError.invalidArgument("\(field).description", "must have at most 500 characters") }
    var name = input.description_p
    var price: Int64?
    var category: VATCategory = .standard
    var productID: String?
    var kitID: String?
    switch input.item {
    case .productID(let id):
      guard let product = try db.product(id), !product.archived else {
        throw BookingError.invalidArgument("\(field).product_id", "'\(id)' is not an active product")
      }
      productID = id
      if name.isEmpty { name = product.name }
      price = kind == .loss ? product.replacementValueMinor : (kind == .rental ? product.dayPriceMinor : nil)
      category = VATCategory(rawValue: product.vatCategory) ?? .standard
    case .kitID(let id):
      guard let kit = try db.kit(id), !kit.archived else { throw BookingError.invalidArgument("\(field).kit_id", "'\(id)' is not an active kit") }
      kitID = id
      if name.isEmpty { name = kit.name }
      price = kind == .rental ? kit.dayPriceMinor : nil
      category = VATCategory(rawValue: kit.vatCategory) ?? .standard
    case nil:
      guard kind != .rental else { throw BookingError.invalidArgument("\(field).item", "a rental line needs product_id or kit_id") }
    }
    if input.hasUnitPrice { price = try self.money(input.unitPrice, field: "\(field).unit_price") }
    guard let price else { throw BookingError.invalidArgument("\(field).unit_price", "is required for this line (no catalog price applies)") }
    guard !name.isEmpty else { throw BookingError.invalidArgument("\(field).description", "is required without a product or kit") }
    if input.vatCategory != .unspecified { category = try Self.vatCategory(input.vatCategory, field: "\(field).vat_category") }
    return StoredBookingLine(
      id: Identifier.make("bln"), kind: kind.rawValue, productID: productID, kitID: kitID, description: name, quantity: Int(input.quantity),
      unitPriceMinor: price, days: 1, discountBp: Int(input.discountBp), vatCategory: category.rawValue,
      vatRateBp: self.configuration.vat.rateBp(for: category)
    )
  }
}
