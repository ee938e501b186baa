/// A booking as stored, with its lines. Times are milliseconds since the Unix epoch (UTC); money
/// is minor units in `currency`.
public struct StoredBooking: Sendable, Hashable {
  public var id: String
  public var number: String
  /// The contract's `BookingStatus`.
  public var status: Int
  public var customerID: String
  public var title: String
  public var venue: String
  /// The contract's `Address` as JSON.
  public var venueAddressJSON: String
  public var usageStart: Int64
  public var usageEnd: Int64
  /// The booking's own buffers; nil: each product's.
  public var preparationBufferMs: Int64?
  public var returnBufferMs: Int64?
  /// Usage plus buffers, the widest over the lines (computed by the service).
  public var planningStart: Int64
  public var planningEnd: Int64
  public var timeZone: String
  public var currency: String
  public var securityDepositMinor: Int64
  public var quoteValidUntil: Int64?
  public var shortagesOverridden: Bool
  public var leadID: String?
  public var notes: String
  public var cancelReason: String
  public var createdAt: Int64
  public var updatedAt: Int64
  public var version: Int64
  public var lines: [StoredBookingLine]
  /// Invoices and credit notes issued for it, oldest first (read-only).
  public var invoiceIDs: [String]

  public init(
    id: String, number: String, status: Int, customerID: String, title: String = "", venue: String = "",
    venueAddressJSON: String = "{}", usageStart: Int64, usageEnd: Int64, preparationBufferMs: Int64? = nil,
    returnBufferMs: Int64? = nil, planningStart: Int64, planningEnd: Int64, timeZone: String, currency: String,
    securityDepositMinor: Int64 = 0, quoteValidUntil: Int64? = nil, shortagesOverridden: Bool = false, leadID: String? = nil,
    notes: String = "", cancelReason: String = "", createdAt: Int64, updatedAt: Int64, version: Int64 = 1,
    lines: [StoredBookingLine] = [], invoiceIDs: [String] = []
  ) {
    self.id = id
    self.number = number
    self.status = status
    self.customerID = customerID
    self.title = title
    self.venue = venue
    self.venueAddressJSON = venueAddressJSON
    self.usageStart = usageStart
    self.usageEnd = usageEnd
    self.preparationBufferMs = preparationBufferMs
    self.returnBufferMs = returnBufferMs
    self.planningStart = planningStart
    self.planningEnd = planningEnd
    self.timeZone = timeZone
    self.currency = currency
    self.securityDepositMinor = securityDepositMinor
    self.quoteValidUntil = quoteValidUntil
    self.shortagesOverridden = shortagesOverridden
    self.leadID = leadID
    self.notes = notes
    self.cancelReason = cancelReason
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.version = version
    self.lines = lines
    self.invoiceIDs = invoiceIDs
  }
}

/// One line of a booking, with a stable id.
public struct StoredBookingLine: Sendable, Hashable {
  public var id: String
  /// The contract's `LineKind` (1 rental).
  public var kind: Int
  public var productID: String?
  public var kitID: String?
  public var description: String
  public var quantity: Int
  public var unitPriceMinor: Int64
  public var days: Int
  public var discountBp: Int
  /// The contract's `VatCategory`, and its rate when the line was made.
  public var vatCategory: Int
  public var vatRateBp: Int
  public var checkedOutQuantity: Int
  public var returnedQuantity: Int

  public init(
    id: String, kind: Int, productID: String?, kitID: String?, description: String, quantity: Int, unitPriceMinor: Int64,
    days: Int, discountBp: Int, vatCategory: Int, vatRateBp: Int, checkedOutQuantity: Int = 0, returnedQuantity: Int = 0
  ) {
    self.id = id
    self.kind = kind
    self.productID = productID
    self.kitID = kitID
    self.description = description
    self.quantity = quantity
    self.unitPriceMinor = unitPriceMinor
    self.days = days
    self.discountBp = discountBp
    self.vatCategory = vatCategory
    self.vatRateBp = vatRateBp
    self.checkedOutQuantity = checkedOutQuantity
    self.returnedQuantity = returnedQuantity
  }

  public var isRental: Bool { self.kind == 1 }
}

/// What one rental line holds of one product, over which period.
public struct StoredHold: Sendable, Hashable {
  public var bookingID: String
  public var lineID: String
  public var productID: String
  public var start: Int64
  public var end: Int64
  public var quantity: Int

  public init(bookingID: String, lineID: String, productID: String, start: Int64, end: Int64, quantity: Int) {
    self.bookingID = bookingID
    self.lineID = lineID
    self.productID = productID
    self.start = start
    self.end = end
    self.quantity = quantity
  }
}

/// An issued invoice or credit note: the searchable columns, and the document as issued.
public struct StoredInvoice: Sendable, Hashable {
  public var id: String
  public var number: String
  /// The contract's `InvoiceKind`.
  public var kind: Int
  public var bookingID: String
  public var customerID: String
  public var currency: String
  public var issueDate: String
  public var dueDate: String
  public var subtotalMinor: Int64
  public var vatMinor: Int64
  public var totalMinor: Int64
  public var creditedInvoiceID: String?
  public var reason: String
  public var issuedAt: Int64
  /// The contract's `Invoice` (protobuf).
  public var document: [UInt8]

  public init(
    id: String, number: String, kind: Int, bookingID: String, customerID: String, currency: String, issueDate: String,
    dueDate: String, subtotalMinor: Int64, vatMinor: Int64, totalMinor: Int64, creditedInvoiceID: String? = nil,
    reason: String = "", issuedAt: Int64, document: [UInt8]
  ) {
    self.id = id
    self.number = number
    self.kind = kind
    self.bookingID = bookingID
    self.customerID = customerID
    self.currency = currency
    self.issueDate = issueDate
    self.dueDate = dueDate
    self.subtotalMinor = subtotalMinor
    self.vatMinor = vatMinor
    self.totalMinor = totalMinor
    self.creditedInvoiceID = creditedInvoiceID
    self.reason = reason
    self.issuedAt = issuedAt
    self.document = document
  }
}

/// A crew member on a booking.
public struct StoredAssignment: Sendable, Hashable {
  public var id: String
  public var bookingID: String
  public var userID: String
  /// The contract's `CrewFunction`.
  public var function: Int
  public var start: Int64
  public var end: Int64
  /// The contract's `AssignmentStatus`.
  public var status: Int
  public var notes: String
  public var responseNote: String
  public var overlapOverridden: Bool

  public init(
    id: String, bookingID: String, userID: String, function: Int, start: Int64, end: Int64, status: Int = 1, notes: String = "",
    responseNote: String = "", overlapOverridden: Bool = false
  ) {
    self.id = id
    self.bookingID = bookingID
    self.userID = userID
    self.function = function
    self.start = start
    self.end = end
    self.status = status
    self.notes = notes
    self.responseNote = responseNote
    self.overlapOverridden = overlapOverridden
  }
}

/// One entry of the booking event log.
public struct StoredBookingEvent: Sendable, Hashable {
  public var sequence: Int64
  /// The contract's `BookingEventType`.
  public var type: Int
  public var bookingID: String
  public var occurredAt: Int64
  public var actorID: String
  public var actorName: String
  /// The contract's `Booking` right after the event (protobuf).
  public var snapshot: [UInt8]

  public init(sequence: Int64, type: Int, bookingID: String, occurredAt: Int64, actorID: String, actorName: String, snapshot: [UInt8]) {
    self.sequence = sequence
    self.type = type
    self.bookingID = bookingID
    self.occurredAt = occurredAt
    self.actorID = actorID
    self.actorName = actorName
    self.snapshot = snapshot
  }
}
