/// Something a user or the system does to a booking, checked by ``BookingLifecycle``.
public enum BookingAction: Sendable, Hashable, CaseIterable {
  /// Send a draft to the customer as a quote.
  case sendQuote
  /// Take a quote (or an expired one) back to a draft to change it.
  case reviseQuote
  /// Confirm a draft or a quote.
  case confirm
  /// Call the booking off.
  case cancel
  /// Finish the booking.
  case close
  /// Let a quote expire (done by the system).
  case expire
  /// Change the booking's own fields (customer, dates, notes).
  case editFields
  /// Add, change or remove rental lines.
  case editRentalLines
  /// Add, change or remove charge lines (transport, damage, extra costs).
  case editChargeLines

  /// The RPC (or the activity) that performs the action, as named in error messages.
  public var rpcName: String {
    switch self {
    case .sendQuote: "SendQuote"
    case .reviseQuote: "ReviseQuote"
    case .confirm: "ConfirmBooking"
    case .cancel: "CancelBooking"
    case .close: "CloseBooking"
    case .expire: "expiry"
    case .editFields: "UpdateBooking"
    case .editRentalLines: "changing rental lines"
    case .editChargeLines: "changing charge lines"
    }
  }
}
