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
