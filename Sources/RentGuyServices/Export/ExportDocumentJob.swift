import Foundation
import RentGuyProto
import SwiftProtobuf
import RentGuyProviders
import RentGuyStore

/// "moneybird.export_document" / "exact.export_document": sends one document of an export and
/// records the outcome with its item, the export's counters and (for a new document) what was
/// sent, in the job's own transaction.
///
/// - A document exported before is read back (MATCHED, AMOUNT_MISMATCH or MISSING_AT_PROVIDER).
/// - An invoice or credit note is first looked up by its number at the provider: if the provider
///   has it (the server stopped between "sent" and "recorded"), it is recorded, not sent again.
/// - A payment is booked on its invoice once that one is exported; the provider refuses a second
///   booking of the same payment id.
struct ExportDocumentJob: JobHandler {
  static func kind(_ provider: Rentguy_Export_V1_AccountingProvider) -> String { "\(provider.slug).export_document" }
  static func queue(_ provider: Rentguy_Export_V1_AccountingProvider) -> String { "export.\(provider.slug)" }
  static let queues = [queue(.moneybird), queue(.exact)]

  let repository: any IntegrationRepository
  let gateways: AccountingGateways

  static func job(provider: Rentguy_Export_V1_AccountingProvider, item: StoredExportItem) -> NewJob {
    NewJob(queue: Self.queue(provider), kind: Self.kind(provider), resourceID: item.exportID, payload: Data("\(item.position)".utf8), maxAttempts: 12)
  }

  /// Provider calls a document takes (for the planned duration): a read back; a lookup and a
  /// create (contacts are found once per customer); one booking.
  static func plannedCalls(_ item: StoredExportItem) -> Int {
    if item.exportedBefore { return 1 }
    return item.document == Rentguy_Export_V1_DocumentKind.payment.rawValue ? 1 : 2
  }

  func run(_ job: Job) async throws -> JobEffect {
    guard let position = Int(String(decoding: job.payload, as: UTF8.self)) else { return { _ in } }
    let exportID = job.resourceID
    let pending = Rentguy_Export_V1_ReconciliationStatus.pending.rawValue
    let loaded = try await self.repository.read { db -> (StoredExport, StoredExportItem)? in
      guard let export = try db.export(exportID), let item = try db.exportItem(exportID: exportID, position: position) else { return nil }
      return (export, item)
    }
    guard let (export, item) = loaded, item.status == pending, !ExportService.isFinished(export.status) else { return { _ in } }
    let provider = Rentguy_Export_V1_AccountingProvider(rawValue: export.provider) ?? .moneybird
    // The limiter would hold this job past its lease: give it back until the window has room.
    let wait = await self.gateways.expectedWait(provider, calls: Self.plannedCalls(item))
    if wait > .seconds(10) { throw JobPostponed(delay: wait) }
    let gateway: any AccountingGateway
    do {
      gateway = try await self.gateways.gateway(provider)
    } catch let error as IntegrationError {
      throw ProviderError(provider: provider.slug, httpStatus: nil, message: error.message, retryable: false)
    }
    let (outcome, record) = try await self.gateways.inFlight.sending("\(provider.slug)/\(item.documentID)", provider: provider.slug) {
      var done = item
      var sent: ExportedDocument?
      if item.exportedBefore {
        try await self.check(&done, gateway: gateway)
      } else if item.document == Rentguy_Export_V1_DocumentKind.payment.rawValue {
        sent = try await self.book(&done, export: export, gateway: gateway)
      } else {
        sent = try await self.send(&done, export: export, gateway: gateway)
      }
      return (done, sent)
    }
    return { db in try Self.finish(outcome, sent: record, provider: provider, in: db) }
  }

  /// Reads back a document exported before.
  private func check(_ item: inout StoredExportItem, gateway: any AccountingGateway) async throws {
    guard item.document != Rentguy_Export_V1_DocumentKind.payment.rawValue else {
      item.status = Rentguy_Export_V1_ReconciliationStatus.matched.rawValue
      item.providerAmountMinor = item.localAmountMinor
      item.providerVATMinor = 0
      return
    }
    guard let found = try await gateway.document(id: item.providerDocumentID) else {
      item.status = Rentguy_Export_V1_ReconciliationStatus.missingAtProvider.rawValue
      item.message = "exported before as \(item.providerDocumentID), but the provider no longer has it"
      return
    }
    Self.compare(&item, found, matched: .matched)
  }

  private static func compare(_ item: inout StoredExportItem, _ found: ProviderDocument, matched: Rentguy_Export_V1_ReconciliationStatus) {
    item.providerDocumentID = found.id
    item.providerAmountMinor = found.amountMinor
    item.providerVATMinor = found.vatMinor
    if found.amountMinor == item.localAmountMinor && found.vatMinor == item.localVATMinor {
      item.status = matched.rawValue
    } else {
      item.status = Rentguy_Export_V1_ReconciliationStatus.amountMismatch.rawValue
      item.message =
        "the provider has \(DecimalAmount.string(minor: found.amountMinor)) (VAT \(DecimalAmount.string(minor: found.vatMinor))), RentGuy \(DecimalAmount.string(minor: item.localAmountMinor)) (VAT \(DecimalAmount.string(minor: item.localVATMinor)))"
    }
  }

  /// Sends an invoice or credit note, unless the provider already has it under its number.
  private func send(_ item: inout StoredExportItem, export: StoredExport, gateway: any AccountingGateway) async throws -> ExportedDocument {
    let invoiceID = item.invoiceID
    let provider = export.provider
    let loaded = try await self.repository.read { db -> (StoredInvoice?, Rentguy_Export_V1_AccountingMapping) in
      (try db.invoice(invoiceID), try ExportService.mapping(.init(rawValue: provider) ?? .moneybird, in: db))
    }
    guard let stored = loaded.0 else {
      throw ProviderError(provider: "rentguy", httpStatus: nil, message: "invoice \(invoiceID) is gone", retryable: false)
    }
    let invoice = try Rentguy_Booking_V1_Invoice(serializedBytes: stored.document)
    let mapping = loaded.1
    var found = try await gateway.document(reference: invoice.number)
    if found != nil {
      item.message = "found at the provider by its number: recorded, not sent again"
    } else {
      let customer = AccountingCustomer(
        id: invoice.customerID, name: invoice.billTo.name, company: invoice.billTo.company, email: invoice.billTo.email, address: invoice.billTo.address
      )
      let contactID = try await self.gateways.contacts.contact(provider: provider, customer: customer) { customer in
        try await gateway.contact(for: customer, matching: mapping.contactMatching)
      }
      found = try await gateway.create(AccountingDocument(invoice: invoice), contactID: contactID, mapping: mapping)
    }
    let document = found!
    Self.compare(&item, document, matched: .exported)
    return ExportedDocument(
      provider: provider, documentID: item.documentID, providerDocumentID: document.id, amountMinor: document.amountMinor, vatMinor: document.vatMinor,
      exportID: export.id, exportedAt: Date().millisecondsSince1970
    )
  }

  /// Books a payment on its exported invoice.
  private func book(_ item: inout StoredExportItem, export: StoredExport, gateway: any AccountingGateway) async throws -> ExportedDocument? {
    let provider = Rentguy_Export_V1_AccountingProvider(rawValue: export.provider) ?? .moneybird
    let invoiceID = item.invoiceID
    let paymentID = item.paymentID
    let loaded = try await self.repository.read { db in
      (try db.exportedDocument(provider: provider.rawValue, documentID: invoiceID), try db.payment(paymentID), try ExportService.mapping(provider, in: db))
    }
    guard let invoice = loaded.0 else {
      item.status = Rentguy_Export_V1_ReconciliationStatus.failed.rawValue
      item.message = "invoice \(item.invoiceNumber) is not exported to \(provider.slug): export it first"
      return nil
    }
    guard let payment = loaded.1 else { throw ProviderError(provider: "rentguy", httpStatus: nil, message: "payment \(paymentID) is gone", retryable: false) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = self.gateways.timeZone
    formatter.dateFormat = "yyyy-MM-dd"
    let date = formatter.string(from: Date(timeIntervalSince1970: Double(payment.paidAt ?? payment.createdAt) / 1000))
    let registered = try await gateway.registerPayment(
      AccountingPayment(id: payment.id, amountMinor: payment.amountMinor, currency: payment.currency, date: date), invoiceID: invoice.providerDocumentID,
      mapping: loaded.2
    )
    item.status = Rentguy_Export_V1_ReconciliationStatus.exported.rawValue
    item.providerDocumentID = invoice.providerDocumentID
    item.providerAmountMinor = payment.amountMinor
    item.providerVATMinor = 0
    if !registered { item.message = "the provider had this payment already: recorded, not booked again" }
    return ExportedDocument(
      provider: provider.rawValue, documentID: payment.id, providerDocumentID: invoice.providerDocumentID, amountMinor: payment.amountMinor,
      vatMinor: 0, exportID: export.id, exportedAt: Date().millisecondsSince1970
    )
  }

  /// Records a finished item with the export's counters; payments waiting for this invoice go.
  static func finish(_ item: StoredExportItem, sent: ExportedDocument?, provider: Rentguy_Export_V1_AccountingProvider, in db: any IntegrationDatabase) throws {
    guard var export = try db.export(item.exportID), let current = try db.exportItem(exportID: item.exportID, position: item.position),
      current.status == Rentguy_Export_V1_ReconciliationStatus.pending.rawValue
    else { return }
    try db.updateExportItem(item)
    if let sent { try db.recordExportedDocument(sent) }
    let now = Date().millisecondsSince1970
    Self.count(item, in: &export)
    if item.document != Rentguy_Export_V1_DocumentKind.payment.rawValue && !item.exportedBefore {
      for payment in try db.exportPaymentItems(exportID: item.exportID, invoiceID: item.documentID)
      where payment.status == Rentguy_Export_V1_ReconciliationStatus.pending.rawValue && !payment.exportedBefore {
        if sent != nil && !ExportService.isFinished(export.status) {
          try db.enqueue(Self.job(provider: provider, item: payment))
        } else {
          var failed = payment
          failed.status = Rentguy_Export_V1_ReconciliationStatus.failed.rawValue
          failed.message = "invoice \(item.invoiceNumber) was not exported"
          try db.updateExportItem(failed)
          Self.count(failed, in: &export)
        }
      }
    }
    if export.status == Rentguy_Export_V1_ExportStatus.queued.rawValue {
      export.status = Rentguy_Export_V1_ExportStatus.running.rawValue
      export.startedAt = now
    }
    if export.pending == 0 && !ExportService.isFinished(export.status) {
      export.status = Self.outcome(export).rawValue
      export.finishedAt = now
    }
    try db.updateExport(export)
  }

  /// How a finished export ended: SUCCEEDED, PARTIALLY_FAILED when some documents need
  /// attention, FAILED when none went through.
  static func outcome(_ export: StoredExport) -> Rentguy_Export_V1_ExportStatus {
    if export.failed == 0 { return .succeeded }
    return export.total > export.failed ? .partiallyFailed : .failed
  }

  static func count(_ item: StoredExportItem, in export: inout StoredExport) {
    export.pending -= 1
    switch Rentguy_Export_V1_ReconciliationStatus(rawValue: item.status) {
    case .exported: export.succeeded += 1
    case .matched: break  // counted as skipped when the export started
    default: export.failed += 1
    }
  }

  func deadLetter(_ job: Job, error: String) -> JobEffect? {
    guard let position = Int(String(decoding: job.payload, as: UTF8.self)) else { return nil }
    let exportID = job.resourceID
    return { db in
      guard let export = try db.export(exportID), var item = try db.exportItem(exportID: exportID, position: position) else { return }
      item.status = Rentguy_Export_V1_ReconciliationStatus.failed.rawValue
      item.message = String(error.prefix(500))
      try Self.finish(item, sent: nil, provider: .init(rawValue: export.provider) ?? .moneybird, in: db)
    }
  }
}
