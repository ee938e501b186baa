import RentGuyProto
import SwiftProtobuf
import RentGuyProviders

/// Exact Online as an export uses it: customers (accounts) by code or e-mail, sales entries
/// (type 20) and credit notes (21) with a line per invoice line (GL account and VAT code from the
/// mapping) in the mapping's journal. Every call runs with a current access token; a 401 gets a
/// refreshed token and one more try.
struct ExactGateway: AccountingGateway {
  let api: ExactAPI
  let tokens: ExactTokenKeeper

  /// Runs `call` with the current access token, once more with a fresh one after a 401.
  private func authorized<T: Sendable>(_ call: @Sendable (ExactAPI) async throws(ProviderError) -> T) async throws -> T {
    let token = try await self.tokens.accessToken(forceRefresh: false)
    do {
      return try await call(self.api.withAccessToken(token))
    } catch where error.isUnauthorized {
      let fresh = try await self.tokens.accessToken(forceRefresh: true, replacing: token)
      return try await call(self.api.withAccessToken(fresh))
    }
  }

  func testConnection() async throws -> String {
    let me = try await self.authorized { api async throws(ProviderError) in try await api.me() }
    return "Exact Online division \(me.currentDivision) (\(me.fullName))"
  }

  func contact(for customer: AccountingCustomer, matching: Rentguy_Export_V1_ContactMatching) async throws -> String {
    let code = String(customer.id.suffix(18))
    if matching != .email, let found = try await self.authorized({ api async throws(ProviderError) in try await api.account(code: code) }) {
      return found.id
    }
    if !customer.email.isEmpty, let found = try await self.authorized({ api async throws(ProviderError) in try await api.account(email: customer.email) }) {
      return found.id
    }
    let name = customer.company.isEmpty ? customer.name : customer.company
    return try await self.authorized { api async throws(ProviderError) in try await api.createAccount(code: code, name: name, email: customer.email) }.id
  }

  static func document(_ entry: ExactAPI.SalesEntry) -> ProviderDocument {
    ProviderDocument(id: entry.id, amountMinor: entry.amountMinor, vatMinor: entry.vatAmountMinor)
  }

  func document(reference: String) async throws -> ProviderDocument? {
    try await self.authorized { api async throws(ProviderError) in try await api.salesEntry(yourRef: reference) }.map(Self.document)
  }

  func document(id: String) async throws -> ProviderDocument? {
    try await self.authorized { api async throws(ProviderError) in try await api.salesEntry(id: id) }.map(Self.document)
  }

  func create(_ document: AccountingDocument, contactID: String, mapping: Rentguy_Export_V1_AccountingMapping) async throws -> ProviderDocument {
    let invoice = document.invoice
    let lines = document.linesPerVATCategory.map { line in
      let vat = mapping.vat.first { $0.category == line.category }
      return ExactAPI.NewSalesEntry.Line(glAccount: vat?.revenueAccount ?? "", description: line.description, amountMinor: line.netMinor, vatCode: vat?.taxCode ?? "")
    }
    let entry = ExactAPI.NewSalesEntry(
      journal: mapping.journal, customerID: contactID, entryDate: invoice.issueDate, description: "\(invoice.number) \(invoice.billTo.name)",
      yourRef: invoice.number, currency: invoice.total.currency, type: document.isCreditNote ? .creditNote : .invoice, lines: lines
    )
    return Self.document(try await self.authorized { api async throws(ProviderError) in try await api.createSalesEntry(entry) })
  }

  func registerPayment(_ payment: AccountingPayment, invoiceID: String, mapping: Rentguy_Export_V1_AccountingMapping) async throws -> Bool {
    throw ProviderError(
      provider: "exact", httpStatus: nil, message: "payments are not exported to Exact Online (they are matched there from its bank feed)", retryable: false
    )
  }
}
