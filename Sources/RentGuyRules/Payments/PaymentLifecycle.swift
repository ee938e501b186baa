/// The payment state machine (see payment.proto's header): a status never moves backwards, so a
/// repeated or late observation changes nothing, whatever order the provider's events arrive in.
public enum PaymentLifecycle {
  /// The status after `observation`, or nil when it changes nothing. `refunded` and `amount` are
  /// the payment's refunded total and amount (minor units) after the observation.
  public static func next(
    _ current: PaymentState, after observation: PaymentObservation, refunded: Int64, amount: Int64
  ) -> PaymentState? {
    let settled = Self.settled(refunded: refunded, amount: amount)
    let next: PaymentState? =
      switch observation {
      case .checkoutCreated:
        current == .pending ? .open : nil
      case .processing:
        [.pending, .open, .failed].contains(current) ? .processing : nil
      case .succeeded:
        [.pending, .open, .processing, .failed].contains(current) ? settled : nil
      case .failed:
        [.pending, .open, .processing].contains(current) ? .failed : nil
      case .canceled:
        [.pending, .open, .processing, .failed].contains(current) ? .canceled : nil
      case .expired:
        [.pending, .open, .failed].contains(current) ? .expired : nil
      case .refundsChanged:
        current.isRefundable ? settled : nil
      case .disputeOpened:
        [.succeeded, .partiallyRefunded, .refunded].contains(current) ? .disputed : nil
      case .disputeWon:
        current == .disputed ? settled : nil
      case .disputeLost:
        current == .disputed ? .chargedBack : nil
      }
    return next == current ? nil : next
  }

  /// SUCCEEDED, PARTIALLY_REFUNDED or REFUNDED by how much of the amount was refunded.
  static func settled(refunded: Int64, amount: Int64) -> PaymentState {
    refunded <= 0 ? .succeeded : (refunded >= amount ? .refunded : .partiallyRefunded)
  }
}
