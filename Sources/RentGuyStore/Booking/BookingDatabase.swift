/// The booking domain's records as one transaction sees them (see ``BookingRepository``).
/// Lists take `after` (the last id of the previous page) and `limit`; "not found" is nil.
public protocol BookingDatabase {
  // MARK: Catalog

  func product(_ id: String) throws -> StoredProduct?
  func products(category: String?, query: String?, includeArchived: Bool, after: String, limit: Int) throws -> [StoredProduct]
  func insertProduct(_ product: StoredProduct) throws
  /// Writes every field and sets `version` to the stored version + 1.
  func updateProduct(_ product: StoredProduct) throws
  func kit(_ id: String) throws -> StoredKit?
  func kits(includeArchived: Bool, after: String, limit: Int) throws -> [StoredKit]
  func insertKit(_ kit: StoredKit) throws
  func updateKit(_ kit: StoredKit) throws
  func asset(id: String) throws -> StoredAsset?
  func asset(barcode: String) throws -> StoredAsset?
  func assets(productID: String?, status: Int?, locationID: String?, bookingID: String?, after: String, limit: Int) throws -> [StoredAsset]
  func insertAsset(_ asset: StoredAsset) throws
  func updateAsset(_ asset: StoredAsset) throws
  func flightCase(id: String) throws -> StoredCase?
  func flightCase(barcode: String) throws -> StoredCase?
  func flightCases(after: String, limit: Int) throws -> [StoredCase]
  func insertCase(_ flightCase: StoredCase) throws
  /// Replaces the case's assets and bumps its version.
  func updateCase(_ flightCase: StoredCase) throws
  /// Whether a barcode is taken by an asset, a case or a bulk product.
  func barcodeTaken(_ barcode: String) throws -> Bool
  /// Rentable stock of a product: serialized, assets available or checked out; bulk, its
  /// counted quantity.
  func capacity(productID: String) throws -> Int

  // MARK: Customers and leads

  func customer(_ id: String) throws -> StoredCustomer?
  func customers(query: String?, after: String, limit: Int) throws -> [StoredCustomer]
  func insertCustomer(_ customer: StoredCustomer) throws
  func updateCustomer(_ customer: StoredCustomer) throws
  func lead(_ id: String) throws -> StoredLead?
  func lead(source: String, sourceRequestID: String) throws -> StoredLead?
  func leads(status: Int?, source: String?, after: String, limit: Int) throws -> [StoredLead]
  func insertLead(_ lead: StoredLead) throws
  func updateLead(_ lead: StoredLead) throws

  // MARK: Bookings and stock holds

  /// By id, or by number.
  func booking(_ idOrNumber: String) throws -> StoredBooking?
  func bookings(statuses: [Int], customerID: String?, overlapping: (start: Int64, end: Int64)?, query: String?, after: String, limit: Int) throws
    -> [StoredBooking]
  func insertBooking(_ booking: StoredBooking) throws
  /// Writes the booking's fields and, with `lines`, its lines (lines not in `booking.lines` are
  /// removed), and sets `version` to the stored version + 1.
  func updateBooking(_ booking: StoredBooking, lines: Bool) throws
  /// Holds of `productID` overlapping [start, end): firm ones, and tentative (quote) ones when
  /// asked; without `excludingBooking`'s.
  func holds(productID: String, start: Int64, end: Int64, includeTentative: Bool, excludingBooking: String?) throws -> [StoredHold]
  /// The same holds as intervals only (no ids), for availability checks: read from the index.
  func holdIntervals(productID: String, start: Int64, end: Int64, includeTentative: Bool, excludingBooking: String?) throws
    -> [(start: Int64, end: Int64, quantity: Int)]
  /// Replaces a booking's holds (an empty list removes them).
  func replaceHolds(bookingID: String, with holds: [StoredHold], firm: Bool) throws
  /// Bookings whose quote validity ended before `now`, still QUOTE.
  func expiredQuoteIDs(now: Int64, limit: Int) throws -> [String]

  // MARK: Numbers, invoices, crew, events, audit

  /// The next number of a gap-free series (1 for a new series), taken in this transaction.
  func nextNumber(series: String) throws -> Int
  /// By id, or by number.
  func invoice(_ idOrNumber: String) throws -> StoredInvoice?
  func invoices(bookingID: String?, customerID: String?, issuedFrom: String?, issuedUntil: String?, after: String, limit: Int) throws -> [StoredInvoice]
  func insertInvoice(_ invoice: StoredInvoice) throws
  func assignment(_ id: String) throws -> StoredAssignment?
  func assignments(bookingID: String?, userID: String?, overlapping: (start: Int64, end: Int64)?, after: String, limit: Int) throws -> [StoredAssignment]
  func insertAssignment(_ assignment: StoredAssignment) throws
  func updateAssignment(_ assignment: StoredAssignment) throws
  func deleteAssignment(_ id: String) throws
  /// A user's display name and whether they have the crew role and `function` in their profile.
  func crewMember(_ userID: String) throws -> (displayName: String, isCrew: Bool, functions: [Int], active: Bool)?
  /// Appends an event; returns its sequence.
  @discardableResult
  func appendEvent(type: Int, bookingID: String, at: Int64, actorID: String, actorName: String, snapshot: [UInt8]) throws -> Int64
  /// Events after `sequence`, oldest first.
  func events(after sequence: Int64, limit: Int) throws -> [StoredBookingEvent]
  /// The last sequence committed (0 when none), and the last one removed by retention.
  func eventBounds() throws -> (last: Int64, prunedThrough: Int64)
  /// Removes events older than `before`; returns how many.
  func pruneEvents(before: Int64) throws -> Int
  /// Appends to the audit log, in this transaction.
  func appendAudit(_ entry: AuditEntry, at: Int64) throws
}
