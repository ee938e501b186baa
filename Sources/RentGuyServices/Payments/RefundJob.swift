import RentGuyProto
import RentGuyProviders
import RentGuyRules
import RentGuyStore

/// "stripe.create_refund" / "mollie.create_refund": asks the provider to refund, with the refund
/// id as the idempotency key. A refund the provider is still processing stays PROCESSING (the
/// job is done: the provider was asked); its end comes from the provider's webhook (Stripe's
/// `refund.updated`, Mollie's webhook and payment fetch) or SyncPayment. A succeeded refund
/// raises the payment's refunded total and moves it to (PARTIALLY_)REFUNDED.
struct RefundJob: JobHandler {
  static let stripeKind = "stripe.create_refund"
  static let mollieKind = "mollie.create_refund"

  let repository: any IntegrationRepository
  let providers: PaymentProviders

  func run(_ job: Job) async throws -> JobEffect {
    let id = job.resourceID
    let found = try await self.repository.read { db -> (StoredRefund, StoredPayment)? in
      guard let refund = try db.refund(id), let payment = try db.payment(refund.paymentID) else { return nil }
      return (refund, payment)
    }
    guard let (refund, payment) = found, !(RefundState(rawValue: refund.status)?.isFinal ?? true) else { return { _ in } }
    let state: RefundState
    let providerID: String
    var failure = ""
    switch Rentguy_Payment_V1_PaymentProvider(rawValue: payment.provider) {
    case .stripe:
      guard let stripe = self.providers.stripe, let intent = payment.providerIntentID else {
        throw ProviderError(provider: "stripe", httpStatus: nil, message: "the payment has no PaymentIntent to refund", retryable: false)
      }
      let made = try await stripe.createRefund(paymentIntentID: intent, amountMinor: refund.amountMinor, refundID: refund.id, reason: refund.reason)
      providerID = made.id
      failure = made.failureReason
      state = StripeEvent.refundState(made.status) ?? .processing
    case .mollie:
      guard let mollie = self.providers.mollie, let paymentID = payment.providerPaymentID else {
        throw ProviderError(provider: "mollie", httpStatus: nil, message: "the payment has no Mollie id to refund", retryable: false)
      }
      let made: MollieAPI.Refund
      if let existing = refund.providerRefundID {
        made = try await mollie.refund(paymentID: paymentID, refundID: existing)
      } else {
        made = try await mollie.createRefund(
          paymentID: paymentID, amountMinor: refund.amountMinor, currency: refund.currency, refundID: refund.id, reason: refund.reason
        )
      }
      providerID = made.id
      state = MollieFetchJob.refundState(made.status)
    default:
      throw ProviderError(provider: "rentguy", httpStatus: nil, message: "refund \(id) has no provider", retryable: false)
    }
    return Self.settle(id, providerID: providerID, state: state, failure: failure)
  }

  /// Records the refund's status; a succeeded refund updates its payment.
  static func settle(_ id: String, providerID: String, state: RefundState, failure: String) -> JobEffect {
    { db in
      guard var refund = try db.refund(id) else { return }
      let before = refund
      if refund.providerRefundID == nil, !providerID.isEmpty { refund.providerRefundID = providerID }
      if let next = RefundState(rawValue: refund.status)?.next(state) { refund.status = next.rawValue }
      if state == .failed { refund.failureReason = failure.isEmpty ? "the provider refused the refund" : failure }
      guard refund != before else { return }
      let mutation = Mutation(method: "job/create_refund", clientAddress: "")
      refund.updatedAt = mutation.now
      try db.updateRefund(refund)
      if refund.status == RefundState.succeeded.rawValue, before.status != refund.status {
        try PaymentLedger.observe(.refundsChanged, payment: refund.paymentID, in: db, mutation: mutation) { payment in
          payment.refundedMinor = (try? PaymentLedger.refundedTotal(payment, in: db)) ?? payment.refundedMinor
        }
      }
    }
  }

  func deadLetter(_ job: Job, error: String) -> JobEffect? {
    Self.settle(job.resourceID, providerID: "", state: .failed, failure: String(error.prefix(500)))
  }
}
