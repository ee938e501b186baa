/// The warehouse's records as one transaction sees them, beside the booking domain's (scans
/// change assets, booking lines and booking status in the same transaction).
public protocol WarehouseDatabase: BookingDatabase {
  /// What a barcode names: ("asset" | "case" | "bulk", the id).
  func barcodeTarget(_ barcode: String) throws -> (kind: String, id: String)?
  /// The ack stored with the scan of (device, client scan id), if that scan was seen.
  func scanAck(deviceID: String, clientScanID: String) throws -> [UInt8]?
  /// The stored scan of (device, client scan id), if any.
  func scan(deviceID: String, clientScanID: String) throws -> StoredScan?
  func scan(id: String) throws -> StoredScan?
  /// Newest first; `before` is the last id of the previous page ("" for the first).
  func scans(assetID: String?, bookingID: String?, deviceID: String?, period: (start: Int64, end: Int64)?, before: String, limit: Int) throws
    -> [StoredScan]
  /// Stores a scan, and links it into the history of each asset in `links` (the asset's scan
  /// before it, as read; the asset's `last_scan_id` is the caller's to move, with
  /// ``updateScannedAsset(_:from:)``).
  func insertScan(_ scan: StoredScan, links: [(assetID: String, previousScanID: String?)]) throws
  func insertConflict(_ conflict: StoredConflict) throws
  func conflict(_ id: String) throws -> StoredConflict?
  func conflicts(status: Int?, bookingID: String?, after: String, limit: Int) throws -> [StoredConflict]
  func updateConflict(_ conflict: StoredConflict) throws
  /// Stores what a scan changed on an asset (`asset`, as read before the scan: `scanned`):
  /// status, location, booking, last scan time, preparation, newest scan. Only the columns that
  /// changed are written, so an index or foreign key whose columns a scan leaves alone is not
  /// touched; the version moves unless only the newest scan changed.
  func updateScannedAsset(_ scanned: StoredAsset, from asset: StoredAsset) throws
  /// Records an asset going out on a booking line, and coming back.
  func recordCheckOut(lineID: String, assetID: String, at: Int64) throws
  func recordCheckIn(assetID: String, at: Int64) throws
  /// The booking line an asset went out on (and has not come back from).
  func openLine(assetID: String) throws -> String?
  func location(_ id: String) throws -> StoredLocation?
  func locations() throws -> [StoredLocation]
  func insertLocation(_ location: StoredLocation) throws
  /// The home location of a device's API key.
  func homeLocation(apiKeyID: String) throws -> String?
  /// Bulk stock of a product at a location (nil when never counted there).
  func bulkStock(productID: String, locationID: String) throws -> StoredStockLevel?
  /// All bulk stock rows of a product.
  func bulkStock(productID: String) throws -> [StoredStockLevel]
  func saveBulkStock(_ level: StoredStockLevel) throws
  /// Stock per product and location: serialized products counted from their assets, bulk
  /// products from their counted rows. Ordered by product, then location.
  func stockLevels(productID: String?, locationID: String?, after: String, limit: Int) throws -> [StoredStockLevel]
}
