/// The booking state machine: which actions each state allows and the state they lead to.
public enum BookingLifecycle: Sendable {
  /// The state after `action` on a booking in `state`; edits leave the state as it is.
  ///
  /// Cancelling or closing a confirmed booking is refused while `somethingCheckedOut` is true.
  /// Throws a ``LifecycleError`` naming the current state when the action is not allowed.
  public static func apply(_ action: BookingAction, to state: BookingState, somethingCheckedOut: Bool) throws(LifecycleError)
    -> BookingState
  {
    guard Self.allowedStates(for: action).contains(state) else { throw LifecycleError(action: action, state: state) }
    switch action {
    case .sendQuote: return .quote
    case .reviseQuote: return .draft
    case .confirm: return .confirmed
    case .expire: return .expired
    case .cancel, .close:
      if state == .confirmed, somethingCheckedOut {
        throw LifecycleError(action: action, state: state, itemsCheckedOut: true)
      }
      return action == .cancel ? .canceled : .closed
    case .editFields, .editRentalLines, .editChargeLines: return state
    }
  }

  /// The states from which `action` may be allowed, in protobuf order. Cancelling and closing
  /// a confirmed booking further require that nothing is checked out.
  public static func allowedStates(for action: BookingAction) -> [BookingState] {
    switch action {
    case .sendQuote: [.draft]
    case .reviseQuote: [.quote, .expired]
    case .confirm: [.draft, .quote]
    case .cancel: [.draft, .quote, .confirmed, .expired]
    case .close: [.confirmed, .returned]
    case .expire: [.quote]
    case .editFields, .editRentalLines: [.draft, .confirmed, .checkedOutPartially, .checkedOut]
    case .editChargeLines: [.draft, .confirmed, .checkedOutPartially, .checkedOut, .returned]
    }
  }
}
