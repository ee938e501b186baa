import Foundation

/// The Moneybird objects the mock keeps (rendered to JSON by ``MoneybirdObjects``). Amounts in cents.
enum MoneybirdRecords {
  /// An administration and its settings: tax rates and ledger accounts (seeded on first use,
  /// plus any the control API adds).
  struct Administration: Sendable {
    var id: String
    var name: String
    var taxRates: [TaxRate]
    var ledgerAccounts: [LedgerAccount]
    /// The last customer number handed out to a contact created without one.
    var lastCustomerNumber = 0
    /// The last invoice number (`2026-0001`) handed out.
    var lastInvoiceNumber = 0

    func taxRate(_ id: String) -> TaxRate? {
      self.taxRates.first { $0.id == id }
    }

    func ledgerAccount(_ id: String) -> LedgerAccount? {
      self.ledgerAccounts.first { $0.id == id }
    }
  }

  struct TaxRate: Sendable {
    var id: String
    var name: String
    /// In hundredths of a percent (21 % = 2100).
    var percentage: Int
    /// `sales_invoice`, `purchase_invoice`, …
    var type: String
  }

  struct LedgerAccount: Sendable {
    var id: String
    var name: String
    /// `revenue`, `expenses`, …
    var accountType: String
  }

  struct Contact: Sendable {
    var id: String
    var administrationID: String
    /// The customer number (unique in the administration).
    var customerID: String
    var companyName: String
    var firstname: String
    var lastname: String
    var email: String
    var address1: String
    var zipcode: String
    var city: String
    var country: String
    var createdAt: Date
  }

  struct SalesInvoice: Sendable {
    var id: String
    var administrationID: String
    var contactID: String
    /// Moneybird's own number (`2026-0001`).
    var invoiceNumber: String
    /// The caller's reference (RentGuy's invoice number).
    var reference: String
    /// yyyy-MM-dd
    var invoiceDate: String
    var currency: String
    var pricesAreIncludingTax: Bool
    var workflowID: String?
    var details: [Detail]
    var payments: [Payment]
    var createdAt: Date
    var updatedAt: Date

    var totalExcludingTax: Int { self.details.reduce(0) { $0 + $1.totalExcludingTax } }
    var totalTax: Int { self.details.reduce(0) { $0 + $1.tax } }
    var totalIncludingTax: Int { self.totalExcludingTax + self.totalTax }
    var totalPaid: Int { self.payments.reduce(0) { $0 + $1.price } }
    var totalUnpaid: Int { self.totalIncludingTax - self.totalPaid }

    /// `open` until the payments cover a non-zero total (a credit note's negative total by
    /// negative payments), then `paid`.
    var state: String {
      let total = self.totalIncludingTax
      if total > 0 && self.totalPaid >= total { return "paid" }
      if total < 0 && self.totalPaid <= total { return "paid" }
      return "open"
    }
  }

  /// One line of a sales invoice.
  struct Detail: Sendable {
    var id: String
    var description: String
    /// The price of one (excluding tax unless the invoice's prices include it).
    var price: Int
    /// The quantity as sent (`"1"`, `"2.5"`).
    var amount: String
    var taxRateID: String
    var ledgerAccountID: String
    /// The line's total excluding tax.
    var totalExcludingTax: Int
    /// The line's tax, rounded half away from zero.
    var tax: Int
  }

  /// A payment registered on a sales invoice.
  struct Payment: Sendable {
    var id: String
    /// yyyy-MM-dd
    var paymentDate: String
    var price: Int
    var transactionIdentifier: String
    var financialAccountID: String?
    var createdAt: Date
  }
}
