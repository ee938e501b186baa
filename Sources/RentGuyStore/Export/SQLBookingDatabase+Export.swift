import Foundation
import GRDB

/// Exports, connections, mappings and schedules on the same connection as everything else.
extension SQLBookingDatabase: ExportDatabase {
  // MARK: - Exports

  private static let exportColumns = """
    id, provider, kinds, period_start, period_end, dry_run, status, schedule_id, started_by, total, succeeded, failed, skipped, pending,
    planned_ms, created_at, started_at, finished_at, failure_reason
    """

  private static func export(_ row: Row) -> StoredExport {
    let kinds: String = row[2]
    var export = StoredExport(
      id: row[0], provider: row[1], kinds: kinds.split(separator: " ").compactMap { Int($0) }, periodStart: row[3], periodEnd: row[4],
      dryRun: row[5], status: row[6], startedBy: row[8], createdAt: row[15]
    )
    export.scheduleID = row[7]
    export.total = row[9]
    export.succeeded = row[10]
    export.failed = row[11]
    export.skipped = row[12]
    export.pending = row[13]
    export.plannedMilliseconds = row[14]
    export.startedAt = row[16]
    export.finishedAt = row[17]
    export.failureReason = row[18]
    return export
  }

  func insertExport(_ e: StoredExport) throws {
    try self.db.execute(
      sql: "INSERT INTO exports (\(Self.exportColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        e.id, e.provider, e.kinds.map(String.init).joined(separator: " "), e.periodStart, e.periodEnd, e.dryRun, e.status, e.scheduleID,
        e.startedBy, e.total, e.succeeded, e.failed, e.skipped, e.pending, e.plannedMilliseconds, e.createdAt, e.startedAt, e.finishedAt,
        e.failureReason,
      ]
    )
  }

  func export(_ id: String) throws -> StoredExport? {
    try Row.fetchOne(self.db.cachedStatement(sql: "SELECT \(Self.exportColumns) FROM exports WHERE id = ?"), arguments: [id]).map(Self.export)
  }

  func updateExport(_ e: StoredExport) throws {
    try self.db.cachedStatement(
      sql: """
        UPDATE exports SET status = ?, total = ?, succeeded = ?, failed = ?, skipped = ?, pending = ?, planned_ms = ?, started_at = ?,
          finished_at = ?, failure_reason = ?
        WHERE id = ?
        """
    ).execute(arguments: [
      e.status, e.total, e.succeeded, e.failed, e.skipped, e.pending, e.plannedMilliseconds, e.startedAt, e.finishedAt, e.failureReason, e.id,
    ])
  }

  func exports(provider: Int?, statuses: [Int], before: String, limit: Int) throws -> [StoredExport] {
    var filter = SQLFilter()
    filter.before(before)
    filter.equals("provider", provider)
    filter.among("status", statuses)
    return try Row.fetchAll(
      self.db, sql: "SELECT \(Self.exportColumns) FROM exports \(filter.clause) ORDER BY id DESC LIMIT \(max(1, limit))", arguments: filter.arguments
    ).map(Self.export)
  }

  func activeExport(provider: Int) throws -> StoredExport? {
    // QUEUED (1) and RUNNING (2).
    try Row.fetchOne(
      self.db.cachedStatement(sql: "SELECT \(Self.exportColumns) FROM exports WHERE provider = ? AND status IN (1, 2) AND dry_run = 0 LIMIT 1"),
      arguments: [provider]
    ).map(Self.export)
  }

  // MARK: - Items

  private static let itemColumns = """
    export_id, position, document, document_id, invoice_id, invoice_number, booking_id, booking_number, customer_id, payment_id, currency,
    local_amount_minor, local_vat_minor, vat_breakdown, provider_amount_minor, provider_vat_minor, provider_document_id, exported_before,
    status, message
    """

  private static func item(_ row: Row) -> StoredExportItem {
    var item = StoredExportItem(
      exportID: row[0], position: row[1], document: row[2], documentID: row[3], invoiceID: row[4], invoiceNumber: row[5], bookingID: row[6],
      bookingNumber: row[7], customerID: row[8], currency: row[10], localAmountMinor: row[11], localVATMinor: row[12], status: row[18]
    )
    item.paymentID = row[9]
    item.vatBreakdown = Self.vatLines(row[13])
    item.providerAmountMinor = row[14]
    item.providerVATMinor = row[15]
    item.providerDocumentID = row[16]
    item.exportedBefore = row[17]
    item.message = row[19]
    return item
  }

  private static func vatLines(_ text: String) -> [StoredExportItem.VATLine] {
    text.split(separator: " ").compactMap { entry in
      let parts = entry.split(separator: ":")
      guard parts.count == 4, let category = Int(parts[0]), let rate = Int(parts[1]), let net = Int64(parts[2]), let vat = Int64(parts[3]) else {
        return nil
      }
      return StoredExportItem.VATLine(category: category, rateBasisPoints: rate, netMinor: net, vatMinor: vat)
    }
  }

  private static func vatText(_ lines: [StoredExportItem.VATLine]) -> String {
    lines.map { "\($0.category):\($0.rateBasisPoints):\($0.netMinor):\($0.vatMinor)" }.joined(separator: " ")
  }

  func insertExportItem(_ i: StoredExportItem) throws {
    try self.db.cachedStatement(
      sql: "INSERT INTO export_items (\(Self.itemColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ).execute(arguments: [
      i.exportID, i.position, i.document, i.documentID, i.invoiceID, i.invoiceNumber, i.bookingID, i.bookingNumber, i.customerID, i.paymentID,
      i.currency, i.localAmountMinor, i.localVATMinor, Self.vatText(i.vatBreakdown), i.providerAmountMinor, i.providerVATMinor,
      i.providerDocumentID, i.exportedBefore, i.status, i.message,
    ])
  }

  func exportItem(exportID: String, position: Int) throws -> StoredExportItem? {
    try Row.fetchOne(
      self.db.cachedStatement(sql: "SELECT \(Self.itemColumns) FROM export_items WHERE export_id = ? AND position = ?"),
      arguments: [exportID, position]
    ).map(Self.item)
  }

  func exportPaymentItems(exportID: String, invoiceID: String) throws -> [StoredExportItem] {
    try Row.fetchAll(
      self.db.cachedStatement(
        sql: "SELECT \(Self.itemColumns) FROM export_items WHERE export_id = ? AND invoice_id = ? AND document = 3 ORDER BY position"
      ),
      arguments: [exportID, invoiceID]
    ).map(Self.item)
  }

  func exportItem(exportID: String, documentID: String) throws -> StoredExportItem? {
    try Row.fetchOne(
      self.db.cachedStatement(sql: "SELECT \(Self.itemColumns) FROM export_items WHERE export_id = ? AND document_id = ? LIMIT 1"),
      arguments: [exportID, documentID]
    ).map(Self.item)
  }

  func updateExportItem(_ i: StoredExportItem) throws {
    try self.db.cachedStatement(
      sql: """
        UPDATE export_items SET provider_amount_minor = ?, provider_vat_minor = ?, provider_document_id = ?, status = ?, message = ?
        WHERE export_id = ? AND position = ?
        """
    ).execute(arguments: [i.providerAmountMinor, i.providerVATMinor, i.providerDocumentID, i.status, i.message, i.exportID, i.position])
  }

  func exportItems(exportID: String, statuses: [Int], afterPosition: Int, limit: Int) throws -> [StoredExportItem] {
    var filter = SQLFilter()
    filter.equals("export_id", exportID)
    filter.add("position > ?", afterPosition)
    filter.among("status", statuses)
    return try Row.fetchAll(
      self.db, sql: "SELECT \(Self.itemColumns) FROM export_items \(filter.clause) ORDER BY position LIMIT \(max(1, limit))",
      arguments: filter.arguments
    ).map(Self.item)
  }

  func hasLiveJob(resourceID: String) throws -> Bool {
    try Bool.fetchOne(
      self.db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE resource_id = ? AND state IN ('pending', 'retrying', 'running'))"),
      arguments: [resourceID]
    ) ?? false
  }

  func activeExports() throws -> [StoredExport] {
    try Row.fetchAll(self.db, sql: "SELECT \(Self.exportColumns) FROM exports WHERE status IN (1, 2) AND dry_run = 0").map(Self.export)
  }

  func paymentsReceived(statuses: [Int], start: Int64, end: Int64, after: String, limit: Int) throws -> [StoredPayment] {
    var filter = SQLFilter()
    filter.add("id > ?", after)
    filter.among("status", statuses)
    filter.add("COALESCE(paid_at, created_at) >= ? AND COALESCE(paid_at, created_at) < ?", start, end)
    return try self.payments(where: filter, limit: limit)
  }

  // MARK: - What was sent

  func exportedDocument(provider: Int, documentID: String) throws -> ExportedDocument? {
    try Row.fetchOne(
      self.db.cachedStatement(
        sql: """
          SELECT provider, document_id, provider_document_id, amount_minor, vat_minor, export_id, exported_at
          FROM exported_documents WHERE provider = ? AND document_id = ?
          """
      ),
      arguments: [provider, documentID]
    ).map { row in
      ExportedDocument(
        provider: row[0], documentID: row[1], providerDocumentID: row[2], amountMinor: row[3], vatMinor: row[4], exportID: row[5], exportedAt: row[6]
      )
    }
  }

  func recordExportedDocument(_ d: ExportedDocument) throws {
    try self.db.cachedStatement(
      sql: """
        INSERT INTO exported_documents (provider, document_id, provider_document_id, amount_minor, vat_minor, export_id, exported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (provider, document_id) DO UPDATE SET provider_document_id = excluded.provider_document_id,
          amount_minor = excluded.amount_minor, vat_minor = excluded.vat_minor
        """
    ).execute(arguments: [d.provider, d.documentID, d.providerDocumentID, d.amountMinor, d.vatMinor, d.exportID, d.exportedAt])
  }

  func forgetExportedDocument(provider: Int, documentID: String) throws {
    try self.db.execute(sql: "DELETE FROM exported_documents WHERE provider = ? AND document_id = ?", arguments: [provider, documentID])
  }

  func accountingContact(provider: Int, customerID: String) throws -> String? {
    try String.fetchOne(
      self.db.cachedStatement(sql: "SELECT contact_id FROM accounting_contacts WHERE provider = ? AND customer_id = ?"), arguments: [provider, customerID]
    )
  }

  func setAccountingContact(provider: Int, customerID: String, contactID: String) throws {
    try self.db.cachedStatement(
      sql: """
        INSERT INTO accounting_contacts (provider, customer_id, contact_id) VALUES (?, ?, ?)
        ON CONFLICT (provider, customer_id) DO UPDATE SET contact_id = excluded.contact_id
        """
    ).execute(arguments: [provider, customerID, contactID])
  }

  // MARK: - Settings

  func accountingConnection(provider: Int) throws -> StoredAccountingConnection? {
    try Row.fetchOne(
      self.db.cachedStatement(
        sql: """
          SELECT provider, settings, secret, access_token, access_token_expires_at, refresh_token, refresh_token_expires_at, oauth_state,
            version, updated_at
          FROM accounting_connections WHERE provider = ?
          """
      ),
      arguments: [provider]
    ).map { row in
      var connection = StoredAccountingConnection(provider: row[0], settings: Self.bytes(row[1]))
      connection.secret = row[2]
      connection.accessToken = row[3]
      connection.accessTokenExpiresAt = row[4]
      connection.refreshToken = row[5]
      connection.refreshTokenExpiresAt = row[6]
      connection.oauthState = row[7]
      connection.version = row[8]
      connection.updatedAt = row[9]
      return connection
    }
  }

  func saveAccountingConnection(_ c: StoredAccountingConnection) throws {
    try self.db.execute(
      sql: """
        INSERT OR REPLACE INTO accounting_connections
          (provider, settings, secret, access_token, access_token_expires_at, refresh_token, refresh_token_expires_at, oauth_state, version, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        c.provider, Data(c.settings), c.secret, c.accessToken, c.accessTokenExpiresAt, c.refreshToken, c.refreshTokenExpiresAt, c.oauthState, c.version,
        c.updatedAt,
      ]
    )
  }

  func accountingMapping(provider: Int) throws -> VersionedDocument? {
    try Row.fetchOne(self.db, sql: "SELECT provider, mapping, version, updated_at FROM accounting_mappings WHERE provider = ?", arguments: [provider])
      .map { row in VersionedDocument(id: String(row[0] as Int), document: Self.bytes(row[1]), version: row[2], updatedAt: row[3]) }
  }

  func saveAccountingMapping(provider: Int, _ m: VersionedDocument) throws {
    try self.db.execute(
      sql: "INSERT OR REPLACE INTO accounting_mappings (provider, mapping, version, updated_at) VALUES (?, ?, ?, ?)",
      arguments: [provider, Data(m.document), m.version, m.updatedAt]
    )
  }

  private static func bytes(_ data: Data?) -> [UInt8] { [UInt8](data ?? Data()) }

  // MARK: - Schedules

  func schedule(_ id: String) throws -> VersionedDocument? {
    try Row.fetchOne(self.db, sql: "SELECT id, schedule, version, next_run_at FROM export_schedules WHERE id = ?", arguments: [id])
      .map { row in VersionedDocument(id: row[0], document: Self.bytes(row[1]), version: row[2], updatedAt: row[3]) }
  }

  func schedules() throws -> [VersionedDocument] {
    try Row.fetchAll(self.db, sql: "SELECT id, schedule, version, next_run_at FROM export_schedules ORDER BY id")
      .map { row in VersionedDocument(id: row[0], document: Self.bytes(row[1]), version: row[2], updatedAt: row[3]) }
  }

  func saveSchedule(_ s: VersionedDocument, enabled: Bool, nextRunAt: Int64) throws {
    try self.db.execute(
      sql: "INSERT OR REPLACE INTO export_schedules (id, schedule, enabled, next_run_at, version) VALUES (?, ?, ?, ?, ?)",
      arguments: [s.id, Data(s.document), enabled, nextRunAt, s.version]
    )
  }

  func deleteSchedule(_ id: String) throws {
    try self.db.execute(sql: "DELETE FROM export_schedules WHERE id = ?", arguments: [id])
  }

  func dueSchedules(now: Int64) throws -> [String] {
    try String.fetchAll(self.db, sql: "SELECT id FROM export_schedules WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at", arguments: [now])
  }
}
