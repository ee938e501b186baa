import ArgumentParser
import Foundation
import RentGuyProto
import RentGuyRules
import SwiftProtobuf

/// Parsing and printing shared by the payment and refund commands: amounts typed on the command
/// line, comma-separated filters, enum names and rows of payments, refunds and providers.
enum PaymentFormat {
  // MARK: Parsing

  /// Parses an amount as people type it ("125.00", "125,00", "EUR 125.00") into minor units of
  /// its currency: `currency` when given (`--currency`), else the code written in `text`, else
  /// `fallbackCurrency`. More decimals than the currency has are refused, not rounded; the
  /// amount must be more than zero.
  static func amount(
    parsing text: String, currency: String?, fallbackCurrency: String = "EUR", option: String
  ) throws -> Rentguy_Common_V1_Money {
    let code = (currency ?? fallbackCurrency).uppercased()
    guard Money.isCurrencyCode(code) else {
      throw ValidationError("--currency: '\(currency ?? fallbackCurrency)' is not an ISO 4217 code such as EUR")
    }
    let parsed: Money
    do {
      parsed = try Money.parse(text.trimmingCharacters(in: .whitespaces), currency: code)
    } catch {
      throw ValidationError("\(option): \(error)")
    }
    if currency != nil, parsed.currency != code {
      throw ValidationError("\(option) is in \(parsed.currency) but --currency is \(code)")
    }
    guard parsed.minorUnits > 0 else { throw ValidationError("\(option) must be more than zero") }
    var money = Rentguy_Common_V1_Money()
    money.amountMinor = parsed.minorUnits
    money.currency = parsed.currency
    return money
  }

  /// Parses a comma-separated list of names ("succeeded,open") into values. Names match without
  /// regard to case, and "_" is the same as "-" ("partially_refunded", "PARTIALLY-REFUNDED").
  static func list<Value>(_ text: String?, option: String, choices: [(String, Value)]) throws -> [Value] {
    guard let text else { return [] }
    var values: [Value] = []
    for word in text.split(separator: ",") {
      let name = word.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
      guard !name.isEmpty else { continue }
      guard let value = choices.first(where: { $0.0 == name })?.1 else {
        throw ValidationError("\(option): '\(word)' is not one of \(choices.map(\.0).joined(separator: ", "))")
      }
      values.append(value)
    }
    guard !values.isEmpty else { throw ValidationError("\(option) must name at least one of \(choices.map(\.0).joined(separator: ", "))") }
    return values
  }

  /// An absolute http(s) URL, else a ValidationError naming `option`.
  static func checkURL(_ text: String, option: String) throws {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
      scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
    else { throw ValidationError("\(option): '\(text)' is not an absolute URL such as https://example.com/paid") }
  }

  static let statusChoices: [(String, Rentguy_Payment_V1_PaymentStatus)] = [
    ("pending", .pending), ("open", .open), ("processing", .processing), ("succeeded", .succeeded), ("failed", .failed),
    ("canceled", .canceled), ("expired", .expired), ("partially-refunded", .partiallyRefunded), ("refunded", .refunded),
    ("disputed", .disputed), ("charged-back", .chargedBack),
  ]

  // MARK: Enum names (the value's name without its prefix)

  static func name(_ provider: Rentguy_Payment_V1_PaymentProvider) -> String {
    switch provider {
    case .unspecified: ""
    case .stripe: "STRIPE"
    case .mollie: "MOLLIE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ status: Rentguy_Payment_V1_PaymentStatus) -> String {
    if status == .unspecified { return "" }
    return PaymentState(rawValue: status.rawValue)?.name ?? "UNRECOGNIZED(\(status.rawValue))"
  }

  static func name(_ dispute: Rentguy_Payment_V1_DisputeStatus) -> String {
    switch dispute {
    case .unspecified: ""
    case .none: "NONE"
    case .open: "OPEN"
    case .won: "WON"
    case .lost: "LOST"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ purpose: Rentguy_Payment_V1_PaymentPurpose) -> String {
    switch purpose {
    case .unspecified: ""
    case .deposit: "DEPOSIT"
    case .balance: "BALANCE"
    case .full: "FULL"
    case .damage: "DAMAGE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ status: Rentguy_Payment_V1_RefundStatus) -> String {
    switch status {
    case .unspecified: ""
    case .pending: "PENDING"
    case .processing: "PROCESSING"
    case .succeeded: "SUCCEEDED"
    case .failed: "FAILED"
    case .canceled: "CANCELED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ state: Rentguy_Payment_V1_BookingPaymentState) -> String {
    switch state {
    case .unspecified: ""
    case .unpaid: "UNPAID"
    case .depositPaid: "DEPOSIT_PAID"
    case .partiallyPaid: "PARTIALLY_PAID"
    case .paid: "PAID"
    case .overpaid: "OVERPAID"
    case .refunded: "REFUNDED"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  static func name(_ mode: Rentguy_Payment_V1_ProviderMode) -> String {
    switch mode {
    case .unspecified: ""
    case .off: "OFF"
    case .mock: "MOCK"
    case .test: "TEST"
    case .live: "LIVE"
    case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
    }
  }

  // MARK: Rows

  /// A time, or empty when unset.
  static func time(_ timestamp: Google_Protobuf_Timestamp, isSet: Bool, render: Render) -> String {
    isSet ? render.time(timestamp) : ""
  }

  /// One compact row per payment.
  static func paymentRows(_ payments: [Rentguy_Payment_V1_Payment], render: Render) -> [Row] {
    payments.map { payment in
      let row: Row = [
        ("id", payment.id), ("booking", payment.bookingID), ("provider", Self.name(payment.provider)),
        ("purpose", Self.name(payment.purpose)), ("status", Self.name(payment.status)),
        ("amount", BookingFormat.money(payment.amount)), ("refunded", BookingFormat.money(payment.refunded)),
        ("method", payment.method), ("created", Self.time(payment.createdAt, isSet: payment.hasCreatedAt, render: render)),
      ]
      return row
    }
  }

  /// The payment's fields, all of them.
  static func paymentDetail(_ payment: Rentguy_Payment_V1_Payment, render: Render) -> [Row] {
    let more: Row = [
      ("description", payment.description_p), ("provider_payment_id", payment.providerPaymentID),
      ("checkout_url", payment.checkoutURL), ("return_url", payment.returnURL), ("failure_reason", payment.failureReason),
      ("dispute", Self.name(payment.dispute)), ("charged_back", BookingFormat.money(payment.chargedBack)),
      ("paid", Self.time(payment.paidAt, isSet: payment.hasPaidAt, render: render)),
      ("expires", Self.time(payment.expiresAt, isSet: payment.hasExpiresAt, render: render)),
      ("updated", Self.time(payment.updatedAt, isSet: payment.hasUpdatedAt, render: render)),
    ]
    return [Self.paymentRows([payment], render: render)[0] + more]
  }

  /// A booking's payment status: its state, then one row per amount.
  static func statusSections(_ status: Rentguy_Payment_V1_GetBookingPaymentStatusResponse, render: Render) -> [[Row]] {
    let head: Row = [("booking", status.bookingID), ("state", Self.name(status.state))]
    let amounts: [(String, Rentguy_Common_V1_Money)] = [
      ("total", status.total), ("deposit required", status.depositRequired), ("received", status.received),
      ("refunded", status.refunded), ("charged back", status.chargedBack), ("net paid", status.netPaid),
      ("outstanding", status.outstanding), ("in progress", status.inProgress),
    ]
    let amountRows: [Row] = amounts.map { label, money in
      let row: Row = [("item", label), ("amount", BookingFormat.money(money))]
      return row
    }
    return [[head], amountRows, Self.paymentRows(status.payments, render: render)]
  }

  /// One row per refund.
  static func refundRows(_ refunds: [Rentguy_Payment_V1_Refund], render: Render) -> [Row] {
    refunds.map { refund in
      let row: Row = [
        ("id", refund.id), ("payment", refund.paymentID), ("booking", refund.bookingID), ("status", Self.name(refund.status)),
        ("amount", BookingFormat.money(refund.amount)), ("reason", refund.reason), ("provider_refund_id", refund.providerRefundID),
        ("failure_reason", refund.failureReason), ("created", Self.time(refund.createdAt, isSet: refund.hasCreatedAt, render: render)),
      ]
      return row
    }
  }

  /// One row per configured (or not configured) provider.
  static func providerRows(_ providers: [Rentguy_Payment_V1_ProviderSettings]) -> [Row] {
    providers.map { settings in
      let row: Row = [
        ("provider", Self.name(settings.provider)), ("mode", Self.name(settings.mode)),
        ("api_key", BookingFormat.yesNo(settings.apiKeyConfigured)),
        ("webhook_secret", BookingFormat.yesNo(settings.webhookSecretConfigured)),
        ("api_base_url", settings.apiBaseURL), ("webhook_url", settings.webhookURL),
      ]
      return row
    }
  }
}

// MARK: - Enum arguments

enum PaymentProviderArgument: String, ExpressibleByArgument, CaseIterable {
  case stripe, mollie

  var proto: Rentguy_Payment_V1_PaymentProvider {
    switch self {
    case .stripe: .stripe
    case .mollie: .mollie
    }
  }
}

enum PaymentPurposeArgument: String, ExpressibleByArgument, CaseIterable {
  case deposit, balance, full, damage

  var proto: Rentguy_Payment_V1_PaymentPurpose {
    switch self {
    case .deposit: .deposit
    case .balance: .balance
    case .full: .full
    case .damage: .damage
    }
  }
}
