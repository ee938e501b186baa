/// What a provider says happened to a payment, in the provider-neutral terms of the state machine
/// (an adapter maps Stripe events and Mollie statuses to these).
public enum PaymentObservation: Sendable, Equatable {
  /// The provider made a checkout for it.
  case checkoutCreated
  /// Paid by the customer; the provider is settling it (bank transfers, SEPA).
  case processing
  case succeeded
  /// An attempt failed. A Stripe checkout stays payable afterwards (so FAILED may still become
  /// PROCESSING or SUCCEEDED); Mollie never says more after it.
  case failed
  case canceled
  case expired
  /// The refunded total changed (the sum of succeeded refunds is in `PaymentLifecycle`'s input).
  case refundsChanged
  case disputeOpened
  case disputeWon
  case disputeLost
}
