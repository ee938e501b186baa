import Foundation
public import GRPCCore
public import RentGuyProto
import SwiftProtobuf
import RentGuyStore

/// The reconciliation report (RPC and CSV) and the period's documents as UBL.
extension ExportService {
  static let problemStatuses = [Rentguy_Export_V1_ReconciliationStatus.failed, .amountMismatch, .missingAtProvider].map(\.rawValue)

  public func getReconciliationReport(
    request: Rentguy_Export_V1_GetReconciliationReportRequest, context: ServerContext
  ) async throws -> Rentguy_Export_V1_GetReconciliationReportResponse {
    let export = try await self.load(request.exportID)
    let size = try BookingService.pageSize(request.pageSize)
    let after = try BookingService.pageStart(request.pageToken)
    guard after.isEmpty || Int(after) != nil else { throw IntegrationError.invalidArgument("page_token", "is not a token this server returned") }
    let statuses = request.problemsOnly ? Self.problemStatuses : []
    let id = export.id
    let (page, totals) = try await self.repository.read { db in
      (
        try db.exportItems(exportID: id, statuses: statuses, afterPosition: Int(after) ?? -1, limit: size + 1),
        try Self.totals(id, in: db)
      )
    }
    let lines = Array(page.prefix(size))
    let currency = totals.currency
    return .with {
      $0.export = .init(export)
      $0.lines = lines.map(Rentguy_Export_V1_ReconciliationLine.init)
      $0.nextPageToken = page.count > size ? PageToken.encode("\(lines.last!.position)") : ""
      $0.localTotal = .with {
        $0.amountMinor = totals.localTotal
        $0.currency = currency
      }
      $0.providerTotal = .with {
        $0.amountMinor = totals.providerTotal
        $0.currency = currency
      }
      $0.vatTotals = totals.vatTotals
    }
  }

  /// Every item of an export, summed.
  static func totals(_ exportID: String, in db: any IntegrationDatabase) throws -> ReconciliationTotals {
    var totals: ReconciliationTotals?
    var after = -1
    while true {
      let page = try db.exportItems(exportID: exportID, statuses: [], afterPosition: after, limit: 2000)
      guard let last = page.last else { break }
      after = last.position
      for item in page {
        if totals == nil { totals = ReconciliationTotals(currency: item.currency) }
        totals?.add(item)
      }
    }
    return totals ?? ReconciliationTotals(currency: "EUR")
  }

  public func renderReconciliationReport(
    request: Rentguy_Export_V1_RenderReconciliationReportRequest, context: ServerContext
  ) async throws -> Rentguy_Export_V1_ReportFile {
    guard request.format == .csv || request.format == .unspecified else { throw IntegrationError.invalidArgument("format", "must be REPORT_FORMAT_CSV") }
    let export = try await self.load(request.exportID)
    let id = export.id
    let (items, totals) = try await self.repository.read { db in
      var items: [StoredExportItem] = []
      var after = -1
      while true {
        let page = try db.exportItems(exportID: id, statuses: [], afterPosition: after, limit: 2000)
        guard let last = page.last else { break }
        after = last.position
        items += page
      }
      // The items are read already: sum them here rather than reading them all again.
      var totals = ReconciliationTotals(currency: items.first?.currency ?? "EUR")
      for item in items { totals.add(item) }
      return (items, totals)
    }
    let csv = ReconciliationCSV.render(
      lines: items.map(Rentguy_Export_V1_ReconciliationLine.init), vatTotals: totals.vatTotals,
      localTotal: totals.localTotal, providerTotal: totals.providerTotal, currency: totals.currency
    )
    return .with {
      $0.filename = "reconciliation-\(id).csv"
      $0.contentType = "text/csv; charset=utf-8"
      $0.content = Data(csv.utf8)
    }
  }

  public func downloadUbl(
    request: Rentguy_Export_V1_DownloadUblRequest, response: RPCWriter<Rentguy_Export_V1_ReportFile>, context: ServerContext
  ) async throws {
    guard request.hasPeriod, request.period.hasStart, request.period.hasEnd, request.period.end.milliseconds > request.period.start.milliseconds else {
      throw IntegrationError.invalidArgument("period", "must have a start and an end after it")
    }
    let planner = ExportPlanner(
      provider: .moneybird, kinds: [.invoices], periodStart: request.period.start.milliseconds, periodEnd: request.period.end.milliseconds,
      timeZone: self.timeZone, mapping: .init()
    )
    let (from, until) = planner.issueDates()
    var after = ""
    while true {
      let start = after
      let page = try await self.repository.read { db in
        try db.invoices(bookingID: nil, customerID: nil, issuedFrom: from, issuedUntil: until, after: start, limit: 200)
      }
      guard let last = page.last else { break }
      after = last.id
      for stored in page {
        let invoice = try Rentguy_Booking_V1_Invoice(serializedBytes: stored.document)
        let creditedID = stored.creditedInvoiceID ?? ""
        let credited = creditedID.isEmpty ? nil : try await self.repository.read { db in try db.invoice(creditedID) }
        let xml = UBLInvoiceDocument.render(invoice, seller: self.gateways.seller, creditedInvoiceNumber: credited?.number)
        try await response.write(.with {
          $0.filename = "\(stored.number).xml"
          $0.contentType = "application/xml"
          $0.content = Data(xml)
        })
      }
    }
  }
}
