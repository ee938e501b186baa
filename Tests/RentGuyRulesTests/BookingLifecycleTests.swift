import Testing

@testable import RentGuyRules

@Suite("booking lifecycle")
struct BookingLifecycleTests {
  struct Transition: Sendable, CustomTestStringConvertible {
    var action: BookingAction
    var from: BookingState
    var checkedOut: Bool
    var to: BookingState
    var testDescription: String {
      "\(self.action.rpcName) from \(self.from.name)\(self.checkedOut ? " with items checked out" : "") → \(self.to.name)"
    }
  }

  /// Every allowed transition, written out by hand.
  static let allowed: [Transition] = [
    Transition(action: .sendQuote, from: .draft, checkedOut: false, to: .quote),
    Transition(action: .reviseQuote, from: .quote, checkedOut: false, to: .draft),
    Transition(action: .reviseQuote, from: .expired, checkedOut: false, to: .draft),
    Transition(action: .confirm, from: .draft, checkedOut: false, to: .confirmed),
    Transition(action: .confirm, from: .quote, checkedOut: false, to: .confirmed),
    Transition(action: .cancel, from: .draft, checkedOut: false, to: .canceled),
    Transition(action: .cancel, from: .quote, checkedOut: false, to: .canceled),
    Transition(action: .cancel, from: .expired, checkedOut: false, to: .canceled),
    Transition(action: .cancel, from: .confirmed, checkedOut: false, to: .canceled),
    Transition(action: .close, from: .returned, checkedOut: false, to: .closed),
    Transition(action: .close, from: .confirmed, checkedOut: false, to: .closed),
    Transition(action: .expire, from: .quote, checkedOut: false, to: .expired),
  ]
    + [BookingAction.editFields, .editRentalLines].flatMap { action in
      [BookingState.draft, .confirmed, .checkedOutPartially, .checkedOut].map {
        Transition(action: action, from: $0, checkedOut: false, to: $0)
      }
    }
    + [BookingState.draft, .confirmed, .checkedOutPartially, .checkedOut, .returned].map {
      Transition(action: .editChargeLines, from: $0, checkedOut: false, to: $0)
    }

  /// Every (action, state, checked out) combination that is not in ``allowed``.
  static let refused: [Transition] = BookingAction.allCases.flatMap { action in
    BookingState.allCases.flatMap { state in
      [false, true].compactMap { checkedOut -> Transition? in
        // Only cancelling and closing a confirmed booking depend on items being checked out.
        let dependsOnCheckout = state == .confirmed && (action == .cancel || action == .close)
        let isAllowed = Self.allowed.contains { $0.action == action && $0.from == state } && !(dependsOnCheckout && checkedOut)
        return isAllowed ? nil : Transition(action: action, from: state, checkedOut: checkedOut, to: state)
      }
    }
  }

  @Test("every allowed transition leads to its next state", arguments: Self.allowed)
  func allowedTransition(transition: Transition) throws {
    let next = try BookingLifecycle.apply(transition.action, to: transition.from, somethingCheckedOut: transition.checkedOut)
    #expect(next == transition.to)
    #expect(BookingLifecycle.allowedStates(for: transition.action).contains(transition.from))
  }

  @Test("every action a state does not allow throws an error that names the state", arguments: Self.refused)
  func refusedTransition(transition: Transition) {
    #expect {
      _ = try BookingLifecycle.apply(transition.action, to: transition.from, somethingCheckedOut: transition.checkedOut)
    } throws: { error in
      guard let error = error as? LifecycleError else { return false }
      return error.action == transition.action && error.state == transition.from
        && error.description.contains("the booking is \(transition.from.name)")
        && error.description.hasPrefix("\(transition.action.rpcName) is not allowed")
    }
  }

  @Test("the table covers all 162 combinations of action, state and checked-out items")
  func tableIsComplete() {
    let allowedCombinations = Self.allowed.count * 2 - 2  // both flags, except confirmed cancel/close with items out
    #expect(allowedCombinations + Self.refused.count == BookingAction.allCases.count * BookingState.allCases.count * 2)
  }

  @Test("a refusal says which states allow the action")
  func refusalMessages() {
    #expect(
      LifecycleError(action: .confirm, state: .canceled).description
        == "ConfirmBooking is not allowed: the booking is CANCELED (allowed from DRAFT or QUOTE)")
    #expect(
      LifecycleError(action: .sendQuote, state: .closed).description
        == "SendQuote is not allowed: the booking is CLOSED (allowed from DRAFT)")
    #expect(
      LifecycleError(action: .editChargeLines, state: .closed).description
        == "changing charge lines is not allowed: the booking is CLOSED "
        + "(allowed from DRAFT, CONFIRMED, CHECKED_OUT_PARTIALLY, CHECKED_OUT or RETURNED)")
  }

  @Test("confirming an expired quote is refused because the quote expired")
  func expiredQuote() {
    #expect {
      _ = try BookingLifecycle.apply(.confirm, to: .expired, somethingCheckedOut: false)
    } throws: { error in
      guard let error = error as? LifecycleError else { return false }
      return error.quoteExpired && error.description.contains("EXPIRED") && error.description.contains("quote expired")
    }
    #expect(!LifecycleError(action: .confirm, state: .canceled).quoteExpired)
    #expect(!LifecycleError(action: .cancel, state: .expired).quoteExpired)
  }

  @Test("a confirmed booking with items checked out can be neither cancelled nor closed")
  func checkedOutItems() {
    for action in [BookingAction.cancel, .close] {
      #expect {
        _ = try BookingLifecycle.apply(action, to: .confirmed, somethingCheckedOut: true)
      } throws: { error in
        (error as? LifecycleError)?.description == "\(action.rpcName) is not allowed: the booking is CONFIRMED with items checked out"
      }
    }
  }

  @Test("states carry their protobuf numbers and names, and say whether they hold stock")
  func states() {
    #expect(BookingState.allCases.map(\.rawValue) == Array(1...9))
    #expect(
      BookingState.allCases.map(\.name) == [
        "DRAFT", "QUOTE", "CONFIRMED", "CHECKED_OUT_PARTIALLY", "CHECKED_OUT", "RETURNED", "CLOSED", "CANCELED", "EXPIRED",
      ])
    #expect(BookingState.allCases.filter(\.holdsStock) == [.confirmed, .checkedOutPartially, .checkedOut, .returned])
    #expect(BookingState.allCases.filter(\.isQuote) == [.quote])
  }

  @Test("actions are named after the RPC that performs them")
  func actionNames() {
    #expect(
      BookingAction.allCases.map(\.rpcName) == [
        "SendQuote", "ReviseQuote", "ConfirmBooking", "CancelBooking", "CloseBooking", "expiry", "UpdateBooking",
        "changing rental lines", "changing charge lines",
      ])
  }
}
