import Foundation
import GRPCCore
import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// Builds an export's documents inside the StartExport transaction: the invoices and credit
/// notes issued in the period, the payments received in it (each booked on its booking's
/// invoice), what was sent to the provider before, and the mapping gaps that stop the export
/// before anything is stored or sent.
struct ExportPlanner {
  let provider: Rentguy_Export_V1_AccountingProvider
  let kinds: Set<Rentguy_Export_V1_ExportKind>
  let periodStart: Int64
  let periodEnd: Int64
  let timeZone: TimeZone
  let mapping: Rentguy_Export_V1_AccountingMapping

  /// Payments counted as received: what the provider paid out, refunds and disputes aside.
  static let receivedStatuses = [PaymentState.succeeded, .partiallyRefunded, .refunded, .disputed, .chargedBack].map(\.rawValue)

  /// The documents of the period in sending order (invoices and credit notes, then payments).
  func items(exportID: String, in db: any IntegrationDatabase) throws -> [StoredExportItem] {
    var items: [StoredExportItem] = []
    var bookingNumbers: [String: String] = [:]
    func bookingNumber(_ id: String) throws -> String {
      if let known = bookingNumbers[id] { return known }
      let number = try db.booking(id)?.number ?? ""
      bookingNumbers[id] = number
      return number
    }
    var neededCategories: Set<Int> = []

    if self.kinds.contains(.invoices) {
      let (from, until) = self.issueDates()
      var after = ""
      while true {
        let page = try db.invoices(bookingID: nil, customerID: nil, issuedFrom: from, issuedUntil: until, after: after, limit: 1000)
        guard let last = page.last else { break }
        after = last.id
        for invoice in page {
          let document = try Rentguy_Booking_V1_Invoice(serializedBytes: invoice.document)
          for line in document.lines { neededCategories.insert(line.vatCategory.rawValue) }
          let kind: Rentguy_Export_V1_DocumentKind = invoice.kind == Rentguy_Booking_V1_InvoiceKind.creditNote.rawValue ? .creditNote : .invoice
          var item = StoredExportItem(
            exportID: exportID, position: items.count, document: kind.rawValue, documentID: invoice.id, invoiceID: invoice.id,
            invoiceNumber: invoice.number, bookingID: invoice.bookingID, bookingNumber: try bookingNumber(invoice.bookingID),
            customerID: invoice.customerID, currency: invoice.currency, localAmountMinor: invoice.totalMinor, localVATMinor: invoice.vatMinor,
            status: Rentguy_Export_V1_ReconciliationStatus.pending.rawValue
          )
          item.vatBreakdown = document.vatBreakdown.map {
            .init(category: $0.category.rawValue, rateBasisPoints: Int($0.rateBp), netMinor: $0.netAmount.amountMinor, vatMinor: $0.vatAmount.amountMinor)
          }
          try self.markExportedBefore(&item, in: db)
          items.append(item)
        }
      }
    }

    if self.kinds.contains(.payments) {
      // By when they were paid: a checkout opened on the 31st and paid on the 1st belongs to the 1st.
      var after = ""
      var payments: [StoredPayment] = []
      while true {
        let page = try db.paymentsReceived(statuses: Self.receivedStatuses, start: self.periodStart, end: self.periodEnd, after: after, limit: 1000)
        guard let last = page.last else { break }
        after = last.id
        payments += page
      }
      for payment in payments {
        let invoice = try Self.invoiceToBookOn(payment, in: db)
        var item = StoredExportItem(
          exportID: exportID, position: items.count, document: Rentguy_Export_V1_DocumentKind.payment.rawValue, documentID: payment.id,
          invoiceID: invoice?.id ?? "", invoiceNumber: invoice?.number ?? "", bookingID: payment.bookingID,
          bookingNumber: try bookingNumber(payment.bookingID), customerID: invoice?.customerID ?? "", currency: payment.currency,
          localAmountMinor: payment.amountMinor, localVATMinor: 0, status: Rentguy_Export_V1_ReconciliationStatus.pending.rawValue
        )
        item.paymentID = payment.id
        if invoice == nil {
          item.status = Rentguy_Export_V1_ReconciliationStatus.failed.rawValue
          item.message = "booking \(item.bookingNumber) has no invoice to book the payment on"
        } else {
          try self.markExportedBefore(&item, in: db)
        }
        items.append(item)
      }
    }

    let gaps = self.mappingGaps(categories: neededCategories)
    if !gaps.isEmpty {
      throw IntegrationError(
        .failedPrecondition,
        "the \(self.provider.slug) mapping misses what this export needs: \(gaps.joined(separator: "; ")). Set it with UpdateMapping; nothing was sent",
        reason: .mappingMissing, info: ["missing": gaps.joined(separator: ", "), "provider": self.provider.slug]
      )
    }
    return items
  }

  /// A document sent to this provider before is checked against it, never sent again.
  private func markExportedBefore(_ item: inout StoredExportItem, in db: any IntegrationDatabase) throws {
    guard let sent = try db.exportedDocument(provider: self.provider.rawValue, documentID: item.documentID) else { return }
    item.exportedBefore = true
    item.providerDocumentID = sent.providerDocumentID
    item.message = "exported before by \(sent.exportID)"
  }

  /// The booking's final invoice, else its latest advance invoice.
  static func invoiceToBookOn(_ payment: StoredPayment, in db: any IntegrationDatabase) throws -> StoredInvoice? {
    let invoices = try db.invoices(bookingID: payment.bookingID, customerID: nil, issuedFrom: nil, issuedUntil: nil, after: "", limit: 200)
    let final = invoices.last { $0.kind == Rentguy_Booking_V1_InvoiceKind.final.rawValue }
    return final ?? invoices.last { $0.kind == Rentguy_Booking_V1_InvoiceKind.advance.rawValue }
  }

  /// Issue dates `[from, until)` of the period in the invoices' time zone.
  func issueDates() -> (String, String) {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = self.timeZone
    formatter.dateFormat = "yyyy-MM-dd"
    let from = formatter.string(from: Date(timeIntervalSince1970: Double(self.periodStart) / 1000))
    // The last day with any part in the period, then the day after it.
    let lastDay = Date(timeIntervalSince1970: Double(self.periodEnd - 1) / 1000)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = self.timeZone
    let dayAfter = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: lastDay)) ?? lastDay
    return (from, formatter.string(from: dayAfter))
  }

  /// A VAT category as the contract names it, e.g. "VAT_CATEGORY_REVERSE_CHARGE".
  static func name(_ category: Int) -> String {
    guard let value = Rentguy_Booking_V1_VatCategory(rawValue: category), case .UNRECOGNIZED = value else {
      let camel = Rentguy_Booking_V1_VatCategory(rawValue: category).map { "\($0)" } ?? "\(category)"
      let snake = camel.reduce(into: "") { text, character in
        if character.isUppercase { text += "_" }
        text += character.uppercased()
      }
      return "VAT_CATEGORY_" + snake
    }
    return "VAT_CATEGORY_\(category)"
  }

  /// What the mapping lacks for these VAT categories, named like its fields.
  func mappingGaps(categories: Set<Int>) -> [String] {
    var gaps: [String] = []
    for category in categories.sorted() {
      let name = Self.name(category)
      guard let entry = self.mapping.vat.first(where: { $0.category.rawValue == category }) else {
        gaps.append("vat[\(name)] (revenue_account and tax_code)")
        continue
      }
      if entry.revenueAccount.isEmpty { gaps.append("vat[\(name)].revenue_account") }
      if entry.taxCode.isEmpty { gaps.append("vat[\(name)].tax_code") }
    }
    if self.provider == .exact && self.mapping.journal.isEmpty && !categories.isEmpty { gaps.append("journal") }
    return gaps
  }
}
