/// An action that the booking's state does not allow.
public struct LifecycleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The action that was refused.
  public var action: BookingAction
  /// The state the booking is in.
  public var state: BookingState
  /// Whether a confirmation was refused because the quote expired (revise it first).
  public var quoteExpired: Bool
  /// Whether the state allows the action in general but items are checked out.
  public var itemsCheckedOut: Bool

  /// An error for `action` refused in `state`; `quoteExpired` is set for a confirmation of an
  /// expired quote.
  public init(action: BookingAction, state: BookingState, itemsCheckedOut: Bool = false) {
    self.action = action
    self.state = state
    self.quoteExpired = action == .confirm && state == .expired
    self.itemsCheckedOut = itemsCheckedOut
  }

  /// "ConfirmBooking is not allowed: the booking is CANCELED (allowed from DRAFT or QUOTE)".
  public var description: String {
    let refusal = "\(self.action.rpcName) is not allowed: the booking is \(self.state.name)"
    if self.itemsCheckedOut { return "\(refusal) with items checked out" }
    let allowed = BookingLifecycle.allowedStates(for: self.action).map(\.name)
    let list = allowed.count <= 1 ? allowed.joined() : allowed.dropLast().joined(separator: ", ") + " or " + allowed[allowed.count - 1]
    if self.quoteExpired { return "\(refusal) because the quote expired; revise it first (allowed from \(list))" }
    return "\(refusal) (allowed from \(list))"
  }
}
