import RentGuyProto
import SwiftProtobuf
import RentGuyProviders

/// Moneybird as an export uses it: contacts by customer number or e-mail, sales invoices with a
/// detail per invoice line (tax rate and ledger account from the mapping), payments on them.
struct MoneybirdGateway: AccountingGateway {
  let api: MoneybirdAPI
  let administrationID: String

  func testConnection() async throws -> String {
    let administrations = try await self.api.administrations()
    guard let administration = administrations.first(where: { $0.id == self.administrationID }) else {
      throw ProviderError(
        provider: "moneybird", httpStatus: nil, message: "the token works, but administration \(self.administrationID) is not one of its \(administrations.count)",
        retryable: false
      )
    }
    return "Moneybird administration \(administration.name) (\(administration.id))"
  }

  func contact(for customer: AccountingCustomer, matching: Rentguy_Export_V1_ContactMatching) async throws -> String {
    if matching != .email, let found = try await self.api.contact(customerNumber: customer.id) { return found.id }
    if !customer.email.isEmpty, let found = try await self.api.findContact(email: customer.email) { return found.id }
    let names = customer.name.split(separator: " ", maxSplits: 1).map(String.init)
    let created = try await self.api.createContact(
      .init(
        customerID: customer.id, companyName: customer.company, firstname: names.first ?? "", lastname: names.count > 1 ? names[1] : "",
        email: customer.email, address1: customer.address.line1, zipcode: customer.address.postalCode, city: customer.address.city,
        country: customer.address.country
      )
    )
    return created.id
  }

  func document(reference: String) async throws -> ProviderDocument? {
    try await self.api.salesInvoice(reference: reference).map(Self.document)
  }

  func document(id: String) async throws -> ProviderDocument? {
    try await self.api.salesInvoice(id: id).map(Self.document)
  }

  static func document(_ invoice: MoneybirdAPI.SalesInvoice) -> ProviderDocument {
    ProviderDocument(id: invoice.id, amountMinor: invoice.totalIncludingTaxMinor, vatMinor: invoice.totalTaxMinor)
  }

  func create(_ document: AccountingDocument, contactID: String, mapping: Rentguy_Export_V1_AccountingMapping) async throws -> ProviderDocument {
    let invoice = document.invoice
    let details = document.linesPerVATCategory.map { line in
      let vat = mapping.vat.first { $0.category == line.category }
      return MoneybirdAPI.NewSalesInvoice.Detail(
        description: line.description, priceMinor: line.netMinor, taxRateID: vat?.taxCode ?? "", ledgerAccountID: vat?.revenueAccount ?? ""
      )
    }
    let created = try await self.api.createSalesInvoice(
      .init(
        contactID: contactID, reference: invoice.number, invoiceDate: invoice.issueDate, currency: invoice.total.currency,
        workflowID: mapping.workflowID.isEmpty ? nil : mapping.workflowID, details: details
      )
    )
    return Self.document(created)
  }

  func registerPayment(_ payment: AccountingPayment, invoiceID: String, mapping: Rentguy_Export_V1_AccountingMapping) async throws -> Bool {
    try await self.api.registerPayment(
      invoiceID: invoiceID,
      .init(
        paymentDate: payment.date, priceMinor: payment.amountMinor, transactionIdentifier: payment.id,
        financialAccountID: mapping.paymentsAccount.isEmpty ? nil : mapping.paymentsAccount
      )
    )
  }
}
