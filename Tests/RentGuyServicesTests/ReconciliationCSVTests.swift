import Foundation
import RentGuyProto
import Testing

@testable import RentGuyServices

@Suite("reconciliation CSV")
struct ReconciliationCSVTests {
  static func money(_ minor: Int64) -> Rentguy_Common_V1_Money {
    var money = Rentguy_Common_V1_Money()
    money.amountMinor = minor
    money.currency = "EUR"
    return money
  }

  static var lines: [Rentguy_Export_V1_ReconciliationLine] {
    var invoice = Rentguy_Export_V1_ReconciliationLine()
    invoice.kind = .invoices
    invoice.document = .invoice
    invoice.invoiceNumber = "F2026-00001"
    invoice.invoiceID = "inv_1"
    invoice.bookingNumber = "RG-2026-00042"
    invoice.status = .exported
    invoice.localAmount = Self.money(12_100)
    invoice.localVat = Self.money(2100)
    invoice.providerAmount = Self.money(12_100)
    invoice.providerVat = Self.money(2100)
    invoice.providerDocumentID = "mb_1"

    var payment = Rentguy_Export_V1_ReconciliationLine()
    payment.kind = .payments
    payment.document = .payment
    payment.invoiceNumber = "F2026-00001"
    payment.invoiceID = "inv_1"
    payment.bookingNumber = "RG-2026-00042"
    payment.paymentID = "pay_1"
    payment.status = .missingAtProvider
    payment.localAmount = Self.money(5000)
    payment.message = "gone, deleted?"

    var credit = Rentguy_Export_V1_ReconciliationLine()
    credit.kind = .invoices
    credit.document = .creditNote
    credit.invoiceNumber = "C2026-00001"
    credit.invoiceID = "inv_2"
    credit.bookingNumber = "RG-2026-00042"
    credit.status = .amountMismatch
    credit.localAmount = Self.money(-2420)
    credit.localVat = Self.money(-420)
    credit.providerAmount = Self.money(-2400)
    credit.providerVat = Self.money(-400)
    credit.providerDocumentID = "mb_2"
    credit.message = "-20 cents?"
    return [invoice, payment, credit]
  }

  static var vatTotals: [Rentguy_Export_V1_VatRateTotal] {
    var standard = Rentguy_Export_V1_VatRateTotal()
    standard.category = .standard
    standard.rateBp = 2100
    standard.localNet = Self.money(8000)
    standard.localVat = Self.money(1680)
    standard.providerNet = Self.money(8000)
    standard.providerVat = Self.money(1700)
    var reduced = Rentguy_Export_V1_VatRateTotal()
    reduced.category = .reduced
    reduced.rateBp = 900
    reduced.localNet = Self.money(1000)
    reduced.localVat = Self.money(90)
    return [standard, reduced]
  }

  @Test("a header, one line per document, a TOTAL line, an empty line and the VAT section, every line ending in CRLF")
  func layout() {
    let report = ReconciliationCSV(lines: Self.lines, vatTotals: Self.vatTotals, localTotal: Self.money(14_680), providerTotal: Self.money(9700))
    let expected = [
      "document,invoice_number,invoice_id,booking_number,payment_id,status,local_amount,local_vat,provider_amount,provider_vat,difference,provider_document_id,message",
      "INVOICE,F2026-00001,inv_1,RG-2026-00042,,EXPORTED,121.00,21.00,121.00,21.00,0.00,mb_1,",
      "PAYMENT,F2026-00001,inv_1,RG-2026-00042,pay_1,MISSING_AT_PROVIDER,50.00,,,,,,\"gone, deleted?\"",
      "CREDIT_NOTE,C2026-00001,inv_2,RG-2026-00042,,AMOUNT_MISMATCH,-24.20,-4.20,-24.00,-4.00,0.20,mb_2,'-20 cents?",
      "TOTAL,,,,,,146.80,,97.00,,-49.80,,",
      "",
      "vat_category,rate_percent,local_net,local_vat,provider_net,provider_vat",
      "STANDARD,21,80.00,16.80,80.00,17.00",
      "REDUCED,9,10.00,0.90,,",
    ].map { $0 + "\r\n" }.joined()
    #expect(report.text == expected)
    #expect(report.render() == Data(expected.utf8))
    #expect(ReconciliationCSV.contentType == "text/csv; charset=utf-8")
    #expect(ReconciliationCSV.filename(exportID: "exp_1") == "reconciliation-exp_1.csv")
  }

  @Test("a report response gives the same file; without totals the TOTAL line has no amounts")
  func fromReport() {
    var response = Rentguy_Export_V1_GetReconciliationReportResponse()
    response.lines = Self.lines
    response.vatTotals = Self.vatTotals
    response.localTotal = Self.money(14_680)
    response.providerTotal = Self.money(9700)
    let direct = ReconciliationCSV(lines: Self.lines, vatTotals: Self.vatTotals, localTotal: Self.money(14_680), providerTotal: Self.money(9700))
    #expect(ReconciliationCSV(report: response).text == direct.text)
    let rendered = ReconciliationCSV.render(lines: Self.lines, vatTotals: Self.vatTotals, localTotal: 14_680, providerTotal: 9700, currency: "EUR")
    #expect(rendered == direct.text)
    let empty = ReconciliationCSV(lines: [], vatTotals: [], localTotal: nil, providerTotal: nil)
    let header = ReconciliationCSV.documentColumns.joined(separator: ",")
    let vatHeader = ReconciliationCSV.vatColumns.joined(separator: ",")
    #expect(empty.text.components(separatedBy: "\r\n") == [header, "TOTAL,,,,,,,,,,,,", "", vatHeader, ""])
  }

  @Test("fields with a comma, a double quote, CR or LF are quoted, with quotes doubled", arguments: [
    ("plain", "plain"),
    ("", ""),
    ("a,b", "\"a,b\""),
    ("say \"hi\"", "\"say \"\"hi\"\"\""),
    ("two\r\nlines", "\"two\r\nlines\""),
    ("line\nfeed", "\"line\nfeed\""),
    ("Café ☕", "Café ☕"),
  ])
  func quoting(value: String, field: String) {
    #expect(ReconciliationCSV.field(value) == field)
  }

  @Test("a field a spreadsheet would run as a formula gets a leading apostrophe; a plain negative number does not", arguments: [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+31612345678", "'+31612345678"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@import", "'@import"),
    ("\tpadded", "'\tpadded"),
    ("\rreturn", "\"'\rreturn\""),
    ("=HYPERLINK(\"http://x\",\"click\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""),
    ("-12.50", "-12.50"),
    ("-12", "-12"),
    ("-12.", "'-12."),
    ("-.5", "'-.5"),
    ("-1e5", "'-1e5"),
    ("-1,000", "\"'-1,000\""),
    ("-", "'-"),
    ("a=b", "a=b"),
  ])
  func formulaInjection(value: String, field: String) {
    #expect(ReconciliationCSV.field(value) == field)
  }

  @Test("a formula in a provider's message reaches the file neutralised and quoted")
  func injectionThroughALine() {
    var line = Self.lines[0]
    line.status = .failed
    line.message = "=cmd|' /C calc'!A0,\"x\""
    let text = ReconciliationCSV(lines: [line], vatTotals: [], localTotal: nil, providerTotal: nil).text
    let rows = text.components(separatedBy: "\r\n")
    #expect(rows[1].hasSuffix(",mb_1,\"'=cmd|' /C calc'!A0,\"\"x\"\"\""))
    #expect(rows[1].hasPrefix("INVOICE,F2026-00001,inv_1,RG-2026-00042,,FAILED,"))
  }
}
