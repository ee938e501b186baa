import Foundation

extension MoneybirdAPI {
  /// An administration the token may use.
  public struct Administration: Sendable, Equatable {
    public var id: String
    public var name: String

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["id"]) ?? ""
      self.name = object["name"] as? String ?? ""
    }
  }

  /// A contact as far as RentGuy reads it.
  public struct Contact: Sendable, Equatable {
    /// Moneybird's id (an 18-digit string).
    public var id: String
    /// RentGuy's customer number (Moneybird's `customer_id`).
    public var customerID: String
    public var companyName: String
    public var firstname: String
    public var lastname: String
    public var email: String

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["id"]) ?? ""
      self.customerID = ProviderJSON.string(object["customer_id"]) ?? ""
      self.companyName = object["company_name"] as? String ?? ""
      self.firstname = object["firstname"] as? String ?? ""
      self.lastname = object["lastname"] as? String ?? ""
      self.email = object["email"] as? String ?? ""
    }
  }

  /// A contact to create. Empty fields are left out (Moneybird wants a company name or a name).
  public struct NewContact: Sendable, Equatable {
    /// RentGuy's customer number (`customer_id`, unique in the administration).
    public var customerID: String
    public var companyName: String
    public var firstname: String
    public var lastname: String
    public var email: String
    public var address1: String
    public var zipcode: String
    public var city: String
    /// ISO 3166-1 alpha-2 ("NL").
    public var country: String

    public init(
      customerID: String, companyName: String = "", firstname: String = "", lastname: String = "", email: String = "", address1: String = "",
      zipcode: String = "", city: String = "", country: String = ""
    ) {
      self.customerID = customerID
      self.companyName = companyName
      self.firstname = firstname
      self.lastname = lastname
      self.email = email
      self.address1 = address1
      self.zipcode = zipcode
      self.city = city
      self.country = country
    }

    var json: JSONText {
      let fields: [(String, String)] = [
        ("company_name", self.companyName), ("firstname", self.firstname), ("lastname", self.lastname), ("email", self.email),
        ("customer_id", self.customerID), ("address1", self.address1), ("zipcode", self.zipcode), ("city", self.city),
        ("country", self.country),
      ]
      return .object(fields.filter { !$0.1.isEmpty }.map { ($0.0, JSONText.string($0.1)) })
    }
  }

  /// A sales invoice (or credit note) as far as RentGuy reads it. Amounts in minor units.
  public struct SalesInvoice: Sendable, Equatable {
    public var id: String
    public var contactID: String
    /// RentGuy's invoice number.
    public var reference: String
    /// yyyy-MM-dd
    public var invoiceDate: String
    public var currency: String
    /// draft, open, scheduled, pending_payment, late, reminded, paid, uncollectible.
    public var state: String
    public var pricesAreIncludingTax: Bool
    public var totalExcludingTaxMinor: Int64
    public var totalIncludingTaxMinor: Int64
    /// `total_tax`, or including less excluding when Moneybird leaves it out.
    public var totalTaxMinor: Int64
    public var details: [Detail]
    public var payments: [Payment]

    /// The payments registered, together.
    public var paidMinor: Int64 { self.payments.reduce(0) { $0 + $1.priceMinor } }

    /// One line.
    public struct Detail: Sendable, Equatable {
      public var id: String
      public var description: String
      public var priceMinor: Int64
      /// The quantity as Moneybird writes it ("1", "2 x").
      public var amount: String
      public var taxRateID: String
      public var ledgerAccountID: String
      public var totalExcludingTaxMinor: Int64

      init(_ object: [String: Any]) {
        self.id = ProviderJSON.string(object["id"]) ?? ""
        self.description = object["description"] as? String ?? ""
        self.priceMinor = ProviderJSON.minor(object["price"]) ?? 0
        self.amount = ProviderJSON.string(object["amount"]) ?? ""
        self.taxRateID = ProviderJSON.string(object["tax_rate_id"]) ?? ""
        self.ledgerAccountID = ProviderJSON.string(object["ledger_account_id"]) ?? ""
        self.totalExcludingTaxMinor = ProviderJSON.minor(object["total_price_excl_tax_with_discount"]) ?? 0
      }
    }

    /// A payment registered on the invoice.
    public struct Payment: Sendable, Equatable {
      public var id: String
      public var priceMinor: Int64
      /// yyyy-MM-dd
      public var paymentDate: String
      /// RentGuy's payment id.
      public var transactionIdentifier: String

      init(_ object: [String: Any]) {
        self.id = ProviderJSON.string(object["id"]) ?? ""
        self.priceMinor = ProviderJSON.minor(object["price"]) ?? 0
        self.paymentDate = object["payment_date"] as? String ?? ""
        self.transactionIdentifier = ProviderJSON.string(object["transaction_identifier"]) ?? ""
      }
    }

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["id"]) ?? ""
      self.contactID = ProviderJSON.string(object["contact_id"]) ?? ""
      self.reference = ProviderJSON.string(object["reference"]) ?? ""
      self.invoiceDate = object["invoice_date"] as? String ?? ""
      self.currency = object["currency"] as? String ?? ""
      self.state = object["state"] as? String ?? ""
      self.pricesAreIncludingTax = object["prices_are_incl_tax"] as? Bool ?? false
      self.totalExcludingTaxMinor = ProviderJSON.minor(object["total_price_excl_tax"]) ?? 0
      self.totalIncludingTaxMinor = ProviderJSON.minor(object["total_price_incl_tax"]) ?? 0
      self.totalTaxMinor = ProviderJSON.minor(object["total_tax"]) ?? self.totalIncludingTaxMinor - self.totalExcludingTaxMinor
      self.details = (object["details"] as? [[String: Any]] ?? []).map(Detail.init)
      self.payments = (object["payments"] as? [[String: Any]] ?? []).map(Payment.init)
    }
  }

  /// A sales invoice to create: prices excluding tax unless ``pricesAreIncludingTax``; a credit
  /// note has negative prices.
  public struct NewSalesInvoice: Sendable, Equatable {
    public var contactID: String
    /// RentGuy's invoice number (found again by ``MoneybirdAPI/salesInvoice(reference:)``).
    public var reference: String
    /// yyyy-MM-dd
    public var invoiceDate: String
    public var currency: String
    public var pricesAreIncludingTax: Bool
    /// The document workflow; nil: the administration's default.
    public var workflowID: String?
    public var details: [Detail]

    /// One line to create.
    public struct Detail: Sendable, Equatable {
      public var description: String
      /// The price of one, in minor units (negative on a credit note).
      public var priceMinor: Int64
      public var quantity: Int
      public var taxRateID: String
      public var ledgerAccountID: String

      public init(description: String, priceMinor: Int64, quantity: Int = 1, taxRateID: String, ledgerAccountID: String) {
        self.description = description
        self.priceMinor = priceMinor
        self.quantity = quantity
        self.taxRateID = taxRateID
        self.ledgerAccountID = ledgerAccountID
      }

      var json: JSONText {
        .object([
          ("description", .string(self.description)), ("price", .string(DecimalAmount.string(minor: self.priceMinor))),
          ("amount", .string(String(self.quantity))), ("tax_rate_id", .string(self.taxRateID)),
          ("ledger_account_id", .string(self.ledgerAccountID)),
        ])
      }
    }

    public init(
      contactID: String, reference: String, invoiceDate: String, currency: String = "EUR", pricesAreIncludingTax: Bool = false,
      workflowID: String? = nil, details: [Detail]
    ) {
      self.contactID = contactID
      self.reference = reference
      self.invoiceDate = invoiceDate
      self.currency = currency
      self.pricesAreIncludingTax = pricesAreIncludingTax
      self.workflowID = workflowID
      self.details = details
    }

    var json: JSONText {
      var fields: [(String, JSONText)] = [
        ("contact_id", .string(self.contactID)), ("reference", .string(self.reference)), ("invoice_date", .string(self.invoiceDate)),
        ("currency", .string(self.currency.uppercased())), ("prices_are_incl_tax", .bool(self.pricesAreIncludingTax)),
      ]
      if let workflowID = self.workflowID, !workflowID.isEmpty { fields.append(("workflow_id", .string(workflowID))) }
      fields.append(("details_attributes", .array(self.details.map(\.json))))
      return .object(fields)
    }
  }

  /// A payment to register on a sales invoice.
  public struct NewPayment: Sendable, Equatable {
    /// yyyy-MM-dd
    public var paymentDate: String
    public var priceMinor: Int64
    /// RentGuy's payment id: registering it twice on one invoice is refused.
    public var transactionIdentifier: String
    /// Where the payment is booked; nil: Moneybird's default.
    public var financialAccountID: String?

    public init(paymentDate: String, priceMinor: Int64, transactionIdentifier: String, financialAccountID: String? = nil) {
      self.paymentDate = paymentDate
      self.priceMinor = priceMinor
      self.transactionIdentifier = transactionIdentifier
      self.financialAccountID = financialAccountID
    }

    var json: JSONText {
      var fields: [(String, JSONText)] = [
        ("payment_date", .string(self.paymentDate)), ("price", .string(DecimalAmount.string(minor: self.priceMinor))),
        ("transaction_identifier", .string(self.transactionIdentifier)),
      ]
      if let financialAccountID = self.financialAccountID, !financialAccountID.isEmpty {
        fields.append(("financial_account_id", .string(financialAccountID)))
      }
      return .object(fields)
    }
  }

  /// A tax rate of the administration.
  public struct TaxRate: Sendable, Equatable {
    public var id: String
    public var name: String
    /// As Moneybird writes it: "21.0".
    public var percentage: String
    /// sales_invoice, purchase_invoice, general_journal_document.
    public var taxRateType: String

    /// The percentage in basis points (2100 for "21.0"); nil when it is not a number.
    public var basisPoints: Int64? { ProviderJSON.minor(self.percentage) }

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["id"]) ?? ""
      self.name = object["name"] as? String ?? ""
      self.percentage = ProviderJSON.string(object["percentage"]) ?? ""
      self.taxRateType = object["tax_rate_type"] as? String ?? ""
    }
  }

  /// A ledger account of the administration.
  public struct LedgerAccount: Sendable, Equatable {
    public var id: String
    public var name: String
    /// revenue, expenses, current_assets, …
    public var accountType: String

    init(_ object: [String: Any]) {
      self.id = ProviderJSON.string(object["id"]) ?? ""
      self.name = object["name"] as? String ?? ""
      self.accountType = object["account_type"] as? String ?? ""
    }
  }
}
