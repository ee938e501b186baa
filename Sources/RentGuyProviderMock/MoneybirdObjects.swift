import Foundation

/// Moneybird's JSON shapes for the mock's records (ids as strings, amounts as decimal strings).
enum MoneybirdObjects {
  static func administration(_ administration: MoneybirdRecords.Administration) -> JSONValue {
    [
      "id": .string(administration.id),
      "name": .string(administration.name),
      "language": "nl",
      "currency": "EUR",
      "country": "NL",
      "time_zone": "Europe/Amsterdam",
    ]
  }

  static func taxRate(_ rate: MoneybirdRecords.TaxRate, administrationID: String) -> JSONValue {
    [
      "id": .string(rate.id),
      "administration_id": .string(administrationID),
      "name": .string(rate.name),
      "percentage": .string(Cents.percentage(rate.percentage)),
      "tax_rate_type": .string(rate.type),
      "active": true,
    ]
  }

  static func ledgerAccount(_ account: MoneybirdRecords.LedgerAccount, administrationID: String) -> JSONValue {
    [
      "id": .string(account.id),
      "administration_id": .string(administrationID),
      "name": .string(account.name),
      "account_type": .string(account.accountType),
    ]
  }

  static func contact(_ contact: MoneybirdRecords.Contact) -> JSONValue {
    [
      "id": .string(contact.id),
      "administration_id": .string(contact.administrationID),
      "customer_id": .string(contact.customerID),
      "company_name": .string(contact.companyName),
      "firstname": .string(contact.firstname),
      "lastname": .string(contact.lastname),
      "email": .string(contact.email),
      "address1": .string(contact.address1),
      "zipcode": .string(contact.zipcode),
      "city": .string(contact.city),
      "country": .string(contact.country),
      "created_at": .string(contact.createdAt.ISO8601Format()),
      "updated_at": .string(contact.createdAt.ISO8601Format()),
    ]
  }

  static func salesInvoice(_ invoice: MoneybirdRecords.SalesInvoice) -> JSONValue {
    [
      "id": .string(invoice.id),
      "administration_id": .string(invoice.administrationID),
      "contact_id": .string(invoice.contactID),
      "invoice_id": .string(invoice.invoiceNumber),
      "reference": .string(invoice.reference),
      "invoice_date": .string(invoice.invoiceDate),
      "currency": .string(invoice.currency),
      "state": .string(invoice.state),
      "prices_are_incl_tax": .bool(invoice.pricesAreIncludingTax),
      "workflow_id": .optional(invoice.workflowID),
      "total_price_excl_tax": .string(Cents.format(invoice.totalExcludingTax)),
      "total_price_incl_tax": .string(Cents.format(invoice.totalIncludingTax)),
      "total_tax": .string(Cents.format(invoice.totalTax)),
      "total_paid": .string(Cents.format(invoice.totalPaid)),
      "total_unpaid": .string(Cents.format(invoice.totalUnpaid)),
      "details": .array(invoice.details.map { Self.detail($0) }),
      "payments": .array(invoice.payments.map { Self.payment($0, invoice: invoice) }),
      "created_at": .string(invoice.createdAt.ISO8601Format()),
      "updated_at": .string(invoice.updatedAt.ISO8601Format()),
    ]
  }

  static func detail(_ detail: MoneybirdRecords.Detail) -> JSONValue {
    [
      "id": .string(detail.id),
      "description": .string(detail.description),
      "price": .string(Cents.format(detail.price)),
      "amount": .string(detail.amount),
      "tax_rate_id": .string(detail.taxRateID),
      "ledger_account_id": .string(detail.ledgerAccountID),
      "total_price_excl_tax_with_discount": .string(Cents.format(detail.totalExcludingTax)),
      "total_price_excl_tax_with_discount_base": .string(Cents.format(detail.totalExcludingTax)),
    ]
  }

  static func payment(_ payment: MoneybirdRecords.Payment, invoice: MoneybirdRecords.SalesInvoice) -> JSONValue {
    [
      "id": .string(payment.id),
      "administration_id": .string(invoice.administrationID),
      "invoice_type": "SalesInvoice",
      "invoice_id": .string(invoice.id),
      "financial_account_id": .optional(payment.financialAccountID),
      "payment_date": .string(payment.paymentDate),
      "price": .string(Cents.format(payment.price)),
      "price_base": .string(Cents.format(payment.price)),
      "transaction_identifier": .string(payment.transactionIdentifier),
      "created_at": .string(payment.createdAt.ISO8601Format()),
    ]
  }
}
