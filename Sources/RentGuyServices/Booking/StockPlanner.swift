import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// What a booking holds of each product and over which planning period, and whether the stock
/// is there: the availability rules (RentGuyRules) applied to the holds in the store, inside the
/// caller's transaction, so that the check and the reservation are one atomic step.
struct StockPlanner {
  let db: any BookingDatabase

  /// What one product is needed for: how many, over which planning period.
  struct Need: Hashable {
    var productID: String
    var quantity: Int
    var window: TimeWindow
  }

  /// The holds of a booking's rental lines: each product line for its quantity, each kit line
  /// for its components, over usage plus the buffers (the booking's, else the product's).
  func holds(for booking: StoredBooking) throws -> [StoredHold] {
    var holds: [StoredHold] = []
    for line in booking.lines where line.isRental {
      for (productID, perUnit) in try self.products(of: line) {
        let window = try self.window(productID: productID, booking: booking)
        holds.append(
          StoredHold(
            bookingID: booking.id, lineID: line.id, productID: productID, start: window.start, end: window.end, quantity: perUnit * line.quantity
          )
        )
      }
    }
    return holds
  }

  /// The products (and how many of each per unit) a rental line stands for.
  func products(of line: StoredBookingLine) throws -> [(String, Int)] {
    if let product = line.productID { return [(product, 1)] }
    guard let kitID = line.kitID, let kit = try self.db.kit(kitID) else { return [] }
    return kit.components.map { ($0.productID, $0.quantity) }
  }

  /// Usage plus the buffers that apply to `productID`.
  func window(productID: String, booking: StoredBooking) throws -> TimeWindow {
    let product = try self.db.product(productID)
    let preparation = booking.preparationBufferMs ?? product?.preparationBufferMs ?? 0
    let back = booking.returnBufferMs ?? product?.returnBufferMs ?? 0
    return TimeWindow(start: booking.usageStart - preparation, end: booking.usageEnd + back)
  }

  /// The planning period: the widest window over the holds, or usage plus the booking's own
  /// buffers when it holds nothing.
  func planning(for booking: StoredBooking, holds: [StoredHold]) -> TimeWindow {
    guard let first = holds.first else {
      return TimeWindow(start: booking.usageStart - (booking.preparationBufferMs ?? 0), end: booking.usageEnd + (booking.returnBufferMs ?? 0))
    }
    return holds.dropFirst().reduce(TimeWindow(start: first.start, end: first.end)) { window, hold in
      TimeWindow(start: min(window.start, hold.start), end: max(window.end, hold.end))
    }
  }

  /// The needs of `holds`, summed per product (one window per product within a booking).
  static func needs(_ holds: [StoredHold]) -> [Need] {
    var needs: [String: Need] = [:]
    var order: [String] = []
    for hold in holds {
      if var need = needs[hold.productID] {
        need.quantity += hold.quantity
        need.window = TimeWindow(start: min(need.window.start, hold.start), end: max(need.window.end, hold.end))
        needs[hold.productID] = need
      } else {
        order.append(hold.productID)
        needs[hold.productID] = Need(productID: hold.productID, quantity: hold.quantity, window: TimeWindow(start: hold.start, end: hold.end))
      }
    }
    return order.compactMap { needs[$0] }
  }

  /// Per need: the rentable stock, the lowest free quantity over its window apart from
  /// `excluding`'s own holds, and when it is tightest.
  func availability(of need: Need, includeTentative: Bool, excluding bookingID: String?) throws
    -> (total: Int, free: Int, tightestAt: Int64, holds: [StockHold])
  {
    let capacity = try self.db.capacity(productID: need.productID)
    let holds = try self.db.holdIntervals(
      productID: need.productID, start: need.window.start, end: need.window.end, includeTentative: includeTentative, excludingBooking: bookingID
    ).map { StockHold(bookingID: "", window: TimeWindow(start: $0.start, end: $0.end), quantity: $0.quantity) }
    let lowest = Availability.lowestFree(capacity: capacity, holds: holds, over: need.window)
    return (capacity, lowest.free, lowest.at, holds)
  }

  /// The shortages a booking with `holds` would cause (its own holds left out).
  func shortages(of bookingID: String, holds: [StoredHold]) throws -> [Rentguy_Booking_V1_Shortage] {
    var shortages: [Rentguy_Booking_V1_Shortage] = []
    for need in Self.needs(holds) {
      let found = try self.availability(of: need, includeTentative: false, excluding: bookingID)
      guard found.free < need.quantity else { continue }
      let firstShort = Availability.firstShortage(capacity: found.total, holds: found.holds, requested: need.quantity, over: need.window)
      var shortage = Rentguy_Booking_V1_Shortage()
      shortage.bookingID = bookingID
      shortage.productID = need.productID
      shortage.productName = try self.db.product(need.productID)?.name ?? need.productID
      shortage.requested = Int32(need.quantity)
      shortage.available = Int32(max(0, found.free))
      shortage.missing = Int32(need.quantity - max(0, found.free))
      shortage.firstShortAt = .init(milliseconds: firstShort ?? found.tightestAt)
      shortage.period = .init(start: need.window.start, end: need.window.end)
      shortages.append(shortage)
    }
    return shortages
  }

  /// Reserves a booking's stock: checks it and writes the holds, in the caller's transaction.
  /// Throws STOCK_SHORTAGE when short, unless `allowShortages`; returns the shortages accepted.
  @discardableResult
  func reserve(_ booking: StoredBooking, allowShortages: Bool) throws -> [Rentguy_Booking_V1_Shortage] {
    let holds = try self.holds(for: booking)
    let shortages = try self.shortages(of: booking.id, holds: holds)
    if !shortages.isEmpty && !allowShortages { throw BookingError.shortage(shortages) }
    try self.db.replaceHolds(bookingID: booking.id, with: holds, firm: true)
    return shortages
  }
}
