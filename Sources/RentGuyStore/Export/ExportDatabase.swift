/// Accounting exports, connections, mappings and schedules as one transaction sees them (part
/// of ``IntegrationDatabase``, so an export job's outcome commits with the job).
public protocol ExportDatabase {
  // MARK: Exports
  func insertExport(_ export: StoredExport) throws
  func export(_ id: String) throws -> StoredExport?
  /// Stores status, counters, times and failure reason.
  func updateExport(_ export: StoredExport) throws
  /// Newest first; `before` is the last id of the previous page ("" for the first).
  func exports(provider: Int?, statuses: [Int], before: String, limit: Int) throws -> [StoredExport]
  /// The provider's export that is QUEUED or RUNNING (not a dry run), if any.
  func activeExport(provider: Int) throws -> StoredExport?

  // MARK: Items
  func insertExportItem(_ item: StoredExportItem) throws
  func exportItem(exportID: String, position: Int) throws -> StoredExportItem?
  /// Stores the provider's side, status and message.
  func updateExportItem(_ item: StoredExportItem) throws
  /// In position order, after `afterPosition`; `statuses` empty for all.
  func exportItems(exportID: String, statuses: [Int], afterPosition: Int, limit: Int) throws -> [StoredExportItem]
  /// The payment items of the export booked on `invoiceID`.
  func exportPaymentItems(exportID: String, invoiceID: String) throws -> [StoredExportItem]
  /// The item of `documentID` in the export, if it is part of it.
  func exportItem(exportID: String, documentID: String) throws -> StoredExportItem?

  /// Whether any job for `resourceID` is pending, retrying or running.
  func hasLiveJob(resourceID: String) throws -> Bool
  /// QUEUED or RUNNING exports that are not dry runs.
  func activeExports() throws -> [StoredExport]

  /// Payments in `statuses` paid (or, never paid, created) in `[start, end)`, by id after `after`.
  func paymentsReceived(statuses: [Int], start: Int64, end: Int64, after: String, limit: Int) throws -> [StoredPayment]

  // MARK: What was sent
  func exportedDocument(provider: Int, documentID: String) throws -> ExportedDocument?
  /// Records (or replaces) what was sent for a document.
  func recordExportedDocument(_ document: ExportedDocument) throws
  func forgetExportedDocument(provider: Int, documentID: String) throws
  func accountingContact(provider: Int, customerID: String) throws -> String?
  func setAccountingContact(provider: Int, customerID: String, contactID: String) throws

  // MARK: Settings
  func accountingConnection(provider: Int) throws -> StoredAccountingConnection?
  /// Inserts or replaces (its version becomes `connection.version`).
  func saveAccountingConnection(_ connection: StoredAccountingConnection) throws
  /// The mapping of a provider (`id` is the provider number).
  func accountingMapping(provider: Int) throws -> VersionedDocument?
  func saveAccountingMapping(provider: Int, _ mapping: VersionedDocument) throws

  // MARK: Schedules
  func schedule(_ id: String) throws -> VersionedDocument?
  func schedules() throws -> [VersionedDocument]
  /// Inserts or replaces a schedule with its next run (`nil`: disabled).
  func saveSchedule(_ schedule: VersionedDocument, enabled: Bool, nextRunAt: Int64) throws
  func deleteSchedule(_ id: String) throws
  /// Ids of enabled schedules due at `now`.
  func dueSchedules(now: Int64) throws -> [String]
}
