import Foundation
import RentGuyProto
import Testing

@testable import RentGuyServices

@Suite("UBL invoice documents")
struct UBLInvoiceDocumentTests {
  static let seller = UBLInvoiceDocument.Seller(
    name: "Rent & Go <B.V.>", vatID: "NL123456789B01", street: "Damrak 1", postalCode: "1012 LG", city: "Amsterdam", countryCode: "NL",
    electronicAddress: UBLInvoiceDocument.ElectronicAddress(scheme: "0106", identifier: "12345678"), companyID: "12345678", iban: "NL91ABNA0417164300"
  )

  static func money(_ minor: Int64) -> Rentguy_Common_V1_Money {
    var money = Rentguy_Common_V1_Money()
    money.amountMinor = minor
    money.currency = "EUR"
    return money
  }

  static func line(
    _ description: String, quantity: Int32, unit: Int64, days: Int32, discountBp: Int32 = 0, net: Int64,
    category: Rentguy_Booking_V1_VatCategory = .standard, rateBp: Int32 = 2100
  ) -> Rentguy_Booking_V1_InvoiceLine {
    var line = Rentguy_Booking_V1_InvoiceLine()
    line.id = "inl_\(description.count)"
    line.description_p = description
    line.quantity = quantity
    line.unitPrice = Self.money(unit)
    line.days = days
    line.discountBp = discountBp
    line.vatCategory = category
    line.vatRateBp = rateBp
    line.netAmount = Self.money(net)
    return line
  }

  static func vat(_ category: Rentguy_Booking_V1_VatCategory, _ rateBp: Int32, net: Int64, vat: Int64) -> Rentguy_Booking_V1_VatAmount {
    var amount = Rentguy_Booking_V1_VatAmount()
    amount.category = category
    amount.rateBp = rateBp
    amount.netAmount = Self.money(net)
    amount.vatAmount = Self.money(vat)
    return amount
  }

  static var billTo: Rentguy_Common_V1_Contact {
    var contact = Rentguy_Common_V1_Contact()
    contact.name = "Jan de Vries"
    contact.company = "Events \"R\" Us & Co"
    contact.email = "jan@example.com"
    contact.phone = "+31612345678"
    contact.vatNumber = "BE0123456789"
    var address = Rentguy_Common_V1_Address()
    address.line1 = "Main street 5"
    address.postalCode = "1000"
    address.city = "Brussel"
    address.country = "BE"
    contact.address = address
    return contact
  }

  /// A final invoice: a discounted rental over 2 days, a delivery, catering at 9 % and an
  /// advance deducted. Standard net 135.00 + 49.99 − 50.00 = 134.99 (VAT 28.35), reduced 20.00
  /// (VAT 1.80): 154.99 net, 30.15 VAT, 185.14 in all.
  static var finalInvoice: Rentguy_Booking_V1_Invoice {
    var invoice = Rentguy_Booking_V1_Invoice()
    invoice.id = "inv_final"
    invoice.number = "F2026-00002"
    invoice.kind = .final
    invoice.bookingID = "bkg_1"
    invoice.billTo = Self.billTo
    invoice.issueDate = "2026-11-23"
    invoice.dueDate = "2026-12-07"
    invoice.lines = [
      Self.line("Speaker \"Big\" & <sub>", quantity: 3, unit: 2500, days: 2, discountBp: 1000, net: 13_500),
      Self.line("Delivery", quantity: 1, unit: 4999, days: 1, net: 4999),
      Self.line("Catering", quantity: 2, unit: 1000, days: 1, net: 2000, category: .reduced, rateBp: 900),
      Self.line("Less advance invoice F2026-00001", quantity: 1, unit: -5000, days: 1, net: -5000),
    ]
    invoice.vatBreakdown = [Self.vat(.standard, 2100, net: 13_499, vat: 2835), Self.vat(.reduced, 900, net: 2000, vat: 180)]
    invoice.subtotal = Self.money(15_499)
    invoice.vat = Self.money(3015)
    invoice.total = Self.money(18_514)
    return invoice
  }

  /// A credit note for the rental and the delivery of ``finalInvoice``, with RentGuy's negative
  /// amounts and no VAT breakdown (so the document computes it from the lines).
  static var creditNoteInvoice: Rentguy_Booking_V1_Invoice {
    var note = Rentguy_Booking_V1_Invoice()
    note.id = "inv_credit"
    note.number = "C2026-00001"
    note.kind = .creditNote
    note.bookingID = "bkg_1"
    note.billTo = Self.billTo
    note.issueDate = "2026-11-24"
    note.dueDate = "2026-12-08"
    note.lines = [
      Self.line("Speaker \"Big\" & <sub>", quantity: 3, unit: -2500, days: 2, discountBp: 1000, net: -13_500),
      Self.line("Delivery", quantity: 1, unit: -4999, days: 1, net: -4999),
    ]
    note.subtotal = Self.money(-18_499)
    note.vat = Self.money(-3885)
    note.total = Self.money(-22_384)
    note.creditedInvoiceID = "inv_final"
    note.reason = "Returned early: <2> days & \"less\""
    return note
  }

  static func parse(_ document: UBLInvoiceDocument) throws -> ParsedElement {
    try ParsedXML.parse(document.render())
  }

  @Test("an invoice is an Invoice 380 with Peppol's mandatory elements in the UBL 2.1 schema's order")
  func invoiceStructure() throws {
    let root = try Self.parse(UBLInvoiceDocument(invoice: Self.finalInvoice, seller: Self.seller))
    #expect(root.name == "Invoice")
    #expect(root.namespace == "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2")
    #expect(
      root.childNames == [
        "cbc:CustomizationID", "cbc:ProfileID", "cbc:ID", "cbc:IssueDate", "cbc:DueDate", "cbc:InvoiceTypeCode", "cbc:DocumentCurrencyCode",
        "cbc:BuyerReference", "cac:AccountingSupplierParty", "cac:AccountingCustomerParty", "cac:PaymentMeans", "cac:TaxTotal",
        "cac:LegalMonetaryTotal", "cac:InvoiceLine", "cac:InvoiceLine", "cac:InvoiceLine", "cac:InvoiceLine",
      ]
    )
    #expect(root.at("cbc:CustomizationID")?.text == "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")
    #expect(root.at("cbc:ProfileID")?.text == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    #expect(root.at("cbc:ID")?.text == "F2026-00002")
    #expect(root.at("cbc:IssueDate")?.text == "2026-11-23")
    #expect(root.at("cbc:DueDate")?.text == "2026-12-07")
    #expect(root.at("cbc:InvoiceTypeCode")?.text == "380")
    #expect(root.at("cbc:DocumentCurrencyCode")?.text == "EUR")
    #expect(root.at("cbc:BuyerReference")?.text == "bkg_1")

    let supplier = try #require(root.at("cac:AccountingSupplierParty/cac:Party"))
    #expect(supplier.childNames == ["cbc:EndpointID", "cac:PartyName", "cac:PostalAddress", "cac:PartyTaxScheme", "cac:PartyLegalEntity"])
    #expect(supplier.at("cbc:EndpointID")?.attributes["schemeID"] == "0106")
    #expect(supplier.at("cac:PostalAddress/cac:Country/cbc:IdentificationCode")?.text == "NL")
    #expect(supplier.at("cac:PartyTaxScheme/cbc:CompanyID")?.text == "NL123456789B01")
    #expect(supplier.at("cac:PartyTaxScheme/cac:TaxScheme/cbc:ID")?.text == "VAT")
    let customer = try #require(root.at("cac:AccountingCustomerParty/cac:Party"))
    #expect(
      customer.childNames == ["cbc:EndpointID", "cac:PartyName", "cac:PostalAddress", "cac:PartyTaxScheme", "cac:PartyLegalEntity", "cac:Contact"]
    )
    #expect(customer.at("cbc:EndpointID")?.attributes["schemeID"] == "EM")
    #expect(customer.at("cbc:EndpointID")?.text == "jan@example.com")
    #expect(customer.at("cac:PostalAddress")?.childNames == ["cbc:StreetName", "cbc:CityName", "cbc:PostalZone", "cac:Country"])
    #expect(root.at("cac:PaymentMeans")?.childNames == ["cbc:PaymentMeansCode", "cbc:PaymentID", "cac:PayeeFinancialAccount"])
    #expect(root.at("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID")?.text == "NL91ABNA0417164300")
  }

  @Test("VAT per rate, totals and lines add up; every amount has two decimals and a currencyID")
  func invoiceAmounts() throws {
    let root = try Self.parse(UBLInvoiceDocument(invoice: Self.finalInvoice, seller: Self.seller))
    let taxTotal = try #require(root.at("cac:TaxTotal"))
    #expect(taxTotal.at("cbc:TaxAmount")?.text == "30.15")
    let subtotals = taxTotal.all("cac:TaxSubtotal")
    #expect(subtotals.map { $0.childNames } == [["cbc:TaxableAmount", "cbc:TaxAmount", "cac:TaxCategory"], ["cbc:TaxableAmount", "cbc:TaxAmount", "cac:TaxCategory"]])
    #expect(subtotals.map { $0.at("cbc:TaxableAmount")?.text } == ["134.99", "20.00"])
    #expect(subtotals.map { $0.at("cbc:TaxAmount")?.text } == ["28.35", "1.80"])
    #expect(subtotals.map { $0.at("cac:TaxCategory/cbc:ID")?.text } == ["S", "S"])
    #expect(subtotals.map { $0.at("cac:TaxCategory/cbc:Percent")?.text } == ["21", "9"])
    #expect(subtotals.first?.at("cac:TaxCategory")?.childNames == ["cbc:ID", "cbc:Percent", "cac:TaxScheme"])

    let totals = try #require(root.at("cac:LegalMonetaryTotal"))
    #expect(totals.childNames == ["cbc:LineExtensionAmount", "cbc:TaxExclusiveAmount", "cbc:TaxInclusiveAmount", "cbc:PayableAmount"])
    #expect(totals.children.map(\.text) == ["154.99", "154.99", "185.14", "185.14"])

    let lines = root.all("cac:InvoiceLine")
    try #require(lines.count == 4)
    #expect(lines.map { $0.at("cbc:ID")?.text } == ["1", "2", "3", "4"])
    // 3 speakers × 2 days = 6 DAY at 25.00, less a 10 % discount of 15.00: 135.00.
    let rental = try #require(lines.first)
    #expect(rental.childNames == ["cbc:ID", "cbc:InvoicedQuantity", "cbc:LineExtensionAmount", "cac:AllowanceCharge", "cac:Item", "cac:Price"])
    #expect(rental.at("cbc:InvoicedQuantity")?.text == "6")
    #expect(rental.at("cbc:InvoicedQuantity")?.attributes["unitCode"] == "DAY")
    #expect(rental.at("cbc:LineExtensionAmount")?.text == "135.00")
    #expect(rental.at("cac:AllowanceCharge")?.childNames == ["cbc:ChargeIndicator", "cbc:AllowanceChargeReasonCode", "cbc:AllowanceChargeReason", "cbc:Amount"])
    #expect(rental.at("cac:AllowanceCharge/cbc:ChargeIndicator")?.text == "false")
    #expect(rental.at("cac:AllowanceCharge/cbc:Amount")?.text == "15.00")
    #expect(rental.at("cac:Item")?.childNames == ["cbc:Name", "cac:ClassifiedTaxCategory"])
    #expect(rental.at("cac:Item/cac:ClassifiedTaxCategory")?.childNames == ["cbc:ID", "cbc:Percent", "cac:TaxScheme"])
    #expect(rental.at("cac:Price/cbc:PriceAmount")?.text == "25.00")
    // A one-day line is pieces (C62) without an allowance.
    #expect(lines[1].childNames == ["cbc:ID", "cbc:InvoicedQuantity", "cbc:LineExtensionAmount", "cac:Item", "cac:Price"])
    #expect(lines[1].at("cbc:InvoicedQuantity")?.attributes["unitCode"] == "C62")
    #expect(lines[2].at("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")?.text == "9")
    // The deducted advance: a negative quantity at a positive price.
    #expect(lines[3].at("cbc:InvoicedQuantity")?.text == "-1")
    #expect(lines[3].at("cbc:LineExtensionAmount")?.text == "-50.00")
    #expect(lines[3].at("cac:Price/cbc:PriceAmount")?.text == "50.00")

    let amounts = root.descendants.filter { $0.name.hasSuffix("Amount") && $0.name.hasPrefix("cbc:") }
    // 1 + 2 × 2 VAT amounts, 4 totals, and per line its net and price (the rental also a discount).
    #expect(amounts.count == 18)
    for amount in amounts {
      #expect(amount.attributes["currencyID"] == "EUR", "\(amount.name)")
      #expect(amount.text.split(separator: ".").last?.count == 2, "\(amount.name) \(amount.text)")
    }
  }

  @Test("names and notes with <, &, \" and ' are escaped in the XML and read back unchanged")
  func escaping() throws {
    var invoice = Self.finalInvoice
    invoice.reason = "Tom's <b>bold</b> & \"quoted\""
    let document = UBLInvoiceDocument(invoice: invoice, seller: Self.seller)
    let xml = document.xml
    #expect(xml.contains("<cbc:Name>Rent &amp; Go &lt;B.V.&gt;</cbc:Name>"))
    #expect(!xml.contains("<B.V.>"))
    #expect(!xml.contains("<sub>"))
    #expect(!xml.contains("<b>"))
    let root = try ParsedXML.parse(document.render())
    #expect(root.at("cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name")?.text == "Rent & Go <B.V.>")
    #expect(root.at("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName")?.text == "Rent & Go <B.V.>")
    #expect(root.at("cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name")?.text == "Events \"R\" Us & Co")
    #expect(root.at("cac:InvoiceLine/cac:Item/cbc:Name")?.text == "Speaker \"Big\" & <sub>")
    #expect(root.at("cbc:Note")?.text == "Tom's <b>bold</b> & \"quoted\"")
  }

  @Test("attribute values escape quotes too, and characters XML cannot carry are left out")
  func writerEscaping() {
    #expect(XMLWriter.escape("a\"b'c<d>&e", inAttribute: true) == "a&quot;b&apos;c&lt;d&gt;&amp;e")
    #expect(XMLWriter.escape("a\"b'c<d>&e", inAttribute: false) == "a\"b'c&lt;d&gt;&amp;e")
    #expect(XMLWriter.escape("bell\u{7} nul\u{0} ok\u{FFFE}", inAttribute: false) == "bell nul ok")
    #expect(XMLWriter.escape("one\r\ntwo\tthree", inAttribute: false) == "one&#13;\ntwo\tthree")
    #expect(XMLWriter.escape("one\ntwo\tthree", inAttribute: true) == "one&#10;two&#9;three")
  }

  @Test("a credit note is a CreditNote 381 with positive amounts and a reference to the credited invoice")
  func creditNoteDocument() throws {
    let document = UBLInvoiceDocument(invoice: Self.creditNoteInvoice, seller: Self.seller, creditedInvoiceNumber: "F2026-00002")
    #expect(document.isCreditNote)
    #expect(document.filename == "C2026-00001.xml")
    #expect(UBLInvoiceDocument.render(Self.creditNoteInvoice, seller: Self.seller, creditedInvoiceNumber: "F2026-00002") == document.render())
    let root = try ParsedXML.parse(document.render())
    #expect(root.name == "CreditNote")
    #expect(root.namespace == "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")
    #expect(
      root.childNames == [
        "cbc:CustomizationID", "cbc:ProfileID", "cbc:ID", "cbc:IssueDate", "cbc:CreditNoteTypeCode", "cbc:Note", "cbc:DocumentCurrencyCode",
        "cbc:BuyerReference", "cac:BillingReference", "cac:AccountingSupplierParty", "cac:AccountingCustomerParty", "cac:PaymentMeans",
        "cac:TaxTotal", "cac:LegalMonetaryTotal", "cac:CreditNoteLine", "cac:CreditNoteLine",
      ]
    )
    #expect(root.at("cbc:CreditNoteTypeCode")?.text == "381")
    #expect(root.at("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")?.text == "F2026-00002")
    // UBL's CreditNote has no DueDate: the due date is the payment means'.
    #expect(root.at("cac:PaymentMeans")?.childNames == ["cbc:PaymentMeansCode", "cbc:PaymentDueDate"])
    #expect(root.at("cac:PaymentMeans/cbc:PaymentDueDate")?.text == "2026-12-08")
    // −184.99 net at 21 % in RentGuy is 184.99 net and 38.85 VAT here.
    #expect(root.at("cac:TaxTotal/cbc:TaxAmount")?.text == "38.85")
    #expect(root.at("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount")?.text == "184.99")
    #expect(root.at("cac:LegalMonetaryTotal")?.children.map(\.text) == ["184.99", "184.99", "223.84", "223.84"])
    let lines = root.all("cac:CreditNoteLine")
    #expect(lines.first?.childNames == ["cbc:ID", "cbc:CreditedQuantity", "cbc:LineExtensionAmount", "cac:AllowanceCharge", "cac:Item", "cac:Price"])
    #expect(lines.map { $0.at("cbc:CreditedQuantity")?.text } == ["6", "1"])
    #expect(lines.map { $0.at("cbc:LineExtensionAmount")?.text } == ["135.00", "49.99"])
    #expect(lines.map { $0.at("cac:Price/cbc:PriceAmount")?.text } == ["25.00", "49.99"])
    #expect(lines.first?.at("cac:AllowanceCharge/cbc:Amount")?.text == "15.00")
  }

  @Test("zero-rated, exempt and reverse-charged VAT are Z, E and AE; E and AE carry an exemption reason")
  func vatCategories() throws {
    var invoice = Self.finalInvoice
    invoice.lines = [
      Self.line("Abroad", quantity: 1, unit: 300, days: 1, net: 300, category: .zero, rateBp: 0),
      Self.line("Exempt", quantity: 1, unit: 700, days: 1, net: 700, category: .exempt, rateBp: 0),
      Self.line("Shifted", quantity: 1, unit: 1000, days: 1, net: 1000, category: .reverseCharge, rateBp: 0),
    ]
    invoice.vatBreakdown = [
      Self.vat(.zero, 0, net: 300, vat: 0), Self.vat(.exempt, 0, net: 700, vat: 0), Self.vat(.reverseCharge, 0, net: 1000, vat: 0),
    ]
    let root = try Self.parse(UBLInvoiceDocument(invoice: invoice, seller: Self.seller))
    let categories = root.all("cac:TaxTotal").flatMap { $0.all("cac:TaxSubtotal") }.compactMap { $0.at("cac:TaxCategory") }
    #expect(categories.map { $0.at("cbc:ID")?.text } == ["Z", "E", "AE"])
    #expect(categories.map { $0.at("cbc:Percent")?.text } == ["0", "0", "0"])
    #expect(categories.map(\.childNames) == [
      ["cbc:ID", "cbc:Percent", "cac:TaxScheme"],
      ["cbc:ID", "cbc:Percent", "cbc:TaxExemptionReason", "cac:TaxScheme"],
      ["cbc:ID", "cbc:Percent", "cbc:TaxExemptionReasonCode", "cbc:TaxExemptionReason", "cac:TaxScheme"],
    ])
    #expect(categories.last?.at("cbc:TaxExemptionReasonCode")?.text == "VATEX-EU-AE")
    #expect(root.all("cac:InvoiceLine").map { $0.at("cac:Item/cac:ClassifiedTaxCategory/cbc:ID")?.text } == ["Z", "E", "AE"])
    #expect(root.at("cac:LegalMonetaryTotal/cbc:PayableAmount")?.text == "20.00")
  }

  @Test("details that are not known are left out rather than written as empty elements")
  func noEmptyElements() throws {
    var invoice = Self.finalInvoice
    invoice.billTo = Rentguy_Common_V1_Contact()
    invoice.dueDate = ""
    let seller = UBLInvoiceDocument.Seller(name: "Rent", vatID: "", street: "", postalCode: "", city: "", countryCode: "NL")
    let root = try Self.parse(UBLInvoiceDocument(invoice: invoice, seller: seller, buyerReference: "PO-7"))
    #expect(root.at("cbc:DueDate") == nil)
    #expect(root.at("cac:PaymentMeans") == nil)
    #expect(root.at("cbc:BuyerReference")?.text == "PO-7")
    #expect(root.at("cac:AccountingCustomerParty/cac:Party")?.children.isEmpty == true)
    #expect(root.at("cac:AccountingSupplierParty/cac:Party")?.childNames == ["cac:PartyName", "cac:PostalAddress", "cac:PartyLegalEntity"])
    // Every element without children has a value (the customer's Party aside: it has nothing at all).
    let empty = root.descendants.filter { $0.children.isEmpty && $0.text.isEmpty && $0.name != "cac:Party" }.map(\.name)
    #expect(empty.isEmpty, "\(empty)")
  }

  /// xmllint, when installed (Debian: libxml2-utils), to validate against the OASIS schemas.
  static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint", "/opt/homebrew/bin/xmllint"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  @Test("the invoice and the credit note validate against the OASIS UBL 2.1 schemas", .enabled(if: UBLInvoiceDocumentTests.xmllint != nil))
  func schemaValid() throws {
    let xmllint = try #require(Self.xmllint)
    let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/ubl/maindoc")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ubl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cases = [
      (UBLInvoiceDocument(invoice: Self.finalInvoice, seller: Self.seller), "UBL-Invoice-2.1.xsd"),
      (UBLInvoiceDocument(invoice: Self.creditNoteInvoice, seller: Self.seller, creditedInvoiceNumber: "F2026-00002"), "UBL-CreditNote-2.1.xsd"),
    ]
    for (document, schema) in cases {
      let file = directory.appendingPathComponent(document.filename)
      try document.render().write(to: file)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: xmllint)
      process.arguments = ["--noout", "--nonet", "--schema", schemas.appendingPathComponent(schema).path, file.path]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = output
      try process.run()
      let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(document.filename): \(text)")
    }
  }
}
