/// A product as stored. Money is minor units in `currency`; buffers and times are milliseconds.
public struct StoredProduct: Sendable, Hashable {
  public var id: String
  public var name: String
  public var sku: String
  /// 1 serialized, 2 bulk (the contract's `StockKind`).
  public var stockKind: Int
  public var category: String
  public var description: String
  public var dayPriceMinor: Int64
  public var currency: String
  /// The contract's `VatCategory`.
  public var vatCategory: Int
  public var replacementValueMinor: Int64
  public var preparationBufferMs: Int64
  public var returnBufferMs: Int64
  public var bulkBarcode: String?
  /// Owned and rentable, for bulk products.
  public var bulkQuantity: Int
  public var archived: Bool
  public var version: Int64

  public init(
    id: String, name: String, sku: String, stockKind: Int, category: String = "", description: String = "",
    dayPriceMinor: Int64, currency: String, vatCategory: Int = 1, replacementValueMinor: Int64 = 0,
    preparationBufferMs: Int64 = 0, returnBufferMs: Int64 = 0, bulkBarcode: String? = nil, bulkQuantity: Int = 0,
    archived: Bool = false, version: Int64 = 1
  ) {
    self.id = id
    self.name = name
    self.sku = sku
    self.stockKind = stockKind
    self.category = category
    self.description = description
    self.dayPriceMinor = dayPriceMinor
    self.currency = currency
    self.vatCategory = vatCategory
    self.replacementValueMinor = replacementValueMinor
    self.preparationBufferMs = preparationBufferMs
    self.returnBufferMs = returnBufferMs
    self.bulkBarcode = bulkBarcode
    self.bulkQuantity = bulkQuantity
    self.archived = archived
    self.version = version
  }

  public var isSerialized: Bool { self.stockKind == 1 }
}

/// One product of a kit.
public struct StoredKitComponent: Sendable, Hashable {
  public var productID: String
  public var quantity: Int

  public init(productID: String, quantity: Int) {
    self.productID = productID
    self.quantity = quantity
  }
}

/// A kit as stored: components priced together.
public struct StoredKit: Sendable, Hashable {
  public var id: String
  public var name: String
  public var components: [StoredKitComponent]
  public var dayPriceMinor: Int64
  public var currency: String
  public var vatCategory: Int
  public var archived: Bool
  public var version: Int64

  public init(
    id: String, name: String, components: [StoredKitComponent], dayPriceMinor: Int64, currency: String,
    vatCategory: Int = 1, archived: Bool = false, version: Int64 = 1
  ) {
    self.id = id
    self.name = name
    self.components = components
    self.dayPriceMinor = dayPriceMinor
    self.currency = currency
    self.vatCategory = vatCategory
    self.archived = archived
    self.version = version
  }
}

/// One serialized item.
public struct StoredAsset: Sendable, Hashable {
  public var id: String
  public var productID: String
  public var barcode: String
  public var serialNumber: String
  /// The contract's `AssetStatus`.
  public var status: Int
  public var locationID: String?
  public var caseID: String?
  public var bookingID: String?
  public var notes: String
  public var version: Int64
  /// `scanned_at` of the last scan applied to it (a scan older than this is a conflict).
  public var lastScannedAt: Int64?
  /// The booking it was prepared (packed) for, until it goes out.
  public var preparedBookingID: String?
  /// Its newest scan (the head of its scan history), written by the scan stream only.
  public var lastScanID: String?

  public init(
    id: String, productID: String, barcode: String, serialNumber: String = "", status: Int = 1, locationID: String? = nil,
    caseID: String? = nil, bookingID: String? = nil, notes: String = "", version: Int64 = 1, lastScannedAt: Int64? = nil,
    preparedBookingID: String? = nil, lastScanID: String? = nil
  ) {
    self.lastScannedAt = lastScannedAt
    self.preparedBookingID = preparedBookingID
    self.lastScanID = lastScanID
    self.id = id
    self.productID = productID
    self.barcode = barcode
    self.serialNumber = serialNumber
    self.status = status
    self.locationID = locationID
    self.caseID = caseID
    self.bookingID = bookingID
    self.notes = notes
    self.version = version
  }
}

/// A flight case and the assets in it.
public struct StoredCase: Sendable, Hashable {
  public var id: String
  public var name: String
  public var barcode: String
  public var assetIDs: [String]
  public var version: Int64

  public init(id: String, name: String, barcode: String, assetIDs: [String], version: Int64 = 1) {
    self.id = id
    self.name = name
    self.barcode = barcode
    self.assetIDs = assetIDs
    self.version = version
  }
}

/// A customer. `contact` and `billingAddress` are the contract's messages as JSON, which the
/// store does not look into; name, company and e-mail are copied out for search.
public struct StoredCustomer: Sendable, Hashable {
  public var id: String
  public var name: String
  public var company: String
  public var email: String
  public var contactJSON: String
  public var billingAddressJSON: String
  public var externalIDs: [String: String]
  public var notes: String
  public var createdAt: Int64
  public var version: Int64

  public init(
    id: String, name: String, company: String, email: String, contactJSON: String, billingAddressJSON: String = "{}",
    externalIDs: [String: String] = [:], notes: String = "", createdAt: Int64, version: Int64 = 1
  ) {
    self.id = id
    self.name = name
    self.company = company
    self.email = email
    self.contactJSON = contactJSON
    self.billingAddressJSON = billingAddressJSON
    self.externalIDs = externalIDs
    self.notes = notes
    self.createdAt = createdAt
    self.version = version
  }
}

/// A lead: its status and ids are columns, the rest is the contract's message (protobuf).
public struct StoredLead: Sendable, Hashable {
  public var id: String
  /// The contract's `LeadStatus`.
  public var status: Int
  public var source: String
  /// The submitting site's idempotency key.
  public var sourceRequestID: String
  public var payload: [UInt8]
  public var receivedAt: Int64
  public var bookingID: String?
  public var rejectionReason: String?

  public init(
    id: String, status: Int, source: String, sourceRequestID: String, payload: [UInt8], receivedAt: Int64,
    bookingID: String? = nil, rejectionReason: String? = nil
  ) {
    self.id = id
    self.status = status
    self.source = source
    self.sourceRequestID = sourceRequestID
    self.payload = payload
    self.receivedAt = receivedAt
    self.bookingID = bookingID
    self.rejectionReason = rejectionReason
  }
}
