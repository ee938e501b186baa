import RentGuyProto
import RentGuyRules
import RentGuyStore

/// Applies what a provider said to a stored payment, inside a transaction: through the state
/// machine (so a late or repeated report changes nothing), with the booking's
/// PAYMENT_STATUS_CHANGED event when the status moved. The one place payments change status.
enum PaymentLedger {
  /// Applies `observation` (if any) after `update` (amounts, ids the provider reported) to the
  /// payment `id`; returns what happened, for the provider event's outcome.
  @discardableResult
  static func observe(
    _ observation: PaymentObservation?, payment id: String, in db: any IntegrationDatabase, mutation: Mutation,
    update: (inout StoredPayment) -> Void = { _ in }
  ) throws -> String {
    guard var payment = try db.payment(id) else { return "no payment \(id)" }
    let before = payment
    update(&payment)
    if let observation, let state = PaymentState(rawValue: payment.status),
      let next = PaymentLifecycle.next(state, after: observation, refunded: payment.refundedMinor, amount: payment.amountMinor)
    {
      payment.status = next.rawValue
      if next.wasReceived && payment.paidAt == nil { payment.paidAt = mutation.now }
    }
    guard payment != before else { return "no change" }
    payment.updatedAt = mutation.now
    try db.updatePayment(payment)
    if payment.status != before.status, let booking = try db.booking(payment.bookingID) {
      try mutation.event(.paymentStatusChanged, booking, in: db)
    }
    let from = PaymentState(rawValue: before.status)?.name ?? "?"
    let to = PaymentState(rawValue: payment.status)?.name ?? "?"
    return from == to ? "updated (\(to))" : "\(from) → \(to)"
  }

  /// A payment's refunded total from the refunds that succeeded, never below what the provider
  /// already reported.
  static func refundedTotal(_ payment: StoredPayment, in db: any IntegrationDatabase) throws -> Int64 {
    let ours = try db.refunds(paymentID: payment.id, bookingID: nil, before: "", limit: 1000)
      .filter { $0.status == RefundState.succeeded.rawValue }
      .reduce(0) { $0 + $1.amountMinor }
    return min(payment.amountMinor, max(payment.refundedMinor, ours))
  }
}
