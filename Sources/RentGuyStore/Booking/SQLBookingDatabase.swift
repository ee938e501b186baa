import Foundation
import GRDB

/// ``BookingDatabase`` on one SQLite connection inside a transaction (or a read). Plain SQL that
/// PostgreSQL also runs, apart from the `LIMIT` spelling they share.
struct SQLBookingDatabase: BookingDatabase {
  let db: Database

  // MARK: - Catalog

  private static let productColumns = """
    id, name, sku, stock_kind, category, description, day_price_minor, currency, vat_category, replacement_value_minor,
    preparation_buffer_seconds, return_buffer_seconds, bulk_barcode, bulk_quantity, archived, version
    """

  /// A product row of `productColumns`, read by position.
  private static func product(_ row: Row) -> StoredProduct {
    // v1 named the buffer columns in seconds; the store keeps milliseconds in them since v3 (no
    // rows existed before).
    StoredProduct(
      id: row[0], name: row[1], sku: row[2], stockKind: row[3], category: row[4], description: row[5], dayPriceMinor: row[6],
      currency: row[7], vatCategory: row[8], replacementValueMinor: row[9], preparationBufferMs: row[10], returnBufferMs: row[11],
      bulkBarcode: row[12], bulkQuantity: row[13], archived: row[14], version: row[15]
    )
  }

  func product(_ id: String) throws -> StoredProduct? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT \(Self.productColumns) FROM products WHERE id = ?"), arguments: [id]).map(Self.product)
  }

  func products(category: String?, query: String?, includeArchived: Bool, after: String, limit: Int) throws -> [StoredProduct] {
    var conditions = ["id > ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if !includeArchived { conditions.append("archived = 0") }
    if let category {
      conditions.append("category = ?")
      arguments.append(category)
    }
    if let query {
      conditions.append("(instr(lower(name), lower(?)) > 0 OR instr(lower(sku), lower(?)) > 0)")
      arguments += [query, query]
    }
    return try Row.fetchAll(
      self.db,
      sql: "SELECT \(Self.productColumns) FROM products WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT \(max(1, limit))",
      arguments: StatementArguments(arguments)
    ).map(Self.product)
  }

  func insertProduct(_ product: StoredProduct) throws {
    try self.db.execute(
      sql: """
        INSERT INTO products (\(Self.productColumns), vat_rate_bp)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
        """,
      arguments: StatementArguments(Self.productArguments(product))
    )
    if let barcode = product.bulkBarcode {
      try self.db.execute(sql: "INSERT INTO barcodes (barcode, kind, target_id) VALUES (?, 'bulk', ?)", arguments: [barcode, product.id])
    }
  }

  func updateProduct(_ product: StoredProduct) throws {
    let before = try self.product(product.id)
    try self.db.execute(
      sql: """
        UPDATE products SET name = ?, sku = ?, stock_kind = ?, category = ?, description = ?, day_price_minor = ?, currency = ?,
          vat_category = ?, replacement_value_minor = ?, preparation_buffer_seconds = ?, return_buffer_seconds = ?, bulk_barcode = ?,
          bulk_quantity = ?, archived = ?, version = version + 1
        WHERE id = ?
        """,
      arguments: StatementArguments(Array(Self.productArguments(product).dropFirst(1).dropLast(1)) + [product.id])
    )
    if before?.bulkBarcode != product.bulkBarcode {
      try self.db.execute(sql: "DELETE FROM barcodes WHERE kind = 'bulk' AND target_id = ?", arguments: [product.id])
      if let barcode = product.bulkBarcode {
        try self.db.execute(sql: "INSERT INTO barcodes (barcode, kind, target_id) VALUES (?, 'bulk', ?)", arguments: [barcode, product.id])
      }
    }
  }

  private static func productArguments(_ product: StoredProduct) -> [(any DatabaseValueConvertible)?] {
    [
      product.id, product.name, product.sku, product.stockKind, product.category, product.description, product.dayPriceMinor,
      product.currency, product.vatCategory, product.replacementValueMinor, product.preparationBufferMs, product.returnBufferMs,
      product.bulkBarcode, product.bulkQuantity, product.archived, product.version,
    ]
  }

  func kit(_ id: String) throws -> StoredKit? {
    guard let row = try Row.fetchOne(self.db.cachedStatement(sql: "SELECT * FROM kits WHERE id = ?"), arguments: [id]) else { return nil }
    return try self.kit(row)
  }

  private func kit(_ row: Row) throws -> StoredKit {
    let id: String = row["id"]
    let components = try Row.fetchAll(
      self.db.cachedStatement(sql: "SELECT product_id, quantity FROM kit_components WHERE kit_id = ? ORDER BY product_id"),
      arguments: [id]
    ).map { StoredKitComponent(productID: $0["product_id"], quantity: $0["quantity"]) }
    return StoredKit(
      id: id, name: row["name"], components: components, dayPriceMinor: row["day_price_minor"], currency: row["currency"],
      vatCategory: row["vat_category"], archived: row["archived"], version: row["version"]
    )
  }

  func kits(includeArchived: Bool, after: String, limit: Int) throws -> [StoredKit] {
    try Row.fetchAll(
      self.db,
      sql: "SELECT * FROM kits WHERE id > ? \(includeArchived ? "" : "AND archived = 0") ORDER BY id LIMIT \(max(1, limit))",
      arguments: [after]
    ).map { try self.kit($0) }
  }

  func insertKit(_ kit: StoredKit) throws {
    try self.db.execute(
      sql: "INSERT INTO kits (id, name, day_price_minor, currency, vat_category, archived, version) VALUES (?, ?, ?, ?, ?, ?, ?)",
      arguments: [kit.id, kit.name, kit.dayPriceMinor, kit.currency, kit.vatCategory, kit.archived, kit.version]
    )
    try self.writeComponents(kit)
  }

  func updateKit(_ kit: StoredKit) throws {
    try self.db.execute(
      sql: "UPDATE kits SET name = ?, day_price_minor = ?, currency = ?, vat_category = ?, archived = ?, version = version + 1 WHERE id = ?",
      arguments: [kit.name, kit.dayPriceMinor, kit.currency, kit.vatCategory, kit.archived, kit.id]
    )
    try self.db.execute(sql: "DELETE FROM kit_components WHERE kit_id = ?", arguments: [kit.id])
    try self.writeComponents(kit)
  }

  private func writeComponents(_ kit: StoredKit) throws {
    for component in kit.components {
      try self.db.execute(
        sql: "INSERT INTO kit_components (kit_id, product_id, quantity) VALUES (?, ?, ?)",
        arguments: [kit.id, component.productID, component.quantity]
      )
    }
  }

  /// The asset columns, read by position (scans read assets on the hot path).
  private static let assetColumns = """
    id, product_id, barcode, serial_number, status, location_id, case_id, booking_id, notes, version, last_scanned_at, prepared_booking_id,
    last_scan_id
    """

  private static func asset(_ row: Row) -> StoredAsset {
    StoredAsset(
      id: row[0], productID: row[1], barcode: row[2], serialNumber: row[3], status: row[4], locationID: row[5], caseID: row[6],
      bookingID: row[7], notes: row[8], version: row[9], lastScannedAt: row[10], preparedBookingID: row[11], lastScanID: row[12]
    )
  }

  func asset(id: String) throws -> StoredAsset? {
    // Every serialized scan reads its asset: through SQLite's C API (FastStatement).
    let statement = try FastStatement(self.db, Self.assetByID)
    defer { statement.reset() }
    statement.bind(1, id)
    guard try statement.step(), let id = statement.string(0), let productID = statement.string(1), let barcode = statement.string(2)
    else { return nil }
    return StoredAsset(
      id: id, productID: productID, barcode: barcode, serialNumber: statement.string(3) ?? "", status: statement.int(4) ?? 0,
      locationID: statement.string(5), caseID: statement.string(6), bookingID: statement.string(7), notes: statement.string(8) ?? "",
      version: statement.int64(9) ?? 1, lastScannedAt: statement.int64(10), preparedBookingID: statement.string(11),
      lastScanID: statement.string(12)
    )
  }

  private static let assetByID = "SELECT \(assetColumns) FROM assets WHERE id = ?"

  func asset(barcode: String) throws -> StoredAsset? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT \(Self.assetColumns) FROM assets WHERE barcode = ?"), arguments: [barcode])
      .map(Self.asset)
  }

  func assets(productID: String?, status: Int?, locationID: String?, bookingID: String?, after: String, limit: Int) throws -> [StoredAsset] {
    var conditions = ["id > ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    for (column, value) in [("product_id", productID), ("location_id", locationID), ("booking_id", bookingID)] {
      if let value {
        conditions.append("\(column) = ?")
        arguments.append(value)
      }
    }
    if let status {
      conditions.append("status = ?")
      arguments.append(status)
    }
    return try Row.fetchAll(
      self.db,
      sql: "SELECT \(Self.assetColumns) FROM assets WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT \(max(1, limit))",
      arguments: StatementArguments(arguments)
    ).map(Self.asset)
  }

  func insertAsset(_ asset: StoredAsset) throws {
    try self.db.execute(
      sql: """
        INSERT INTO assets (id, product_id, barcode, serial_number, status, location_id, case_id, booking_id, notes, version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        asset.id, asset.productID, asset.barcode, asset.serialNumber, asset.status, asset.locationID, asset.caseID, asset.bookingID,
        asset.notes, asset.version,
      ]
    )
    try self.db.execute(sql: "INSERT INTO barcodes (barcode, kind, target_id) VALUES (?, 'asset', ?)", arguments: [asset.barcode, asset.id])
  }

  func updateAsset(_ asset: StoredAsset) throws {
    try self.db.cachedStatement(
      sql: """
        UPDATE assets SET serial_number = ?, status = ?, location_id = ?, case_id = ?, booking_id = ?, notes = ?, last_scanned_at = ?,
          prepared_booking_id = ?, version = version + 1
        WHERE id = ?
        """
    ).execute(arguments: [
      asset.serialNumber, asset.status, asset.locationID, asset.caseID, asset.bookingID, asset.notes, asset.lastScannedAt,
      asset.preparedBookingID, asset.id,
    ])
  }

  private func flightCase(_ row: Row) throws -> StoredCase {
    let id: String = row["id"]
    let assets = try String.fetchAll(self.db.cachedStatement(sql: "SELECT id FROM assets WHERE case_id = ? ORDER BY id"), arguments: [id])
    return StoredCase(id: id, name: row["name"], barcode: row["barcode"], assetIDs: assets, version: row["version"])
  }

  func flightCase(id: String) throws -> StoredCase? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM cases WHERE id = ?", arguments: [id]).map { try self.flightCase($0) }
  }

  func flightCase(barcode: String) throws -> StoredCase? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM cases WHERE barcode = ?", arguments: [barcode]).map { try self.flightCase($0) }
  }

  func flightCases(after: String, limit: Int) throws -> [StoredCase] {
    try Row.fetchAll(self.db, sql: "SELECT * FROM cases WHERE id > ? ORDER BY id LIMIT \(max(1, limit))", arguments: [after])
      .map { try self.flightCase($0) }
  }

  func insertCase(_ flightCase: StoredCase) throws {
    try self.db.execute(
      sql: "INSERT INTO cases (id, name, barcode, version) VALUES (?, ?, ?, ?)",
      arguments: [flightCase.id, flightCase.name, flightCase.barcode, flightCase.version]
    )
    try self.db.execute(sql: "INSERT INTO barcodes (barcode, kind, target_id) VALUES (?, 'case', ?)", arguments: [flightCase.barcode, flightCase.id])
    try self.packCase(flightCase)
  }

  func updateCase(_ flightCase: StoredCase) throws {
    try self.db.execute(sql: "UPDATE cases SET name = ?, version = version + 1 WHERE id = ?", arguments: [flightCase.name, flightCase.id])
    try self.db.execute(sql: "UPDATE assets SET case_id = NULL, version = version + 1 WHERE case_id = ?", arguments: [flightCase.id])
    try self.packCase(flightCase)
  }

  private func packCase(_ flightCase: StoredCase) throws {
    for asset in flightCase.assetIDs {
      try self.db.execute(sql: "UPDATE assets SET case_id = ?, version = version + 1 WHERE id = ?", arguments: [flightCase.id, asset])
    }
  }

  func barcodeTaken(_ barcode: String) throws -> Bool {
    try Int.fetchOne(self.db.cachedStatement(sql: "SELECT 1 FROM barcodes WHERE barcode = ?"), arguments: [barcode]) != nil
  }

  func capacity(productID: String) throws -> Int {
    try Int.fetchOne(
      self.db.cachedStatement(
        sql: """
          SELECT CASE p.stock_kind
            WHEN 1 THEN (SELECT COUNT(*) FROM assets a WHERE a.product_id = p.id AND a.status IN (1, 2))
            ELSE p.bulk_quantity END
          FROM products p WHERE p.id = ?
          """
      ),
      arguments: [productID]
    ) ?? 0
  }

  // MARK: - Customers and leads

  private static func customer(_ row: Row) -> StoredCustomer {
    let external: String = row["external_ids"]
    return StoredCustomer(
      id: row["id"], name: row["name"], company: row["company"], email: row["email"], contactJSON: row["contact"],
      billingAddressJSON: row["billing_address"],
      externalIDs: (try? JSONDecoder().decode([String: String].self, from: Data(external.utf8))) ?? [:],
      notes: row["notes"], createdAt: row["created_at"], version: row["version"]
    )
  }

  func customer(_ id: String) throws -> StoredCustomer? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT * FROM customers WHERE id = ?"), arguments: [id]).map(Self.customer)
  }

  func customers(query: String?, after: String, limit: Int) throws -> [StoredCustomer] {
    var sql = "SELECT * FROM customers WHERE id > ?"
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if let query {
      sql += " AND (instr(lower(name), lower(?)) > 0 OR instr(lower(company), lower(?)) > 0 OR instr(lower(email), lower(?)) > 0)"
      arguments += [query, query, query]
    }
    return try Row.fetchAll(self.db, sql: sql + " ORDER BY id LIMIT \(max(1, limit))", arguments: StatementArguments(arguments))
      .map(Self.customer)
  }

  func insertCustomer(_ customer: StoredCustomer) throws {
    try self.db.execute(
      sql: """
        INSERT INTO customers (id, name, company, email, contact, billing_address, external_ids, notes, created_at, version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        customer.id, customer.name, customer.company, customer.email, customer.contactJSON, customer.billingAddressJSON,
        Self.json(customer.externalIDs), customer.notes, customer.createdAt, customer.version,
      ]
    )
  }

  func updateCustomer(_ customer: StoredCustomer) throws {
    try self.db.execute(
      sql: """
        UPDATE customers SET name = ?, company = ?, email = ?, contact = ?, billing_address = ?, external_ids = ?, notes = ?,
          version = version + 1
        WHERE id = ?
        """,
      arguments: [
        customer.name, customer.company, customer.email, customer.contactJSON, customer.billingAddressJSON, Self.json(customer.externalIDs),
        customer.notes, customer.id,
      ]
    )
  }

  private static func json(_ value: [String: String]) -> String {
    String(decoding: (try? JSONEncoder().encode(value)) ?? Data("{}".utf8), as: UTF8.self)
  }

  private static func lead(_ row: Row) -> StoredLead {
    StoredLead(
      id: row["id"], status: row["status"], source: row["source"], sourceRequestID: row["source_request_id"],
      payload: [UInt8]((row["payload"] as Data?) ?? Data()), receivedAt: row["received_at"], bookingID: row["booking_id"],
      rejectionReason: row["rejection_reason"]
    )
  }

  func lead(_ id: String) throws -> StoredLead? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM leads WHERE id = ?", arguments: [id]).map(Self.lead)
  }

  func lead(source: String, sourceRequestID: String) throws -> StoredLead? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM leads WHERE source = ? AND source_request_id = ?", arguments: [source, sourceRequestID])
      .map(Self.lead)
  }

  func leads(status: Int?, source: String?, after: String, limit: Int) throws -> [StoredLead] {
    var sql = "SELECT * FROM leads WHERE id > ?"
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if let status {
      sql += " AND status = ?"
      arguments.append(status)
    }
    if let source {
      sql += " AND source = ?"
      arguments.append(source)
    }
    return try Row.fetchAll(self.db, sql: sql + " ORDER BY id LIMIT \(max(1, limit))", arguments: StatementArguments(arguments)).map(Self.lead)
  }

  func insertLead(_ lead: StoredLead) throws {
    try self.db.execute(
      sql: """
        INSERT INTO leads (id, status, source, source_request_id, payload, received_at, booking_id, rejection_reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        lead.id, lead.status, lead.source, lead.sourceRequestID, Data(lead.payload), lead.receivedAt, lead.bookingID, lead.rejectionReason,
      ]
    )
  }

  func updateLead(_ lead: StoredLead) throws {
    try self.db.execute(
      sql: "UPDATE leads SET status = ?, payload = ?, booking_id = ?, rejection_reason = ? WHERE id = ?",
      arguments: [lead.status, Data(lead.payload), lead.bookingID, lead.rejectionReason, lead.id]
    )
  }

  // MARK: - Bookings and holds

  /// The booking columns, read by position (faster than by name on the hot path).
  private static let bookingColumns = """
    id, number, status, customer_id, title, venue, venue_address, usage_start, usage_end, preparation_buffer_ms, return_buffer_ms,
    planning_start, planning_end, time_zone, currency, deposit_minor, quote_valid_until, shortages_overridden, lead_id, notes,
    cancel_reason, created_at, updated_at, version
    """

  func booking(_ idOrNumber: String) throws -> StoredBooking? {
    let column = idOrNumber.hasPrefix("bkg_") ? "id" : "number"
    guard
      let row = try Row.fetchOne(
        self.db.cachedStatement(sql: "SELECT \(Self.bookingColumns) FROM bookings WHERE \(column) = ?"),
        arguments: [idOrNumber]
      )
    else { return nil }
    return try self.booking(row)
  }

  private func booking(_ row: Row) throws -> StoredBooking {
    let id: String = row[0]
    var lines: [StoredBookingLine] = []
    let cursor = try Row.fetchCursor(
      self.db.cachedStatement(
        sql: """
          SELECT id, kind, product_id, kit_id, description, quantity, unit_price_minor, days, discount_bp, vat_category, vat_rate_bp,
            checked_out_quantity, returned_quantity
          FROM booking_lines WHERE booking_id = ? ORDER BY position
          """
      ),
      arguments: [id]
    )
    while let line = try cursor.next() {
      lines.append(
        StoredBookingLine(
          id: line[0], kind: line[1], productID: line[2], kitID: line[3], description: line[4], quantity: line[5], unitPriceMinor: line[6],
          days: line[7], discountBp: line[8], vatCategory: line[9], vatRateBp: line[10], checkedOutQuantity: line[11],
          returnedQuantity: line[12]
        )
      )
    }
    let invoices = try String.fetchAll(
      self.db.cachedStatement(sql: "SELECT id FROM invoices WHERE booking_id = ? ORDER BY issued_at, id"),
      arguments: [id]
    )
    return StoredBooking(
      id: id, number: row[1], status: row[2], customerID: row[3], title: row[4], venue: row[5], venueAddressJSON: row[6],
      usageStart: row[7], usageEnd: row[8], preparationBufferMs: row[9], returnBufferMs: row[10], planningStart: row[11],
      planningEnd: row[12], timeZone: row[13], currency: row[14], securityDepositMinor: row[15], quoteValidUntil: row[16],
      shortagesOverridden: row[17], leadID: row[18], notes: row[19], cancelReason: row[20], createdAt: row[21], updatedAt: row[22],
      version: row[23], lines: lines, invoiceIDs: invoices
    )
  }

  func bookings(
    statuses: [Int], customerID: String?, overlapping: (start: Int64, end: Int64)?, query: String?, after: String, limit: Int
  ) throws -> [StoredBooking] {
    var conditions = ["id > ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if !statuses.isEmpty {
      conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
      arguments += statuses.map { $0 }
    }
    if let customerID {
      conditions.append("customer_id = ?")
      arguments.append(customerID)
    }
    if let overlapping {
      conditions.append("planning_start < ? AND planning_end > ?")
      arguments += [overlapping.end, overlapping.start]
    }
    if let query {
      conditions.append("(instr(lower(number), lower(?)) > 0 OR instr(lower(title), lower(?)) > 0 OR instr(lower(venue), lower(?)) > 0)")
      arguments += [query, query, query]
    }
    return try Row.fetchAll(
      self.db,
      sql: "SELECT \(Self.bookingColumns) FROM bookings WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT \(max(1, limit))",
      arguments: StatementArguments(arguments)
    ).map { try self.booking($0) }
  }

  func insertBooking(_ booking: StoredBooking) throws {
    try self.db.execute(
      sql: """
        INSERT INTO bookings (id, number, status, customer_id, title, venue, venue_address, usage_start, usage_end, preparation_buffer_ms,
          return_buffer_ms, planning_start, planning_end, time_zone, currency, deposit_minor, quote_valid_until, shortages_overridden,
          lead_id, notes, cancel_reason, created_at, updated_at, version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: StatementArguments(
        [booking.id, booking.number] + Self.bookingFields(booking) + [booking.createdAt, booking.updatedAt, booking.version]
      )
    )
    try self.writeLines(booking)
  }

  func updateBooking(_ booking: StoredBooking, lines: Bool) throws {
    try self.db.cachedStatement(
      sql: """
        UPDATE bookings SET status = ?, customer_id = ?, title = ?, venue = ?, venue_address = ?, usage_start = ?, usage_end = ?,
          preparation_buffer_ms = ?, return_buffer_ms = ?, planning_start = ?, planning_end = ?, time_zone = ?, currency = ?,
          deposit_minor = ?, quote_valid_until = ?, shortages_overridden = ?, lead_id = ?, notes = ?, cancel_reason = ?,
          updated_at = ?, version = version + 1
        WHERE id = ?
        """
    ).execute(arguments: StatementArguments(Self.bookingFields(booking) + [booking.updatedAt, booking.id]))
    guard lines else { return }
    let kept = Set(booking.lines.map(\.id))
    for id in try String.fetchAll(self.db, sql: "SELECT id FROM booking_lines WHERE booking_id = ?", arguments: [booking.id])
    where !kept.contains(id) {
      try self.db.execute(sql: "DELETE FROM booking_lines WHERE id = ?", arguments: [id])
    }
    try self.writeLines(booking)
  }

  private static func bookingFields(_ booking: StoredBooking) -> [(any DatabaseValueConvertible)?] {
    [
      booking.status, booking.customerID, booking.title, booking.venue, booking.venueAddressJSON, booking.usageStart, booking.usageEnd,
      booking.preparationBufferMs, booking.returnBufferMs, booking.planningStart, booking.planningEnd, booking.timeZone, booking.currency,
      booking.securityDepositMinor, booking.quoteValidUntil, booking.shortagesOverridden, booking.leadID, booking.notes, booking.cancelReason,
    ]
  }

  private func writeLines(_ booking: StoredBooking) throws {
    let statement = try self.db.cachedStatement(
      sql: """
        INSERT INTO booking_lines (id, booking_id, position, kind, product_id, kit_id, description, quantity, unit_price_minor, days,
          discount_bp, vat_category, vat_rate_bp, checked_out_quantity, returned_quantity)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET position = excluded.position, description = excluded.description, quantity = excluded.quantity,
          unit_price_minor = excluded.unit_price_minor, days = excluded.days, discount_bp = excluded.discount_bp,
          vat_category = excluded.vat_category, vat_rate_bp = excluded.vat_rate_bp,
          checked_out_quantity = excluded.checked_out_quantity, returned_quantity = excluded.returned_quantity
        """
    )
    for (position, line) in booking.lines.enumerated() {
      try statement.execute(arguments: [
        line.id, booking.id, position, line.kind, line.productID, line.kitID, line.description, line.quantity, line.unitPriceMinor, line.days,
        line.discountBp, line.vatCategory, line.vatRateBp, line.checkedOutQuantity, line.returnedQuantity,
      ])
    }
  }

  func holds(productID: String, start: Int64, end: Int64, includeTentative: Bool, excludingBooking: String?) throws -> [StoredHold] {
    try Row.fetchAll(
      self.db.cachedStatement(
        sql: """
          SELECT booking_id, line_id, start_at, end_at, quantity FROM stock_holds
          WHERE product_id = ? AND end_at > ? AND start_at < ? AND (firm = 1 OR ?) AND booking_id <> ?
          """
      ),
      arguments: [productID, start, end, includeTentative, excludingBooking ?? ""]
    ).map {
      StoredHold(bookingID: $0["booking_id"], lineID: $0["line_id"], productID: productID, start: $0["start_at"], end: $0["end_at"], quantity: $0["quantity"])
    }
  }

  func holdIntervals(productID: String, start: Int64, end: Int64, includeTentative: Bool, excludingBooking: String?) throws
    -> [(start: Int64, end: Int64, quantity: Int)]
  {
    let statement = try self.db.cachedStatement(
      sql: """
        SELECT start_at, end_at, quantity FROM stock_holds
        WHERE product_id = ? AND end_at > ? AND start_at < ? AND (firm = 1 OR ?) AND booking_id <> ?
        """
    )
    var intervals: [(start: Int64, end: Int64, quantity: Int)] = []
    let rows = try Row.fetchCursor(statement, arguments: [productID, start, end, includeTentative, excludingBooking ?? ""])
    while let row = try rows.next() {
      intervals.append((row[0], row[1], row[2]))
    }
    return intervals
  }

  func replaceHolds(bookingID: String, with holds: [StoredHold], firm: Bool) throws {
    try self.db.cachedStatement(sql: "DELETE FROM stock_holds WHERE booking_id = ?").execute(arguments: [bookingID])
    let insert = try self.db.cachedStatement(
      sql: "INSERT INTO stock_holds (booking_id, line_id, product_id, start_at, end_at, quantity, firm) VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
    for hold in holds {
      try insert.execute(arguments: [bookingID, hold.lineID, hold.productID, hold.start, hold.end, hold.quantity, firm])
    }
  }

  func expiredQuoteIDs(now: Int64, limit: Int) throws -> [String] {
    try String.fetchAll(
      self.db,
      sql: "SELECT id FROM bookings WHERE status = 2 AND quote_valid_until < ? ORDER BY quote_valid_until LIMIT \(max(1, limit))",
      arguments: [now]
    )
  }

  // MARK: - Numbers, invoices, crew, events, audit

  func nextNumber(series: String) throws -> Int {
    try self.db.execute(
      sql: """
        INSERT INTO document_series (series, last_number) VALUES (?, 1)
        ON CONFLICT (series) DO UPDATE SET last_number = last_number + 1
        """,
      arguments: [series]
    )
    return try Int.fetchOne(self.db, sql: "SELECT last_number FROM document_series WHERE series = ?", arguments: [series]) ?? 1
  }

  private static func invoice(_ row: Row) -> StoredInvoice {
    StoredInvoice(
      id: row["id"], number: row["number"], kind: row["kind"], bookingID: row["booking_id"], customerID: row["customer_id"],
      currency: row["currency"], issueDate: row["issue_date"], dueDate: row["due_date"], subtotalMinor: row["subtotal_minor"],
      vatMinor: row["vat_minor"], totalMinor: row["total_minor"], creditedInvoiceID: row["credited_invoice_id"], reason: row["reason"],
      issuedAt: row["issued_at"], document: [UInt8]((row["document"] as Data?) ?? Data())
    )
  }

  func invoice(_ idOrNumber: String) throws -> StoredInvoice? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM invoices WHERE id = ? OR number = ?", arguments: [idOrNumber, idOrNumber]).map(Self.invoice)
  }

  func invoices(bookingID: String?, customerID: String?, issuedFrom: String?, issuedUntil: String?, after: String, limit: Int) throws
    -> [StoredInvoice]
  {
    var conditions = ["id > ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    for (condition, value) in [
      ("booking_id = ?", bookingID), ("customer_id = ?", customerID), ("issue_date >= ?", issuedFrom), ("issue_date < ?", issuedUntil),
    ] {
      if let value {
        conditions.append(condition)
        arguments.append(value)
      }
    }
    return try Row.fetchAll(
      self.db,
      sql: "SELECT * FROM invoices WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT \(max(1, limit))",
      arguments: StatementArguments(arguments)
    ).map(Self.invoice)
  }

  func insertInvoice(_ invoice: StoredInvoice) throws {
    try self.db.execute(
      sql: """
        INSERT INTO invoices (id, number, kind, booking_id, customer_id, currency, issue_date, due_date, subtotal_minor, vat_minor,
          total_minor, credited_invoice_id, reason, issued_at, document)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        invoice.id, invoice.number, invoice.kind, invoice.bookingID, invoice.customerID, invoice.currency, invoice.issueDate,
        invoice.dueDate, invoice.subtotalMinor, invoice.vatMinor, invoice.totalMinor, invoice.creditedInvoiceID, invoice.reason,
        invoice.issuedAt, Data(invoice.document),
      ]
    )
  }

  private static func assignment(_ row: Row) -> StoredAssignment {
    StoredAssignment(
      id: row["id"], bookingID: row["booking_id"], userID: row["user_id"], function: row["function"], start: row["period_start"],
      end: row["period_end"], status: row["status"], notes: row["notes"], responseNote: row["response_note"],
      overlapOverridden: row["overlap_overridden"]
    )
  }

  func assignment(_ id: String) throws -> StoredAssignment? {
    try Row.fetchOne(self.db, sql: "SELECT * FROM crew_assignments WHERE id = ?", arguments: [id]).map(Self.assignment)
  }

  func assignments(bookingID: String?, userID: String?, overlapping: (start: Int64, end: Int64)?, after: String, limit: Int) throws
    -> [StoredAssignment]
  {
    var conditions = ["id > ?"]
    var arguments: [(any DatabaseValueConvertible)?] = [after]
    if let bookingID {
      conditions.append("booking_id = ?")
      arguments.append(bookingID)
    }
    if let userID {
      conditions.append("user_id = ?")
      arguments.append(userID)
    }
    if let overlapping {
      conditions.append("period_start < ? AND period_end > ?")
      arguments += [overlapping.end, overlapping.start]
    }
    return try Row.fetchAll(
      self.db,
      sql: "SELECT * FROM crew_assignments WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT \(max(1, limit))",
      arguments: StatementArguments(arguments)
    ).map(Self.assignment)
  }

  func insertAssignment(_ assignment: StoredAssignment) throws {
    try self.db.execute(
      sql: """
        INSERT INTO crew_assignments (id, booking_id, user_id, function, period_start, period_end, status, notes, response_note,
          overlap_overridden)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        assignment.id, assignment.bookingID, assignment.userID, assignment.function, assignment.start, assignment.end, assignment.status,
        assignment.notes, assignment.responseNote, assignment.overlapOverridden,
      ]
    )
  }

  func updateAssignment(_ assignment: StoredAssignment) throws {
    try self.db.execute(
      sql: "UPDATE crew_assignments SET status = ?, notes = ?, response_note = ?, period_start = ?, period_end = ? WHERE id = ?",
      arguments: [assignment.status, assignment.notes, assignment.responseNote, assignment.start, assignment.end, assignment.id]
    )
  }

  func deleteAssignment(_ id: String) throws {
    try self.db.execute(sql: "DELETE FROM crew_assignments WHERE id = ?", arguments: [id])
  }

  func crewMember(_ userID: String) throws -> (displayName: String, isCrew: Bool, functions: [Int], active: Bool)? {
    guard
      let row = try Row.fetchOne(
        self.db,
        sql: """
          SELECT display_name, crew_functions, active,
            EXISTS (SELECT 1 FROM user_roles WHERE user_id = users.id AND role_id = 'crew') AS is_crew
          FROM users WHERE id = ?
          """,
        arguments: [userID]
      )
    else { return nil }
    let functions: String = row["crew_functions"]
    return (
      row["display_name"], row["is_crew"], (try? JSONDecoder().decode([Int].self, from: Data(functions.utf8))) ?? [], row["active"]
    )
  }

  @discardableResult
  func appendEvent(type: Int, bookingID: String, at: Int64, actorID: String, actorName: String, snapshot: [UInt8]) throws -> Int64 {
    try self.db.cachedStatement(
      sql: "INSERT INTO booking_events (type, booking_id, occurred_at, actor_id, actor_name, snapshot) VALUES (?, ?, ?, ?, ?, ?)"
    ).execute(arguments: [type, bookingID, at, actorID, actorName, Data(snapshot)])
    return self.db.lastInsertedRowID
  }

  func events(after sequence: Int64, limit: Int) throws -> [StoredBookingEvent] {
    try Row.fetchAll(
      self.db.cachedStatement(sql: "SELECT * FROM booking_events WHERE sequence > ? ORDER BY sequence LIMIT ?"),
      arguments: [sequence, max(1, limit)]
    ).map {
      StoredBookingEvent(
        sequence: $0["sequence"], type: $0["type"], bookingID: $0["booking_id"], occurredAt: $0["occurred_at"], actorID: $0["actor_id"],
        actorName: $0["actor_name"], snapshot: [UInt8](($0["snapshot"] as Data?) ?? Data())
      )
    }
  }

  func eventBounds() throws -> (last: Int64, prunedThrough: Int64) {
    let last = try Int64.fetchOne(self.db, sql: "SELECT MAX(sequence) FROM booking_events") ?? 0
    let pruned = try Int64.fetchOne(self.db, sql: "SELECT pruned_through FROM booking_event_retention WHERE id = 1") ?? 0
    return (max(last, pruned), pruned)
  }

  func pruneEvents(before: Int64) throws -> Int {
    guard let through = try Int64.fetchOne(self.db, sql: "SELECT MAX(sequence) FROM booking_events WHERE occurred_at < ?", arguments: [before])
    else { return 0 }
    try self.db.execute(sql: "DELETE FROM booking_events WHERE sequence <= ?", arguments: [through])
    let removed = self.db.changesCount
    try self.db.execute(
      sql: "UPDATE booking_event_retention SET pruned_through = ? WHERE id = 1 AND pruned_through < ?",
      arguments: [through, through]
    )
    return removed
  }

  func appendAudit(_ entry: AuditEntry, at: Int64) throws {
    _ = try AuditLog.append(entry, in: self.db, now: Date(millisecondsSince1970: at))
  }
}
