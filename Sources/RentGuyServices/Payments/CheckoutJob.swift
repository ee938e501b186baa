import Foundation
import RentGuyProto
import RentGuyProviders
import RentGuyRules
import RentGuyStore

/// "stripe.create_checkout" / "mollie.create_payment": asks the provider for the checkout of a
/// PENDING payment, with the payment id as the idempotency key (so a repeated job gets the same
/// checkout), and makes the payment OPEN with its checkout URL. A payment canceled meanwhile is
/// left alone; the dead letter makes the payment FAILED with the provider's message.
struct CheckoutJob: JobHandler {
  static let stripeKind = "stripe.create_checkout"
  static let mollieKind = "mollie.create_payment"

  let repository: any IntegrationRepository
  let providers: PaymentProviders

  func run(_ job: Job) async throws -> JobEffect {
    let id = job.resourceID
    guard let payment = try await self.repository.read({ db in try db.payment(id) }) else { return { _ in } }
    guard payment.status == PaymentState.pending.rawValue else { return { _ in } }
    let description = payment.description
    switch Rentguy_Payment_V1_PaymentProvider(rawValue: payment.provider) {
    case .stripe:
      guard let stripe = self.providers.stripe else { throw ProviderError(provider: "stripe", httpStatus: nil, message: "Stripe is not configured", retryable: false) }
      let session = try await stripe.createCheckoutSession(
        .init(
          amountMinor: payment.amountMinor, currency: payment.currency, description: description, successURL: payment.returnURL,
          cancelURL: payment.returnURL, paymentID: payment.id, bookingID: payment.bookingID
        ),
        idempotencyKey: payment.id
      )
      return Self.opened(id, providerID: session.id, url: session.url, expiresAt: session.expiresAt.map { $0 * 1000 })
    case .mollie:
      guard let mollie = self.providers.mollie else { throw ProviderError(provider: "mollie", httpStatus: nil, message: "Mollie is not configured", retryable: false) }
      let created = try await mollie.createPayment(
        amountMinor: payment.amountMinor, currency: payment.currency, description: description, redirectURL: payment.returnURL,
        webhookURL: self.providers.mollieWebhookURL, paymentID: payment.id, bookingID: payment.bookingID
      )
      let expires = ISO8601DateFormatter().date(from: created.expiresAt).map { Int64($0.timeIntervalSince1970 * 1000) }
      return Self.opened(id, providerID: created.id, url: created.checkoutURL, expiresAt: expires)
    default:
      throw ProviderError(provider: "rentguy", httpStatus: nil, message: "payment \(id) has no provider", retryable: false)
    }
  }

  static func opened(_ id: String, providerID: String, url: String, expiresAt: Int64?) -> JobEffect {
    { db in
      let mutation = Mutation(method: "job/create_checkout", clientAddress: "")
      try PaymentLedger.observe(.checkoutCreated, payment: id, in: db, mutation: mutation) { payment in
        guard payment.providerPaymentID == nil else { return }
        payment.providerPaymentID = providerID
        payment.checkoutURL = url
        payment.expiresAt = expiresAt
      }
    }
  }

  func deadLetter(_ job: Job, error: String) -> JobEffect? {
    let id = job.resourceID
    return { db in
      let mutation = Mutation(method: "job/create_checkout", clientAddress: "")
      try PaymentLedger.observe(.failed, payment: id, in: db, mutation: mutation) { payment in
        if payment.status == PaymentState.pending.rawValue { payment.failureReason = String(error.prefix(500)) }
      }
    }
  }
}
