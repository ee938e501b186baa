import ArgumentParser
import Foundation
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy refunds create|list`.
struct RefundsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "refunds", abstract: "Refunds of succeeded payments through their provider.",
    subcommands: [Create.self, List.self]
  )

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Refund all or part of a SUCCEEDED payment.",
      discussion: """
        Without --amount, what is left of the payment is refunded. The amount is in the payment's currency \
        (looked up first unless --currency is given). Refunds may not exceed the payment (FAILED_PRECONDITION).
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The payment's id (pay_…).") var payment: String
    @Option(help: ArgumentHelp("How much to refund, e.g. 10.00 (default: all that is left).", valueName: "amount")) var amount: String?
    @Option(help: ArgumentHelp("ISO 4217 currency of --amount (default: the payment's).", valueName: "code")) var currency: String?
    @Option(help: "Why (shown with the refund).") var reason = ""

    func validate() throws {
      if currency != nil && amount == nil { throw ValidationError("--currency needs --amount") }
      if let amount, currency != nil { _ = try PaymentFormat.amount(parsing: amount, currency: currency, option: "--amount") }
    }

    func run() async throws {
      let (paymentID, amount, currency, reason, key) = (self.payment, self.amount, self.currency, self.reason, UUID().uuidString)
      let refund: Rentguy_Payment_V1_Refund = try await global.call { client in
        var money: Rentguy_Common_V1_Money?
        if let amount {
          if currency != nil {
            money = try PaymentFormat.amount(parsing: amount, currency: currency, option: "--amount")
          } else {
            let payment = try await client.payment.getPayment(.with { $0.paymentID = paymentID }).payment
            let fallback = payment.amount.currency.isEmpty ? "EUR" : payment.amount.currency
            money = try PaymentFormat.amount(parsing: amount, currency: nil, fallbackCurrency: fallback, option: "--amount")
          }
        }
        let requested = money
        return try await client.payment.createRefund(.with {
          $0.idempotencyKey = key
          $0.paymentID = paymentID
          if let requested { $0.amount = requested }
          $0.reason = reason
        }).refund
      }
      OutputPrinter(format: global.output).print(rows: PaymentFormat.refundRows([refund], render: Render(global.output)))
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List refunds, by payment or booking.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this payment's (pay_…).") var payment: String?
    @Option(help: "Only this booking's (bkg_…).") var booking: String?

    func run() async throws {
      let (payment, booking) = (self.payment, self.booking)
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.payment.listRefunds(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.paymentID = payment ?? ""
          $0.bookingID = booking ?? ""
        })
      }
      OutputPrinter(format: global.output).print(rows: PaymentFormat.refundRows(response.refunds, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }
}
