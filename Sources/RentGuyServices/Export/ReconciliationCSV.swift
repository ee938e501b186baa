public import Foundation
public import RentGuyProto

/// The reconciliation report as a CSV file: RFC 4180 (UTF-8 without a byte order mark, commas,
/// CRLF after every line, a header line), one line per document and a TOTAL line, then an empty
/// line and the totals per VAT rate under their own header.
///
/// Amounts are plain decimals in the currency's minor digits ("1234.50", "-12.00"), empty when
/// unknown (the provider has nothing). `difference` is `provider_amount − local_amount`, empty
/// unless both are known in the same currency. A field with a comma, a double quote, CR or LF is
/// quoted (quotes doubled); a field that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, tab or CR) gets a leading `'`, except a plain negative number such as "-12.50".
public struct ReconciliationCSV: Sendable {
  /// The header of the document lines.
  public static let documentColumns = [
    "document", "invoice_number", "invoice_id", "booking_number", "payment_id", "status", "local_amount", "local_vat",
    "provider_amount", "provider_vat", "difference", "provider_document_id", "message",
  ]
  /// The header of the VAT section.
  public static let vatColumns = ["vat_category", "rate_percent", "local_net", "local_vat", "provider_net", "provider_vat"]
  /// The media type of ``render()``'s bytes.
  public static let contentType = "text/csv; charset=utf-8"

  /// The report's lines, one per document.
  public var lines: [Rentguy_Export_V1_ReconciliationLine]
  /// The totals per VAT category and rate.
  public var vatTotals: [Rentguy_Export_V1_VatRateTotal]
  /// The grand total of RentGuy's amounts; no TOTAL amount when nil.
  public var localTotal: Rentguy_Common_V1_Money?
  /// The grand total of the provider's amounts; no TOTAL amount when nil.
  public var providerTotal: Rentguy_Common_V1_Money?

  /// A report of `lines`, `vatTotals` and the grand totals.
  public init(
    lines: [Rentguy_Export_V1_ReconciliationLine], vatTotals: [Rentguy_Export_V1_VatRateTotal], localTotal: Rentguy_Common_V1_Money?,
    providerTotal: Rentguy_Common_V1_Money?
  ) {
    self.lines = lines
    self.vatTotals = vatTotals
    self.localTotal = localTotal
    self.providerTotal = providerTotal
  }

  /// The report of a `GetReconciliationReport` response (all of its lines: gather every page
  /// into `lines` first).
  public init(report: Rentguy_Export_V1_GetReconciliationReportResponse) {
    self.init(
      lines: report.lines, vatTotals: report.vatTotals, localTotal: report.hasLocalTotal ? report.localTotal : nil,
      providerTotal: report.hasProviderTotal ? report.providerTotal : nil
    )
  }

  /// The file's text for totals in minor units of `currency` (both always known).
  public static func render(
    lines: [Rentguy_Export_V1_ReconciliationLine], vatTotals: [Rentguy_Export_V1_VatRateTotal], localTotal: Int64, providerTotal: Int64,
    currency: String
  ) -> String {
    ReconciliationCSV(
      lines: lines, vatTotals: vatTotals, localTotal: Rentguy_Common_V1_Money(minor: localTotal, currency: currency),
      providerTotal: Rentguy_Common_V1_Money(minor: providerTotal, currency: currency)
    ).text
  }

  /// "reconciliation-exp_….csv".
  public static func filename(exportID: String) -> String {
    "reconciliation-\(exportID).csv"
  }

  /// The file as UTF-8 bytes.
  public func render() -> Data {
    Data(self.text.utf8)
  }

  /// The file as text.
  public var text: String {
    var rows: [[String]] = [Self.documentColumns]
    for line in self.lines {
      let local: Rentguy_Common_V1_Money? = line.hasLocalAmount ? line.localAmount : nil
      let provider: Rentguy_Common_V1_Money? = line.hasProviderAmount ? line.providerAmount : nil
      let localVAT: Rentguy_Common_V1_Money? = line.hasLocalVat ? line.localVat : nil
      let providerVAT: Rentguy_Common_V1_Money? = line.hasProviderVat ? line.providerVat : nil
      rows.append([
        Self.name(of: line.document), line.invoiceNumber, line.invoiceID, line.bookingNumber, line.paymentID, Self.name(of: line.status),
        Self.amount(local), Self.amount(localVAT), Self.amount(provider), Self.amount(providerVAT),
        Self.difference(local: local, provider: provider), line.providerDocumentID, line.message,
      ])
    }
    let localTotal = Self.amount(self.localTotal)
    let providerTotal = Self.amount(self.providerTotal)
    let difference = Self.difference(local: self.localTotal, provider: self.providerTotal)
    rows.append(["TOTAL", "", "", "", "", "", localTotal, "", providerTotal, "", difference, "", ""])
    rows.append([])
    rows.append(Self.vatColumns)
    for total in self.vatTotals {
      let localNet: Rentguy_Common_V1_Money? = total.hasLocalNet ? total.localNet : nil
      let localVAT: Rentguy_Common_V1_Money? = total.hasLocalVat ? total.localVat : nil
      let providerNet: Rentguy_Common_V1_Money? = total.hasProviderNet ? total.providerNet : nil
      let providerVAT: Rentguy_Common_V1_Money? = total.hasProviderVat ? total.providerVat : nil
      rows.append([
        Self.name(of: total.category), ExportText.percent(basisPoints: Int(total.rateBp)), Self.amount(localNet), Self.amount(localVAT),
        Self.amount(providerNet), Self.amount(providerVAT),
      ])
    }
    return rows.map { row in row.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
  }

  /// One field as written: neutralised against formula injection, then quoted when RFC 4180
  /// requires it.
  static func field(_ value: String) -> String {
    var text = value
    if let first = text.unicodeScalars.first, Self.formulaStarts.contains(first), !Self.isPlainNegativeNumber(text) {
      text = "'" + text
    }
    guard text.unicodeScalars.contains(where: { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The first characters that make a spreadsheet read a cell as a formula.
  private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

  /// "-12", "-12.50": a minus, digits, and optionally a dot and more digits.
  private static func isPlainNegativeNumber(_ text: String) -> Bool {
    let parts = text.utf8.dropFirst().split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    return text.utf8.first == UInt8(ascii: "-") && (1...2).contains(parts.count)
      && parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }
  }

  /// The amount as a plain decimal; empty when unknown.
  private static func amount(_ money: Rentguy_Common_V1_Money?) -> String {
    guard let money else { return "" }
    return ExportText.amount(money.amountMinor, currency: money.currency)
  }

  /// `provider − local`, or empty unless both are known in the same currency.
  private static func difference(local: Rentguy_Common_V1_Money?, provider: Rentguy_Common_V1_Money?) -> String {
    guard let local, let provider, local.currency == provider.currency else { return "" }
    return ExportText.amount(provider.amountMinor - local.amountMinor, currency: local.currency)
  }

  private static func name(of document: Rentguy_Export_V1_DocumentKind) -> String {
    switch document {
    case .invoice: "INVOICE"
    case .creditNote: "CREDIT_NOTE"
    case .payment: "PAYMENT"
    case .unspecified: ""
    case .UNRECOGNIZED(let value): String(value)
    }
  }

  private static func name(of status: Rentguy_Export_V1_ReconciliationStatus) -> String {
    switch status {
    case .exported: "EXPORTED"
    case .matched: "MATCHED"
    case .amountMismatch: "AMOUNT_MISMATCH"
    case .missingAtProvider: "MISSING_AT_PROVIDER"
    case .failed: "FAILED"
    case .wouldExport: "WOULD_EXPORT"
    case .pending: "PENDING"
    case .unspecified: ""
    case .UNRECOGNIZED(let value): String(value)
    }
  }

  private static func name(of category: Rentguy_Booking_V1_VatCategory) -> String {
    switch category {
    case .standard: "STANDARD"
    case .reduced: "REDUCED"
    case .zero: "ZERO"
    case .exempt: "EXEMPT"
    case .reverseCharge: "REVERSE_CHARGE"
    case .unspecified: ""
    case .UNRECOGNIZED(let value): String(value)
    }
  }
}
