/// A stored scan: what the device sent, what came of it, and the ack it got (replayed for
/// duplicates).
public struct StoredScan: Sendable, Hashable {
  public var id: String
  public var deviceID: String
  public var clientScanID: String
  public var deviceSequence: Int64
  public var scannedAt: Int64
  public var receivedAt: Int64
  public var barcode: String
  /// The contract's `ScanAction`, `ItemCondition`, `ScanResult` and `ScanReason` numbers.
  public var action: Int
  public var bookingID: String?
  public var locationID: String?
  public var quantity: Int
  public var condition: Int
  public var note: String
  public var result: Int
  public var reason: Int
  public var assetIDs: [String]
  public var productID: String?
  public var actorID: String
  /// The contract's `ScanAck` (protobuf).
  public var ack: [UInt8]

  public init(
    id: String, deviceID: String, clientScanID: String, deviceSequence: Int64, scannedAt: Int64, receivedAt: Int64, barcode: String,
    action: Int, bookingID: String?, locationID: String?, quantity: Int, condition: Int, note: String, result: Int, reason: Int,
    assetIDs: [String], productID: String?, actorID: String, ack: [UInt8]
  ) {
    self.id = id
    self.deviceID = deviceID
    self.clientScanID = clientScanID
    self.deviceSequence = deviceSequence
    self.scannedAt = scannedAt
    self.receivedAt = receivedAt
    self.barcode = barcode
    self.action = action
    self.bookingID = bookingID
    self.locationID = locationID
    self.quantity = quantity
    self.condition = condition
    self.note = note
    self.result = result
    self.reason = reason
    self.assetIDs = assetIDs
    self.productID = productID
    self.actorID = actorID
    self.ack = ack
  }
}

/// A scan that did not fit one asset (or a bulk product), kept for a person.
public struct StoredConflict: Sendable, Hashable {
  public var id: String
  public var scanID: String
  public var assetID: String?
  /// The contract's `ConflictStatus` and `ScanReason`.
  public var status: Int
  public var reason: Int
  public var message: String
  public var bookingID: String?
  public var openedAt: Int64
  public var resolvedAt: Int64?
  public var resolvedBy: String?
  public var resolutionNote: String?

  public init(
    id: String, scanID: String, assetID: String?, status: Int, reason: Int, message: String, bookingID: String?, openedAt: Int64,
    resolvedAt: Int64? = nil, resolvedBy: String? = nil, resolutionNote: String? = nil
  ) {
    self.id = id
    self.scanID = scanID
    self.assetID = assetID
    self.status = status
    self.reason = reason
    self.message = message
    self.bookingID = bookingID
    self.openedAt = openedAt
    self.resolvedAt = resolvedAt
    self.resolvedBy = resolvedBy
    self.resolutionNote = resolutionNote
  }
}

/// A warehouse, vehicle or repair shop.
public struct StoredLocation: Sendable, Hashable {
  public var id: String
  public var name: String
  /// The contract's `LocationKind`.
  public var kind: Int
  /// The contract's `Address` as JSON.
  public var addressJSON: String

  public init(id: String, name: String, kind: Int, addressJSON: String = "{}") {
    self.id = id
    self.name = name
    self.kind = kind
    self.addressJSON = addressJSON
  }
}

/// Units of one product at one location, by state.
public struct StoredStockLevel: Sendable, Hashable {
  public var productID: String
  public var locationID: String
  public var available: Int
  public var checkedOut: Int
  public var quarantine: Int
  public var repair: Int

  public init(productID: String, locationID: String, available: Int = 0, checkedOut: Int = 0, quarantine: Int = 0, repair: Int = 0) {
    self.productID = productID
    self.locationID = locationID
    self.available = available
    self.checkedOut = checkedOut
    self.quarantine = quarantine
    self.repair = repair
  }

  public var total: Int { self.available + self.checkedOut + self.quarantine + self.repair }
}
