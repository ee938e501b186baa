import ArgumentParser
import Foundation
import GRPCCore
import RentGuyClient
import RentGuyProto
import SwiftProtobuf

/// `rentguy payments create|get|list|cancel|sync|status|providers`.
struct PaymentsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "payments", abstract: "Payments for bookings through Stripe or Mollie.",
    subcommands: [Create.self, Get.self, List.self, Cancel.self, Sync.self, Status.self, Providers.self]
  )

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a payment for a booking; prints its id, status and checkout URL.",
      discussion: """
        The payment is stored as PENDING and the provider is asked for a checkout in the background; \
        with --wait the answer waits (up to 10 s) for the checkout URL. Without it, `rentguy payments get ID` \
        shows the URL once the payment is OPEN. The amount may not exceed what is outstanding.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "The booking (bkg_…).") var booking: String
    @Option(help: "The payment provider.") var provider: PaymentProviderArgument
    @Option(help: ArgumentHelp("The amount, e.g. 125.00 (in --currency).", valueName: "amount")) var amount: String
    @Option(help: ArgumentHelp("ISO 4217 currency: the booking's (default EUR).", valueName: "code")) var currency: String?
    @Option(help: "What the payment is for.") var purpose: PaymentPurposeArgument?
    @Option(help: "Shown on the provider's page (default \"Booking <number>\").") var description: String?
    @Option(
      name: .customLong("return-url"),
      help: ArgumentHelp("Where the provider sends the customer afterwards (https://…).", valueName: "url")
    )
    var returnURL: String?
    @Flag(help: "Wait (up to 10 s) for the provider's checkout URL.") var wait = false

    func validate() throws {
      _ = try PaymentFormat.amount(parsing: amount, currency: currency, option: "--amount")
      if let returnURL { try PaymentFormat.checkURL(returnURL, option: "--return-url") }
    }

    func run() async throws {
      let money = try PaymentFormat.amount(parsing: self.amount, currency: self.currency, option: "--amount")
      let (booking, provider, purpose) = (self.booking, self.provider.proto, self.purpose?.proto ?? .unspecified)
      let (description, returnURL, wait, key) = (self.description ?? "", self.returnURL ?? "", self.wait, UUID().uuidString)
      // The server may hold the answer up to 10 s for the checkout URL: leave room beyond that.
      var options = CallOptions.defaults
      if wait { options.timeout = Duration.seconds(max(global.timeout, 20)) }
      let callOptions = options
      let payment = try await global.call { client in
        try await client.payment.createPayment(
          .with {
            $0.idempotencyKey = key
            $0.bookingID = booking
            $0.provider = provider
            $0.purpose = purpose
            $0.amount = money
            $0.description_p = description
            $0.returnURL = returnURL
            $0.waitForCheckoutURL = wait
          },
          options: callOptions
        ).payment
      }
      let row: Row = [
        ("id", payment.id), ("booking", payment.bookingID), ("status", PaymentFormat.name(payment.status)),
        ("amount", BookingFormat.money(payment.amount)), ("checkout_url", payment.checkoutURL),
      ]
      OutputPrinter(format: global.output).print(rows: [row])
      if payment.checkoutURL.isEmpty && payment.status == .pending {
        Console.error("no checkout URL yet: see `rentguy payments get \(payment.id)` in a moment (or use --wait)")
      }
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a payment.", discussion: "With --output json, the payment as protobuf JSON."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The payment's id (pay_…) or the provider's id (pi_…, tr_…).") var id: String

    func run() async throws {
      let id = self.id
      let payment = try await global.call { try await $0.payment.getPayment(.with { $0.paymentID = id }).payment }
      try DetailPrinter.print(
        global.output, message: payment, sections: [PaymentFormat.paymentDetail(payment, render: Render(global.output))]
      )
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List payments, newest first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var page: PageOptions
    @Option(help: "Only this booking's (bkg_…).") var booking: String?
    @Option(
      help: ArgumentHelp(
        "Only these statuses, comma-separated: \(PaymentFormat.statusChoices.map(\.0).joined(separator: ", ")).",
        valueName: "statuses"
      )
    )
    var status: String?
    @Option(help: "Only this provider's.") var provider: PaymentProviderArgument?
    @OptionGroup(title: "Only payments created in") var dates: PeriodOptions

    func validate() throws {
      _ = try PaymentFormat.list(status, option: "--status", choices: PaymentFormat.statusChoices)
    }

    func run() async throws {
      let statuses = try PaymentFormat.list(self.status, option: "--status", choices: PaymentFormat.statusChoices)
      let period = try self.dates.period()
      let (booking, provider) = (self.booking, self.provider?.proto ?? .unspecified)
      let (size, token) = (self.page.pageSize, self.page.token)
      let response = try await global.call { client in
        try await client.payment.listPayments(.with {
          $0.pageSize = size
          $0.pageToken = token
          $0.bookingID = booking ?? ""
          $0.statuses = statuses
          $0.provider = provider
          if let period { $0.period = period }
        })
      }
      OutputPrinter(format: global.output).print(rows: PaymentFormat.paymentRows(response.payments, render: Render(global.output)))
      PageOptions.report(response.nextPageToken)
    }
  }

  struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Cancel a payment that was not paid (PENDING or OPEN).",
      discussion: "An OPEN payment is canceled at the provider first: UNAVAILABLE when it cannot be reached (nothing changed)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The payment's id (pay_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      let payment = try await global.call { client in
        try await client.payment.cancelPayment(.with {
          $0.idempotencyKey = key
          $0.paymentID = id
        }).payment
      }
      OutputPrinter(format: global.output).print(rows: PaymentFormat.paymentRows([payment], render: Render(global.output)))
    }
  }

  struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Ask the provider for a payment's status now (for a late or lost webhook).",
      discussion: "UNAVAILABLE when the provider cannot be reached; FAILED_PRECONDITION while the payment is PENDING."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The payment's id (pay_…).") var id: String

    func run() async throws {
      let (id, key) = (self.id, UUID().uuidString)
      let payment = try await global.call { client in
        try await client.payment.syncPayment(.with {
          $0.idempotencyKey = key
          $0.paymentID = id
        }).payment
      }
      OutputPrinter(format: global.output).print(rows: PaymentFormat.paymentRows([payment], render: Render(global.output)))
    }
  }

  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "What a booking costs, what was paid and refunded, and what is outstanding.",
      discussion: """
        net paid = received − refunded − charged back; outstanding = total − net paid (negative when overpaid). \
        With --output json, the status as protobuf JSON.
        """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The booking's id (bkg_…).") var booking: String

    func run() async throws {
      let booking = self.booking
      let status = try await global.call { client in
        try await client.payment.getBookingPaymentStatus(.with { $0.bookingID = booking })
      }
      try DetailPrinter.print(
        global.output, message: status, sections: PaymentFormat.statusSections(status, render: Render(global.output))
      )
    }
  }

  struct Providers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Which payment providers are configured, in which mode (secrets only as set or not)."
    )
    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let providers = try await global.call { try await $0.payment.getPaymentProviders(.init()).providers }
      OutputPrinter(format: global.output).print(rows: PaymentFormat.providerRows(providers))
    }
  }
}
