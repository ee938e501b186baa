import RentGuyProviders
import RentGuyRules
import RentGuyStore

/// "mollie.fetch_payment": Mollie's webhook says only "something changed about tr_…"; this job
/// fetches the payment and applies its status, refunded and charged-back amounts, and the
/// status of our refunds of it that are still under way. Unknown ids are fetched too (Mollie is
/// the judge) and ignored when they are not ours.
struct MollieFetchJob: JobHandler {
  static let kind = "mollie.fetch_payment"

  let repository: any IntegrationRepository
  let providers: PaymentProviders

  func run(_ job: Job) async throws -> JobEffect {
    guard let mollie = self.providers.mollie else {
      throw ProviderError(provider: "mollie", httpStatus: nil, message: "Mollie is not configured", retryable: false)
    }
    let fetched: MollieAPI.Payment
    do {
      fetched = try await mollie.payment(job.resourceID)
    } catch let error where error.isNotFound {
      return { _ in }
    }
    let refunds = try await self.refundsUnderWay(of: fetched.id, mollie: mollie)
    return { db in
      let mutation = Mutation(method: "job/" + Self.kind, clientAddress: "")
      _ = try Self.apply(fetched, in: db, mutation: mutation)
      for (id, refund) in refunds {
        try RefundJob.settle(id, providerID: refund.id, state: Self.refundState(refund.status), failure: "")(db)
      }
    }
  }

  /// Our refunds of the Mollie payment `paymentID` that are not final yet, as Mollie has them now.
  func refundsUnderWay(of paymentID: String, mollie: MollieAPI) async throws -> [(String, MollieAPI.Refund)] {
    let open = try await self.repository.read { db -> [StoredRefund] in
      guard let payment = try db.payment(paymentID) else { return [] }
      return try db.refunds(paymentID: payment.id, bookingID: nil, before: "", limit: 100)
        .filter { !(RefundState(rawValue: $0.status)?.isFinal ?? true) && $0.providerRefundID != nil }
    }
    var found: [(String, MollieAPI.Refund)] = []
    for refund in open {
      guard let providerID = refund.providerRefundID else { continue }
      found.append((refund.id, try await mollie.refund(paymentID: paymentID, refundID: providerID)))
    }
    return found
  }

  static func refundState(_ status: String) -> RefundState {
    switch status {
    case "refunded": .succeeded
    case "failed": .failed
    case "canceled": .canceled
    default: .processing
    }
  }

  static func apply(_ fetched: MollieAPI.Payment, in db: any IntegrationDatabase, mutation: Mutation) throws -> String {
    guard let payment = try db.payment(fetched.id) else { return "ignored: not our payment" }
    let observation: PaymentObservation? =
      switch fetched.status {
      case "open": .checkoutCreated
      case "pending", "authorized": .processing
      case "paid": .succeeded
      case "canceled": .canceled
      case "expired": .expired
      case "failed": .failed
      default: nil
      }
    var outcome = try PaymentLedger.observe(observation, payment: payment.id, in: db, mutation: mutation) { stored in
      if !fetched.method.isEmpty { stored.method = fetched.method }
      stored.refundedMinor = min(stored.amountMinor, max(stored.refundedMinor, fetched.amountRefundedMinor))
    }
    if fetched.amountRefundedMinor > 0 {
      outcome = try PaymentLedger.observe(.refundsChanged, payment: payment.id, in: db, mutation: mutation)
    }
    if fetched.amountChargedBackMinor > 0 {
      // Mollie reports chargebacks as done: opened and lost at once.
      try PaymentLedger.observe(.disputeOpened, payment: payment.id, in: db, mutation: mutation)
      outcome = try PaymentLedger.observe(.disputeLost, payment: payment.id, in: db, mutation: mutation) { stored in
        stored.dispute = 4
        stored.chargedBackMinor = max(stored.chargedBackMinor, fetched.amountChargedBackMinor)
      }
    }
    return outcome
  }
}
