import Foundation
import RentGuyProto
import SwiftProtobuf

/// One accounting provider as an export uses it. Implementations call the provider's API within
/// its rate limits and throw `ProviderError` (retried by the job queue when retryable).
protocol AccountingGateway: Sendable {
  /// A cheap read that proves the settings work; says what the provider calls the account.
  func testConnection() async throws -> String
  /// The provider's contact for a RentGuy customer: found by the mapping's rule, else created.
  func contact(for customer: AccountingCustomer, matching: Rentguy_Export_V1_ContactMatching) async throws -> String
  /// The document the provider holds under RentGuy's number (how a crash between "sent" and
  /// "recorded" is found out before anything is created twice).
  func document(reference: String) async throws -> ProviderDocument?
  /// A document by the provider's id; nil when the provider no longer has it.
  func document(id: String) async throws -> ProviderDocument?
  /// Creates an invoice or credit note.
  func create(_ document: AccountingDocument, contactID: String, mapping: Rentguy_Export_V1_AccountingMapping) async throws -> ProviderDocument
  /// Books a payment on an exported invoice; false when the provider already had it.
  func registerPayment(_ payment: AccountingPayment, invoiceID: String, mapping: Rentguy_Export_V1_AccountingMapping) async throws -> Bool
}

/// What the provider holds for a document: its id, total including VAT and VAT.
struct ProviderDocument: Sendable, Equatable {
  var id: String
  var amountMinor: Int64
  var vatMinor: Int64
}

/// A RentGuy customer as the provider's contact.
struct AccountingCustomer: Sendable {
  /// `cus_…`: the contact's customer number.
  var id: String
  var name: String
  var company: String
  var email: String
  var address: Rentguy_Common_V1_Address
}

/// An invoice or credit note to send, as issued.
struct AccountingDocument: Sendable {
  var invoice: Rentguy_Booking_V1_Invoice
  var isCreditNote: Bool { self.invoice.kind == .creditNote }

  /// One line per VAT category: its net amount, the rate, and what it sums up. The invoice's VAT
  /// is rounded once per rate, so the provider (which rounds per line) computes the same VAT
  /// only from lines like these.
  var linesPerVATCategory: [(category: Rentguy_Booking_V1_VatCategory, rateBasisPoints: Int32, netMinor: Int64, description: String)] {
    var order: [Rentguy_Booking_V1_VatCategory] = []
    var sums: [Rentguy_Booking_V1_VatCategory: (rate: Int32, net: Int64, count: Int)] = [:]
    for line in self.invoice.lines {
      if sums[line.vatCategory] == nil { order.append(line.vatCategory) }
      let current = sums[line.vatCategory] ?? (line.vatRateBp, 0, 0)
      sums[line.vatCategory] = (current.rate, current.net + line.netAmount.amountMinor, current.count + 1)
    }
    return order.map { category in
      let sum = sums[category]!
      let percent = sum.rate % 100 == 0 ? "\(sum.rate / 100)" : String(format: "%.2f", Double(sum.rate) / 100)
      let what = self.isCreditNote ? "Credit note" : "Invoice"
      return (category, sum.rate, sum.net, "\(what) \(self.invoice.number): \(sum.count) line\(sum.count == 1 ? "" : "s") at \(percent) % VAT")
    }
  }
}

/// A payment to book on an exported invoice.
struct AccountingPayment: Sendable {
  /// `pay_…`: the transaction identifier at the provider (a second registration is refused).
  var id: String
  var amountMinor: Int64
  var currency: String
  /// yyyy-MM-dd
  var date: String
}
