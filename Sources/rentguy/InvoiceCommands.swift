import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy invoices list|get|advance|credit`.
struct InvoicesCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "invoices", abstract: "Invoices, advance invoices and credit notes.",
    subcommands: [List.self, Get.self, Advance.self, Credit.self]
  )

  static func rows(_ invoices: [Rentguy_Booking_V1_Invoice]) -> [Row] {
    invoices.map { invoice in
      let row: Row = [
        ("id", invoice.id), ("number", invoice.number), ("kind", BookingFormat.name(invoice.kind)),
        ("booking", invoice.bookingID), ("customer", invoice.customerID), ("issued", invoice.issueDate),
        ("due", invoice.dueDate), ("total", BookingFormat.money(invoice.total)),
      ]
      return row
    }
  }

  /// The invoice's own fields (no lines).
  static func detail(_ invoice: Rentguy_Booking_V1_Invoice) -> [Row] {
    let more: Row = [
      ("bill_to", invoice.billTo.company.isEmpty ? invoice.billTo.name : invoice.billTo.company),
      ("subtotal", BookingFormat.money(invoice.subtotal)), ("vat", BookingFormat.money(invoice.vat)),
      ("credited_invoice", invoice.creditedInvoiceID), ("reason", invoice.reason),
      ("payments", invoice.paymentIds.joined(separator: ",")),
    ]
    return [Self.rows([invoice])[0] + more]
  }

  static func lineRows(_ lines: [Rentguy_Booking_V1_InvoiceLine]) -> [Row] {
    lines.map { line in
      let row: Row = [
        ("id", line.id), ("description", line.description_p), ("qty", String(line.quantity)),
        ("unit_price", BookingFormat.money(line.unitPrice)), ("days", String(line.days)),
        ("discount", BookingFormat.percent(line.discountBp)), ("vat", BookingFormat.percent(line.vatRateBp)),
        ("net", BookingFormat.money(line.netAmount)), ("booking_line", line.bookingLineID), ("reference", line.referenceID),
      ]
      return row
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List invoices and credit notes.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this booking's (bkg_…).") var booking: String?
    @Option(help: "Only this customer's (cus_…).") var customer: String?
    @Option(help: ArgumentHelp("Issued on or after this date (2026-01-01).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Issued before this date (2026-02-01).", valueName: "date")) var until: String?

    func run() async throws {
      let (booking, customer, from, until) = (self.booking, self.customer, self.from, self.until)
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.booking.listInvoices(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.bookingID = booking ?? ""
          $0.customerID = customer ?? ""
          $0.issuedFrom = from ?? ""
          $0.issuedUntil = until ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: InvoicesCommand.rows(response.invoices))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show an invoice with its lines and VAT breakdown.",
      discussion: "With --output json, the invoice as protobuf JSON."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The invoice's id (inv_…) or number (F2026-00001).") var id: String

    func run() async throws {
      let id = self.id
      let invoice = try await global.call { try await $0.booking.getInvoice(.with { $0.invoiceID = id }).invoice }
      try DetailPrinter.print(
        global.output, message: invoice,
        sections: [
          InvoicesCommand.detail(invoice), InvoicesCommand.lineRows(invoice.lines), BookingFormat.vatRows(invoice.vatBreakdown),
        ]
      )
    }
  }

  struct Advance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bill a share of a confirmed booking in advance.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String
    @Option(help: ArgumentHelp("The share of the booking's current total, in percent (e.g. 30).", valueName: "percent"))
    var share: Double

    func run() async throws {
      let shareBasisPoints = try BookingFormat.basisPoints(percent: self.share, option: "--share")
      guard shareBasisPoints >= 1 else { throw ValidationError("--share must be more than 0") }
      let (id, key) = (self.booking, UUID().uuidString)
      let invoice = try await global.call { client in
        try await client.booking.issueAdvanceInvoice(.with {
          $0.idempotencyKey = key
          $0.bookingID = id
          $0.shareBp = shareBasisPoints
        }).invoice
      }
      OutputPrinter(format: global.output).print(rows: InvoicesCommand.rows([invoice]))
    }
  }

  struct Credit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Issue a credit note for an invoice (all of it, or some lines).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The invoice's id (inv_…).") var invoice: String
    @Option(help: "Why (printed on the credit note).") var reason: String
    @Option(name: .customLong("line"), help: ArgumentHelp("An invoice line to credit (inl_…); repeat; none credits all.", valueName: "line"))
    var lines: [String] = []

    func run() async throws {
      let (id, reason, lines, key) = (self.invoice, self.reason, self.lines, UUID().uuidString)
      let creditNote = try await global.call { client in
        try await client.booking.issueCreditNote(.with {
          $0.idempotencyKey = key
          $0.invoiceID = id
          $0.reason = reason
          $0.lineIds = lines
        }).creditNote
      }
      OutputPrinter(format: global.output).print(rows: InvoicesCommand.rows([creditNote]))
    }
  }
}
