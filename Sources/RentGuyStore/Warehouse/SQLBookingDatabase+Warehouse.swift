import Foundation
import GRDB

/// The warehouse's tables on the same connection as the booking domain's.
extension SQLBookingDatabase: WarehouseDatabase {
  // The statements a scan runs (barcode, dedupe, asset, scan row, links) go through SQLite's C
  // API (FastStatement): the scan stream runs them many thousand times a second on the writer.

  func barcodeTarget(_ barcode: String) throws -> (kind: String, id: String)? {
    let statement = try FastStatement(self.db, "SELECT kind, target_id FROM barcodes WHERE barcode = ?")
    defer { statement.reset() }
    statement.bind(1, barcode)
    guard try statement.step(), let kind = statement.string(0), let id = statement.string(1) else { return nil }
    return (kind, id)
  }

  private static let scanColumns = """
    id, device_id, client_scan_id, device_sequence, scanned_at, received_at, barcode, action, booking_id, location_id, quantity, condition,
    note, result, reason, asset_ids, product_id, actor_id, ack
    """

  private static func scan(_ row: Row) -> StoredScan {
    let assets: String = row[15]
    return StoredScan(
      id: row[0], deviceID: row[1], clientScanID: row[2], deviceSequence: row[3], scannedAt: row[4], receivedAt: row[5], barcode: row[6],
      action: row[7], bookingID: row[8], locationID: row[9], quantity: row[10], condition: row[11], note: row[12], result: row[13],
      reason: row[14], assetIDs: (try? JSONDecoder().decode([String].self, from: Data(assets.utf8))) ?? [], productID: row[16],
      actorID: row[17], ack: [UInt8]((row[18] as Data?) ?? Data())
    )
  }

  func scanAck(deviceID: String, clientScanID: String) throws -> [UInt8]? {
    let statement = try FastStatement(self.db, "SELECT ack FROM scans WHERE device_id = ? AND client_scan_id = ?")
    defer { statement.reset() }
    statement.bind(1, deviceID)
    statement.bind(2, clientScanID)
    return try statement.step() ? statement.bytes(0) ?? [] : nil
  }

  func scan(deviceID: String, clientScanID: String) throws -> StoredScan? {
    try Row.fetchOne(
      self.db.cachedStatement(sql: "SELECT \(Self.scanColumns) FROM scans WHERE device_id = ? AND client_scan_id = ?"),
      arguments: [deviceID, clientScanID]
    ).map(Self.scan)
  }

  func scan(id: String) throws -> StoredScan? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT \(Self.scanColumns) FROM scans WHERE id = ?"), arguments: [id]).map(Self.scan)
  }

  func scans(assetID: String?, bookingID: String?, deviceID: String?, period: (start: Int64, end: Int64)?, before: String, limit: Int) throws
    -> [StoredScan]
  {
    var filter = SQLFilter()
    filter.equals("booking_id", bookingID)
    filter.equals("device_id", deviceID)
    if let period { filter.add("scanned_at >= ? AND scanned_at < ?", period.start, period.end) }
    if let assetID { return try self.scans(assetID: assetID, filter: filter, before: before, limit: limit) }
    filter.before(before)
    return try Row.fetchAll(
      self.db,
      sql: "SELECT \(Self.scanColumns) FROM scans \(filter.clause) ORDER BY id DESC LIMIT \(max(1, limit))",
      arguments: filter.arguments
    ).map(Self.scan)
  }

  /// An asset's scans, newest first: its chain of links walked from the newest (`last_scan_id`),
  /// or from the link after `before`, then filtered.
  private func scans(assetID: String, filter: SQLFilter, before: String, limit: Int) throws -> [StoredScan] {
    let start =
      before.isEmpty
      ? "SELECT last_scan_id, 0 FROM assets WHERE id = ?"
      : "SELECT previous_scan_id, 0 FROM asset_scans WHERE asset_id = ? AND scan_id = ?"
    let columns = Self.scanColumns.split(separator: ",").map { "scans." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    var arguments: StatementArguments = before.isEmpty ? [assetID] : [assetID, before]
    arguments += [assetID]
    arguments += filter.arguments
    let conditions = filter.clause.isEmpty ? "" : " AND " + String(filter.clause.dropFirst("WHERE ".count))
    // Unfiltered, the walk stops at the page's end; filtered, it may have to go further.
    let bound = filter.clause.isEmpty ? " WHERE chain.depth < \(max(1, limit) - 1)" : ""
    return try Row.fetchAll(
      self.db,
      sql: """
        WITH RECURSIVE chain(scan_id, depth) AS (
          \(start)
          UNION ALL
          SELECT link.previous_scan_id, chain.depth + 1
          FROM chain JOIN asset_scans AS link ON link.scan_id = chain.scan_id AND link.asset_id = ?\(bound)
        )
        SELECT \(columns.joined(separator: ", ")) FROM chain JOIN scans ON scans.id = chain.scan_id
        WHERE chain.scan_id IS NOT NULL\(conditions)
        ORDER BY chain.depth LIMIT \(max(1, limit))
        """,
      arguments: arguments
    ).map(Self.scan)
  }

  func insertScan(_ scan: StoredScan, links: [(assetID: String, previousScanID: String?)]) throws {
    // Record ids are ASCII letters, digits and underscores: no JSON escaping needed.
    let assets = "[" + scan.assetIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    let insert = try FastStatement(
      self.db, "INSERT INTO scans (\(Self.scanColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    defer { insert.reset() }
    insert.bind(1, scan.id)
    insert.bind(2, scan.deviceID)
    insert.bind(3, scan.clientScanID)
    insert.bind(4, scan.deviceSequence)
    insert.bind(5, scan.scannedAt)
    insert.bind(6, scan.receivedAt)
    insert.bind(7, scan.barcode)
    insert.bind(8, scan.action)
    insert.bind(9, scan.bookingID)
    insert.bind(10, scan.locationID)
    insert.bind(11, scan.quantity)
    insert.bind(12, scan.condition)
    insert.bind(13, scan.note)
    insert.bind(14, scan.result)
    insert.bind(15, scan.reason)
    insert.bind(16, assets)
    insert.bind(17, scan.productID)
    insert.bind(18, scan.actorID)
    insert.bind(19, scan.ack)
    try insert.run()
    // Each asset's history: a link to the asset's scan before this one, appended (scan ids grow
    // with time, and the link is keyed by the scan first).
    let link = try FastStatement(self.db, "INSERT INTO asset_scans (scan_id, asset_id, previous_scan_id) VALUES (?, ?, ?)")
    for (assetID, previous) in links {
      defer { link.reset() }
      link.bind(1, scan.id)
      link.bind(2, assetID)
      link.bind(3, previous)
      try link.run()
    }
  }

  private static func conflict(_ row: Row) -> StoredConflict {
    StoredConflict(
      id: row["id"], scanID: row["scan_id"], assetID: row["asset_id"], status: row["status"], reason: row["reason"], message: row["message"],
      bookingID: row["booking_id"], openedAt: row["opened_at"], resolvedAt: row["resolved_at"], resolvedBy: row["resolved_by"],
      resolutionNote: row["resolution_note"]
    )
  }

  func insertConflict(_ conflict: StoredConflict) throws {
    try self.db.cachedStatement(
      sql: """
        INSERT INTO conflicts (id, scan_id, asset_id, status, reason, message, booking_id, opened_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      conflict.id, conflict.scanID, conflict.assetID, conflict.status, conflict.reason, conflict.message, conflict.bookingID, conflict.openedAt,
    ])
  }

  func conflict(_ id: String) throws -> StoredConflict? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM conflicts WHERE id = ?", arguments: [id]).map(Self.conflict)
  }

  func conflicts(status: Int?, bookingID: String?, after: String, limit: Int) throws -> [StoredConflict] {
    var sql = "SELECT * FROM conflicts WHERE id > ?"
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if let status {
      sql += " AND status = ?"
      arguments.append(status)
    }
    if let bookingID {
      sql += " AND booking_id = ?"
      arguments.append(bookingID)
    }
    return try Row.fetchAll(self.db, sql: sql + " ORDER BY id LIMIT \(max(1, limit))", arguments: StatementArguments(arguments))
      .map(Self.conflict)
  }

  func updateConflict(_ conflict: StoredConflict) throws {
    try self.db.execute(
      sql: "UPDATE conflicts SET status = ?, resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ?",
      arguments: [conflict.status, conflict.resolvedAt, conflict.resolvedBy, conflict.resolutionNote, conflict.id]
    )
  }

  func updateScannedAsset(_ scanned: StoredAsset, from asset: StoredAsset) throws {
    // Only the columns that changed: an audit scan then rewrites neither the product/status
    // index nor checks the location's foreign key. One cached statement per set of columns.
    var columns: [String] = []
    var strings: [String?] = []
    var numbers: [Int64?] = []
    if scanned.status != asset.status {
      columns.append("status")
      numbers.append(Int64(scanned.status))
    }
    if scanned.lastScannedAt != asset.lastScannedAt {
      columns.append("last_scanned_at")
      numbers.append(scanned.lastScannedAt)
    }
    for (column, new, old) in [
      ("location_id", scanned.locationID, asset.locationID), ("booking_id", scanned.bookingID, asset.bookingID),
      ("prepared_booking_id", scanned.preparedBookingID, asset.preparedBookingID),
    ] where new != old {
      columns.append(column)
      strings.append(new)
    }
    // The newest scan is bookkeeping, not a change of the asset: it alone moves no version.
    let changed = !columns.isEmpty
    if scanned.lastScanID != asset.lastScanID {
      columns.append("last_scan_id")
      strings.append(scanned.lastScanID)
    }
    guard !columns.isEmpty else { return }
    var assignments = columns.map { $0 + " = ?" }
    if changed { assignments.append("version = version + 1") }
    let statement = try FastStatement(self.db, "UPDATE assets SET \(assignments.joined(separator: ", ")) WHERE id = ?")
    defer { statement.reset() }
    var index: Int32 = 1
    for number in numbers {
      statement.bind(index, number)
      index += 1
    }
    for string in strings {
      statement.bind(index, string)
      index += 1
    }
    statement.bind(index, scanned.id)
    try statement.run()
  }

  func recordCheckOut(lineID: String, assetID: String, at: Int64) throws {
    try self.db.cachedStatement(
      sql: """
        INSERT INTO booking_line_assets (line_id, asset_id, checked_out_at) VALUES (?, ?, ?)
        ON CONFLICT (line_id, asset_id) DO UPDATE SET checked_out_at = excluded.checked_out_at, returned_at = NULL
        """
    ).execute(arguments: [lineID, assetID, at])
  }

  func recordCheckIn(assetID: String, at: Int64) throws {
    try self.db.cachedStatement(sql: "UPDATE booking_line_assets SET returned_at = ? WHERE asset_id = ? AND returned_at IS NULL")
      .execute(arguments: [at, assetID])
  }

  func openLine(assetID: String) throws -> String? {
    try String.fetchOne(
      self.db.cachedStatement(sql: "SELECT line_id FROM booking_line_assets WHERE asset_id = ? AND returned_at IS NULL LIMIT 1"),
      arguments: [assetID]
    )
  }

  func location(_ id: String) throws -> StoredLocation? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT id, name, kind, address FROM locations WHERE id = ?"), arguments: [id]).map {
      StoredLocation(id: $0[0], name: $0[1], kind: $0[2], addressJSON: $0[3])
    }
  }

  func locations() throws -> [StoredLocation] {
    try Row.fetchAll(self.db, sql: "SELECT id, name, kind, address FROM locations ORDER BY name").map {
      StoredLocation(id: $0[0], name: $0[1], kind: $0[2], addressJSON: $0[3])
    }
  }

  func insertLocation(_ location: StoredLocation) throws {
    try self.db.execute(
      sql: "INSERT INTO locations (id, name, kind, address) VALUES (?, ?, ?, ?)",
      arguments: [location.id, location.name, location.kind, location.addressJSON]
    )
  }

  func homeLocation(apiKeyID: String) throws -> String? {
    try String.fetchOne(self.db.cachedStatement(sql: "SELECT home_location_id FROM api_keys WHERE id = ?"), arguments: [apiKeyID])
  }

  private static func level(_ row: Row) -> StoredStockLevel {
    StoredStockLevel(productID: row[0], locationID: row[1], available: row[2], checkedOut: row[3], quarantine: row[4], repair: row[5])
  }

  func bulkStock(productID: String, locationID: String) throws -> StoredStockLevel? {
    try Row.fetchOne(
      self.db.cachedStatement(
        sql: "SELECT product_id, location_id, available, checked_out, quarantine, repair FROM bulk_stock WHERE product_id = ? AND location_id = ?"
      ),
      arguments: [productID, locationID]
    ).map(Self.level)
  }

  func bulkStock(productID: String) throws -> [StoredStockLevel] {
    try Row.fetchAll(
      self.db.cachedStatement(
        sql: "SELECT product_id, location_id, available, checked_out, quarantine, repair FROM bulk_stock WHERE product_id = ? ORDER BY location_id"
      ),
      arguments: [productID]
    ).map(Self.level)
  }

  func saveBulkStock(_ level: StoredStockLevel) throws {
    try self.db.cachedStatement(
      sql: """
        INSERT INTO bulk_stock (product_id, location_id, available, checked_out, quarantine, repair) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (product_id, location_id) DO UPDATE SET available = excluded.available, checked_out = excluded.checked_out,
          quarantine = excluded.quarantine, repair = excluded.repair
        """
    ).execute(arguments: [level.productID, level.locationID, level.available, level.checkedOut, level.quarantine, level.repair])
  }

  func stockLevels(productID: String?, locationID: String?, after: String, limit: Int) throws -> [StoredStockLevel] {
    // One row per (product, location): assets counted by status, bulk rows as counted. The page
    // key is "product|location".
    var conditions = ["(product_id || '|' || location_id) > ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if let productID {
      conditions.append("product_id = ?")
      arguments.append(productID)
    }
    if let locationID {
      conditions.append("location_id = ?")
      arguments.append(locationID)
    }
    return try Row.fetchAll(
      self.db,
      sql: """
        SELECT product_id, location_id, available, checked_out, quarantine, repair FROM (
          SELECT product_id, COALESCE(location_id, '') AS location_id,
            SUM(status = 1) AS available, SUM(status = 2) AS checked_out, SUM(status = 3) AS quarantine, SUM(status = 4) AS repair
          FROM assets WHERE status IN (1, 2, 3, 4) GROUP BY product_id, COALESCE(location_id, '')
          UNION ALL
          SELECT product_id, location_id, available, checked_out, quarantine, repair FROM bulk_stock
        )
        WHERE \(conditions.joined(separator: " AND "))
        ORDER BY product_id, location_id LIMIT \(max(1, limit))
        """,
      arguments: StatementArguments(arguments)
    ).map(Self.level)
  }
}
