import RentGuyProviders
import RentGuyRules
import RentGuyStore

/// "stripe.apply_event": applies a stored, verified Stripe event (the job's resource is the event
/// id) through the payment state machine. No provider call: the event is the news. Events about
/// objects RentGuy does not know are recorded as ignored.
struct StripeEventJob: JobHandler {
  static let kind = "stripe.apply_event"

  func run(_ job: Job) async throws -> JobEffect {
    let eventID = job.resourceID
    return { db in
      guard let payload = try db.providerEvent(provider: "stripe", eventID: eventID) else { return }
      let mutation = Mutation(method: "job/" + Self.kind, clientAddress: "")
      let outcome = try Self.apply(payload, in: db, mutation: mutation)
      try db.markProviderEvent(provider: "stripe", eventID: eventID, outcome: outcome, at: mutation.now)
    }
  }

  static func apply(_ payload: [UInt8], in db: any IntegrationDatabase, mutation: Mutation) throws -> String {
    guard let event = StripeEvent(json: payload) else { return "ignored: not an event" }
    if let refund = event.refund {
      guard let ours = try refund.id.flatMap({ try db.refund($0) }) ?? db.refund(refund.providerID), let state = refund.state else {
        return "ignored: unknown refund"
      }
      try RefundJob.settle(ours.id, providerID: refund.providerID, state: state, failure: refund.failure)(db)
      return "refund \(ours.id): \(state)"
    }
    guard let observation = event.observation else { return "ignored: \(event.type)" }
    let payment = try event.paymentID.flatMap { try db.payment($0) } ?? event.intentID.flatMap { try db.payment($0) }
    guard let payment else { return "ignored: no payment for \(event.type)" }
    return try PaymentLedger.observe(observation, payment: payment.id, in: db, mutation: mutation) { stored in
      if stored.providerIntentID == nil, let intent = event.intentID { stored.providerIntentID = intent }
      if let method = event.method, !method.isEmpty { stored.method = method }
      if observation == .failed, let message = event.failureMessage { stored.failureReason = message }
      if let refunded = event.refundedTotal { stored.refundedMinor = min(stored.amountMinor, max(stored.refundedMinor, refunded)) }
      if let dispute = event.dispute {
        // A dispute only moves forwards: opened, then won or lost.
        if dispute.status > stored.dispute || (stored.dispute == 2 && dispute.status >= 3) { stored.dispute = dispute.status }
        stored.chargedBackMinor = max(stored.chargedBackMinor, dispute.chargedBack)
      }
    }
  }
}
