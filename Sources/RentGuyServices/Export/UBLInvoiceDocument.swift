public import Foundation
public import RentGuyProto
import RentGuyRules

/// An invoice or credit note as UBL 2.1 XML following Peppol BIS Billing 3.0: an `Invoice`
/// (type code 380) for FINAL and ADVANCE invoices, a `CreditNote` (type code 381) with a
/// `BillingReference` to the credited invoice for credit notes.
///
/// Elements are written in the order the UBL 2.1 schema's sequences require, empty values are
/// left out (Peppol allows no empty elements) and every text is escaped. Amounts are the
/// invoice's own minor units with the currency's decimals; RentGuy's credit notes carry negative
/// amounts, UBL's carry positive ones, so a credit note's amounts are negated.
///
/// A line of several rental days is `quantity × days` units of `DAY` at the day price, other lines
/// `quantity` pieces (`C62`) at the unit price. The price is never negative: a negative line (an
/// advance deducted on a final invoice) has a negative quantity instead. A discount is a line
/// allowance, so that quantity × price − allowance is the line's net amount exactly.
public struct UBLInvoiceDocument: Sendable {
  /// The seller as the invoices name it: from configuration.
  public struct Seller: Sendable, Hashable {
    /// The legal (registration) name.
    public var name: String
    /// The VAT identifier with its country prefix, e.g. "NL123456789B01".
    public var vatID: String
    /// Street and house number.
    public var street: String
    /// The postal code, e.g. "1012 AB".
    public var postalCode: String
    /// The city name.
    public var city: String
    /// ISO 3166-1 alpha-2, e.g. "NL".
    public var countryCode: String
    /// Where the seller receives Peppol documents (Peppol requires one); none is written when nil.
    public var electronicAddress: ElectronicAddress?
    /// The legal registration number, e.g. the Chamber of Commerce (KvK) number; optional.
    public var companyID: String
    /// The account the customer pays into; when set, invoices carry a SEPA credit transfer
    /// (payment means 58) to it with the invoice number as the payment reference.
    public var iban: String

    /// A seller; `electronicAddress`, `companyID` and `iban` are optional.
    public init(
      name: String, vatID: String, street: String, postalCode: String, city: String, countryCode: String,
      electronicAddress: ElectronicAddress? = nil, companyID: String = "", iban: String = ""
    ) {
      self.name = name
      self.vatID = vatID
      self.street = street
      self.postalCode = postalCode
      self.city = city
      self.countryCode = countryCode
      self.electronicAddress = electronicAddress
      self.companyID = companyID
      self.iban = iban
    }
  }

  /// A party's electronic address (`EndpointID`): an identifier and its Peppol EAS scheme, e.g.
  /// scheme "0106" with a Dutch KvK number, "9944" with a Dutch VAT number, "EM" with an e-mail.
  public struct ElectronicAddress: Sendable, Hashable {
    /// The EAS code of the identifier's scheme.
    public var scheme: String
    /// The identifier in that scheme.
    public var identifier: String

    /// An address `identifier` in the EAS scheme `scheme`.
    public init(scheme: String, identifier: String) {
      self.scheme = scheme
      self.identifier = identifier
    }
  }

  /// Peppol BIS Billing 3.0's `CustomizationID`.
  public static let customizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
  /// Peppol BIS Billing 3.0's `ProfileID`.
  public static let profileID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
  /// The media type of ``render()``'s bytes.
  public static let contentType = "application/xml"

  static let invoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  static let creditNoteNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  static let aggregateNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  static let basicNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

  /// The invoice or credit note, as issued.
  public var invoice: Rentguy_Booking_V1_Invoice
  /// Who sells: the supplier party.
  public var seller: Seller
  /// For a credit note: the credited invoice's number ("F2026-00001"); empty uses
  /// `invoice.credited_invoice_id`.
  public var creditedInvoiceNumber: String
  /// Peppol's buyer reference (`BuyerReference`, e.g. the customer's order or the booking
  /// number); empty uses `invoice.booking_id`.
  public var buyerReference: String
  /// The customer's electronic address; nil uses the `bill_to` e-mail (scheme "EM") when it has one.
  public var buyerElectronicAddress: ElectronicAddress?

  /// A document for `invoice` sold by `seller`.
  public init(
    invoice: Rentguy_Booking_V1_Invoice, seller: Seller, creditedInvoiceNumber: String = "", buyerReference: String = "",
    buyerElectronicAddress: ElectronicAddress? = nil
  ) {
    self.invoice = invoice
    self.seller = seller
    self.creditedInvoiceNumber = creditedInvoiceNumber
    self.buyerReference = buyerReference
    self.buyerElectronicAddress = buyerElectronicAddress
  }

  /// Whether this is a `CreditNote` (a CREDIT_NOTE invoice) rather than an `Invoice`.
  public var isCreditNote: Bool { self.invoice.kind == .creditNote }

  /// "F2026-00001.xml": the invoice number (or id when it has none) and `.xml`.
  public var filename: String { (self.invoice.number.isEmpty ? self.invoice.id : self.invoice.number) + ".xml" }

  /// The UTF-8 XML bytes of `invoice` sold by `seller`; `creditedInvoiceNumber` names the
  /// invoice a credit note corrects (nil uses `invoice.credited_invoice_id`).
  public static func render(_ invoice: Rentguy_Booking_V1_Invoice, seller: Seller, creditedInvoiceNumber: String?) -> Data {
    UBLInvoiceDocument(invoice: invoice, seller: seller, creditedInvoiceNumber: creditedInvoiceNumber ?? "").render()
  }

  /// The document as UTF-8 XML bytes.
  public func render() -> Data {
    Data(self.xml.utf8)
  }

  /// The document as XML text.
  public var xml: String {
    var writer = XMLWriter()
    let creditNote = self.isCreditNote
    writer.element(
      creditNote ? "CreditNote" : "Invoice",
      [
        "xmlns": creditNote ? Self.creditNoteNamespace : Self.invoiceNamespace,
        "xmlns:cac": Self.aggregateNamespace,
        "xmlns:cbc": Self.basicNamespace,
      ]
    ) { writer in
      self.writeHeader(&writer)
      self.writeSupplier(&writer)
      self.writeCustomer(&writer)
      self.writePaymentMeans(&writer)
      self.writeTaxTotal(&writer)
      self.writeMonetaryTotal(&writer)
      for (index, line) in self.invoice.lines.enumerated() {
        self.writeLine(line, number: index + 1, &writer)
      }
    }
    return writer.text
  }

  // MARK: - Parts, in the schema's order

  /// CustomizationID … BillingReference.
  private func writeHeader(_ writer: inout XMLWriter) {
    writer.element("cbc:CustomizationID", Self.customizationID)
    writer.element("cbc:ProfileID", Self.profileID)
    writer.element("cbc:ID", self.invoice.number)
    writer.element("cbc:IssueDate", self.invoice.issueDate)
    if self.isCreditNote {
      writer.element("cbc:CreditNoteTypeCode", "381")
    } else {
      writer.optionalElement("cbc:DueDate", self.invoice.dueDate)
      writer.element("cbc:InvoiceTypeCode", "380")
    }
    writer.optionalElement("cbc:Note", self.invoice.reason)
    writer.element("cbc:DocumentCurrencyCode", self.currency)
    writer.optionalElement("cbc:BuyerReference", self.buyerReference.isEmpty ? self.invoice.bookingID : self.buyerReference)
    let credited = self.creditedInvoiceNumber.isEmpty ? self.invoice.creditedInvoiceID : self.creditedInvoiceNumber
    if self.isCreditNote, !credited.isEmpty {
      writer.element("cac:BillingReference") { writer in
        writer.element("cac:InvoiceDocumentReference") { writer in
          writer.element("cbc:ID", credited)
        }
      }
    }
  }

  private func writeSupplier(_ writer: inout XMLWriter) {
    let seller = self.seller
    writer.element("cac:AccountingSupplierParty") { writer in
      writer.element("cac:Party") { writer in
        Self.writeEndpoint(seller.electronicAddress, &writer)
        writer.element("cac:PartyName") { $0.element("cbc:Name", seller.name) }
        Self.writeAddress(street: seller.street, more: "", city: seller.city, postalCode: seller.postalCode, country: seller.countryCode, &writer)
        Self.writeVATRegistration(seller.vatID, &writer)
        writer.element("cac:PartyLegalEntity") { writer in
          writer.element("cbc:RegistrationName", seller.name)
          writer.optionalElement("cbc:CompanyID", seller.companyID)
        }
      }
    }
  }

  /// The customer from `bill_to`: the company when there is one, else the person.
  private func writeCustomer(_ writer: inout XMLWriter) {
    let contact = self.invoice.billTo
    let name = contact.company.isEmpty ? contact.name : contact.company
    let endpoint = self.buyerElectronicAddress ?? (contact.email.isEmpty ? nil : ElectronicAddress(scheme: "EM", identifier: contact.email))
    writer.element("cac:AccountingCustomerParty") { writer in
      writer.element("cac:Party") { writer in
        Self.writeEndpoint(endpoint, &writer)
        if !name.isEmpty { writer.element("cac:PartyName") { $0.element("cbc:Name", name) } }
        let address = contact.address
        Self.writeAddress(
          street: address.line1, more: address.line2, city: address.city, postalCode: address.postalCode, country: address.country, &writer
        )
        Self.writeVATRegistration(contact.vatNumber, &writer)
        if !name.isEmpty { writer.element("cac:PartyLegalEntity") { $0.element("cbc:RegistrationName", name) } }
        let person = contact.company.isEmpty ? "" : contact.name
        if !person.isEmpty || !contact.phone.isEmpty || !contact.email.isEmpty {
          writer.element("cac:Contact") { writer in
            writer.optionalElement("cbc:Name", person)
            writer.optionalElement("cbc:Telephone", contact.phone)
            writer.optionalElement("cbc:ElectronicMail", contact.email)
          }
        }
      }
    }
  }

  /// Invoices: a SEPA credit transfer to the seller's IBAN, when configured. Credit notes: the
  /// due date, which UBL's CreditNote carries here rather than as `DueDate`.
  private func writePaymentMeans(_ writer: inout XMLWriter) {
    if self.isCreditNote {
      guard !self.invoice.dueDate.isEmpty else { return }
      writer.element("cac:PaymentMeans") { writer in
        writer.element("cbc:PaymentMeansCode", "1")
        writer.element("cbc:PaymentDueDate", self.invoice.dueDate)
      }
    } else {
      guard !self.seller.iban.isEmpty else { return }
      writer.element("cac:PaymentMeans") { writer in
        writer.element("cbc:PaymentMeansCode", "58")
        writer.optionalElement("cbc:PaymentID", self.invoice.number)
        writer.element("cac:PayeeFinancialAccount") { $0.element("cbc:ID", self.seller.iban) }
      }
    }
  }

  /// The VAT total and one subtotal per VAT category and rate of the invoice's breakdown.
  private func writeTaxTotal(_ writer: inout XMLWriter) {
    let groups = self.vatGroups
    let currency = self.currency
    writer.element("cac:TaxTotal") { writer in
      writer.element("cbc:TaxAmount", self.amount(groups.reduce(0) { $0 + $1.vat }), ["currencyID": currency])
      for group in groups {
        writer.element("cac:TaxSubtotal") { writer in
          writer.element("cbc:TaxableAmount", self.amount(group.net), ["currencyID": currency])
          writer.element("cbc:TaxAmount", self.amount(group.vat), ["currencyID": currency])
          Self.writeTaxCategory("cac:TaxCategory", group.category, rateBp: group.rateBp, withExemption: true, &writer)
        }
      }
    }
  }

  /// Totals from the lines and the VAT breakdown, so that they add up by construction: no
  /// document-level allowances, charges or prepaid amounts.
  private func writeMonetaryTotal(_ writer: inout XMLWriter) {
    let lines = self.invoice.lines.reduce(Int64(0)) { $0 + self.sign * $1.netAmount.amountMinor }
    let vat = self.vatGroups.reduce(Int64(0)) { $0 + $1.vat }
    let currency = self.currency
    writer.element("cac:LegalMonetaryTotal") { writer in
      writer.element("cbc:LineExtensionAmount", self.amount(lines), ["currencyID": currency])
      writer.element("cbc:TaxExclusiveAmount", self.amount(lines), ["currencyID": currency])
      writer.element("cbc:TaxInclusiveAmount", self.amount(lines + vat), ["currencyID": currency])
      writer.element("cbc:PayableAmount", self.amount(lines + vat), ["currencyID": currency])
    }
  }

  private func writeLine(_ line: Rentguy_Booking_V1_InvoiceLine, number: Int, _ writer: inout XMLWriter) {
    let creditNote = self.isCreditNote
    let currency = self.currency
    let net = self.sign * line.netAmount.amountMinor
    let unitPrice = self.sign * line.unitPrice.amountMinor
    let byDay = line.days > 1
    let count = Int64(line.quantity) * (byDay ? Int64(line.days) : 1)
    // The price is never negative: a negative line has a negative quantity.
    let quantity = unitPrice < 0 ? -count : count
    let price = unitPrice < 0 ? -unitPrice : unitPrice
    let allowance = quantity * price - net
    writer.element(creditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine") { writer in
      writer.element("cbc:ID", String(number))
      writer.element(creditNote ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", String(quantity), ["unitCode": byDay ? "DAY" : "C62"])
      writer.element("cbc:LineExtensionAmount", self.amount(net), ["currencyID": currency])
      if allowance != 0 {
        writer.element("cac:AllowanceCharge") { writer in
          writer.element("cbc:ChargeIndicator", "false")
          writer.element("cbc:AllowanceChargeReasonCode", "95")
          writer.element("cbc:AllowanceChargeReason", "Discount")
          writer.element("cbc:Amount", self.amount(allowance), ["currencyID": currency])
        }
      }
      writer.element("cac:Item") { writer in
        writer.element("cbc:Name", line.description_p.isEmpty ? "Line \(number)" : line.description_p)
        Self.writeTaxCategory("cac:ClassifiedTaxCategory", line.vatCategory, rateBp: Int(line.vatRateBp), withExemption: false, &writer)
      }
      writer.element("cac:Price") { $0.element("cbc:PriceAmount", self.amount(price), ["currencyID": currency]) }
    }
  }

  // MARK: - Shared parts

  private static func writeEndpoint(_ address: ElectronicAddress?, _ writer: inout XMLWriter) {
    guard let address, !address.identifier.isEmpty else { return }
    writer.element("cbc:EndpointID", address.identifier, ["schemeID": address.scheme])
  }

  /// A postal address; nothing when every part is empty.
  private static func writeAddress(street: String, more: String, city: String, postalCode: String, country: String, _ writer: inout XMLWriter) {
    guard [street, more, city, postalCode, country].contains(where: { !$0.isEmpty }) else { return }
    writer.element("cac:PostalAddress") { writer in
      writer.optionalElement("cbc:StreetName", street)
      writer.optionalElement("cbc:AdditionalStreetName", more)
      writer.optionalElement("cbc:CityName", city)
      writer.optionalElement("cbc:PostalZone", postalCode)
      if !country.isEmpty { writer.element("cac:Country") { $0.element("cbc:IdentificationCode", country) } }
    }
  }

  /// A VAT registration (`PartyTaxScheme`); nothing without a VAT identifier.
  private static func writeVATRegistration(_ vatID: String, _ writer: inout XMLWriter) {
    guard !vatID.isEmpty else { return }
    writer.element("cac:PartyTaxScheme") { writer in
      writer.element("cbc:CompanyID", vatID)
      writer.element("cac:TaxScheme") { $0.element("cbc:ID", "VAT") }
    }
  }

  /// A VAT category (UNCL5305: S, Z, E, AE) with its percentage; with `withExemption`, the
  /// exemption reason Peppol requires for E and AE in the VAT breakdown.
  private static func writeTaxCategory(
    _ element: String, _ category: Rentguy_Booking_V1_VatCategory, rateBp: Int, withExemption: Bool, _ writer: inout XMLWriter
  ) {
    let code: String
    var reasonCode = ""
    var reason = ""
    switch category {
    case .zero:
      code = "Z"
    case .exempt:
      code = "E"
      reason = "Exempt from VAT"
    case .reverseCharge:
      code = "AE"
      reasonCode = "VATEX-EU-AE"
      reason = "Reverse charge"
    default:
      // Standard and reduced rates are both "standard rated" (S), told apart by the percentage.
      code = "S"
    }
    writer.element(element) { writer in
      writer.element("cbc:ID", code)
      writer.element("cbc:Percent", ExportText.percent(basisPoints: rateBp))
      if withExemption {
        writer.optionalElement("cbc:TaxExemptionReasonCode", reasonCode)
        writer.optionalElement("cbc:TaxExemptionReason", reason)
      }
      writer.element("cac:TaxScheme") { $0.element("cbc:ID", "VAT") }
    }
  }

  // MARK: - Amounts

  /// 1 for an invoice, −1 for a credit note (whose RentGuy amounts are negative).
  private var sign: Int64 { self.isCreditNote ? -1 : 1 }

  /// The document currency: the invoice total's, else the first line's, else EUR.
  private var currency: String {
    let candidates = [self.invoice.total.currency, self.invoice.subtotal.currency] + self.invoice.lines.map(\.netAmount.currency)
    return candidates.first { !$0.isEmpty } ?? "EUR"
  }

  /// The VAT breakdown with the document's sign: the invoice's own, or computed from its lines
  /// when it has none.
  private var vatGroups: [(category: Rentguy_Booking_V1_VatCategory, rateBp: Int, net: Int64, vat: Int64)] {
    if !self.invoice.vatBreakdown.isEmpty {
      return self.invoice.vatBreakdown.map {
        (category: $0.category, rateBp: Int($0.rateBp), net: self.sign * $0.netAmount.amountMinor, vat: self.sign * $0.vatAmount.amountMinor)
      }
    }
    let lines = self.invoice.lines.map {
      VATLine(category: VATCategory(rawValue: $0.vatCategory.rawValue) ?? .standard, rateBp: Int($0.vatRateBp), net: $0.netAmount.amountMinor)
    }
    return Pricing.breakdown(lines).map {
      (
        category: Rentguy_Booking_V1_VatCategory(rawValue: $0.category.rawValue) ?? .standard, rateBp: $0.rateBp, net: self.sign * $0.net,
        vat: self.sign * $0.vat
      )
    }
  }

  /// `minor` units as a decimal amount in the document currency.
  private func amount(_ minor: Int64) -> String {
    ExportText.amount(minor, currency: self.currency)
  }
}
