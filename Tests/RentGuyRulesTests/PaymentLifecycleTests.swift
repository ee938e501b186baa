import Testing

@testable import RentGuyRules

/// The payment state machine of payment.proto's header, written out by hand: the amount is 10.00
/// and the refunded total is one of none, part or all of it.
@Suite("payment lifecycle")
struct PaymentLifecycleTests {
  static let amount: Int64 = 1000
  static let refundedTotals: [Int64] = [0, 400, 1000]

  /// Every observation (PaymentObservation is not CaseIterable).
  static let observations: [PaymentObservation] = [
    .checkoutCreated, .processing, .succeeded, .failed, .canceled, .expired, .refundsChanged, .disputeOpened, .disputeWon,
    .disputeLost,
  ]

  struct Transition: Sendable, CustomTestStringConvertible {
    var observation: PaymentObservation
    var from: PaymentState
    var refunded: Int64
    /// nil: the observation changes nothing.
    var to: PaymentState?
    var testDescription: String {
      "\(self.observation) on \(self.from.name) with \(self.refunded) of 1000 refunded → \(self.to?.name ?? "nothing")"
    }
    var key: String { "\(self.from.name) \(self.observation) \(self.refunded)" }
  }

  /// SUCCEEDED, PARTIALLY_REFUNDED or REFUNDED by the refunded total, written out (not computed
  /// by the code under test).
  static func settled(_ refunded: Int64) -> PaymentState {
    switch refunded {
    case 0: .succeeded
    case 1000: .refunded
    default: .partiallyRefunded
    }
  }

  /// An observation that moves `from` to `to` whatever was refunded.
  static func always(_ observation: PaymentObservation, from: [PaymentState], to: PaymentState) -> [Transition] {
    from.flatMap { state in Self.refundedTotals.map { Transition(observation: observation, from: state, refunded: $0, to: to) } }
  }

  /// An observation that settles `from` by the refunded total.
  static func settling(_ observation: PaymentObservation, from: [PaymentState]) -> [Transition] {
    from.flatMap { state in Self.refundedTotals.map { Transition(observation: observation, from: state, refunded: $0, to: Self.settled($0)) } }
  }

  /// The arrows of the diagram in payment.proto's header, one by one.
  static let diagram: [Transition] = [
    Transition(observation: .checkoutCreated, from: .pending, refunded: 0, to: .open),
    Transition(observation: .processing, from: .open, refunded: 0, to: .processing),
    Transition(observation: .succeeded, from: .processing, refunded: 0, to: .succeeded),
    Transition(observation: .refundsChanged, from: .succeeded, refunded: 400, to: .partiallyRefunded),
    Transition(observation: .refundsChanged, from: .partiallyRefunded, refunded: 1000, to: .refunded),
    Transition(observation: .disputeOpened, from: .succeeded, refunded: 0, to: .disputed),
    Transition(observation: .disputeOpened, from: .partiallyRefunded, refunded: 400, to: .disputed),
    Transition(observation: .disputeWon, from: .disputed, refunded: 0, to: .succeeded),
    Transition(observation: .disputeWon, from: .disputed, refunded: 400, to: .partiallyRefunded),
    Transition(observation: .disputeLost, from: .disputed, refunded: 0, to: .chargedBack),
    Transition(observation: .failed, from: .pending, refunded: 0, to: .failed),
    Transition(observation: .failed, from: .open, refunded: 0, to: .failed),
    Transition(observation: .failed, from: .processing, refunded: 0, to: .failed),
    Transition(observation: .canceled, from: .pending, refunded: 0, to: .canceled),
    Transition(observation: .canceled, from: .open, refunded: 0, to: .canceled),
    Transition(observation: .canceled, from: .processing, refunded: 0, to: .canceled),
    Transition(observation: .expired, from: .pending, refunded: 0, to: .expired),
    Transition(observation: .expired, from: .open, refunded: 0, to: .expired),
    // The exception beside the diagram: a Stripe checkout whose attempt failed stays payable.
    Transition(observation: .processing, from: .failed, refunded: 0, to: .processing),
    Transition(observation: .succeeded, from: .failed, refunded: 0, to: .succeeded),
  ]

  /// Every (observation, status, refunded total) that changes the status. A checkout that is
  /// already PROCESSING does not expire (no provider expires a payment being settled); a dispute
  /// may be opened on a REFUNDED payment (card networks allow it).
  static let allowed: [Transition] =
    Self.always(.checkoutCreated, from: [.pending], to: .open)
    + Self.always(.processing, from: [.pending, .open, .failed], to: .processing)
    + Self.settling(.succeeded, from: [.pending, .open, .processing, .failed])
    + Self.always(.failed, from: [.pending, .open, .processing], to: .failed)
    + Self.always(.canceled, from: [.pending, .open, .processing, .failed], to: .canceled)
    + Self.always(.expired, from: [.pending, .open, .failed], to: .expired)
    + [
      Transition(observation: .refundsChanged, from: .succeeded, refunded: 400, to: .partiallyRefunded),
      Transition(observation: .refundsChanged, from: .succeeded, refunded: 1000, to: .refunded),
      Transition(observation: .refundsChanged, from: .partiallyRefunded, refunded: 1000, to: .refunded),
      // The status follows the refunded total: a refund that failed after all takes it back down.
      Transition(observation: .refundsChanged, from: .partiallyRefunded, refunded: 0, to: .succeeded),
    ]
    + Self.always(.disputeOpened, from: [.succeeded, .partiallyRefunded, .refunded], to: .disputed)
    + Self.settling(.disputeWon, from: [.disputed])
    + Self.always(.disputeLost, from: [.disputed], to: .chargedBack)

  /// Every other combination: nothing changes.
  static let unchanged: [Transition] = {
    let allowedKeys = Set(Self.allowed.map(\.key))
    return PaymentState.allCases.flatMap { state in
      Self.observations.flatMap { observation in
        Self.refundedTotals.compactMap { refunded -> Transition? in
          let transition = Transition(observation: observation, from: state, refunded: refunded, to: nil)
          return allowedKeys.contains(transition.key) ? nil : transition
        }
      }
    }
  }()

  static func next(_ state: PaymentState, _ observation: PaymentObservation, refunded: Int64 = 0) -> PaymentState? {
    PaymentLifecycle.next(state, after: observation, refunded: refunded, amount: Self.amount)
  }

  /// Applies observations one after another through `next`, as the event job does.
  static func apply(_ observations: [PaymentObservation], from start: PaymentState, refunded: Int64) -> PaymentState {
    observations.reduce(start) { state, observation in Self.next(state, observation, refunded: refunded) ?? state }
  }

  static func permutations(_ items: [PaymentObservation]) -> [[PaymentObservation]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index -> [[PaymentObservation]] in
      var rest = items
      let head = rest.remove(at: index)
      return Self.permutations(rest).map { [head] + $0 }
    }
  }

  // MARK: The diagram

  @Test("every arrow of the diagram in payment.proto's header is a transition", arguments: Self.diagram)
  func diagramArrow(transition: Transition) {
    #expect(Self.next(transition.from, transition.observation, refunded: transition.refunded) == transition.to)
  }

  @Test("every observation that changes a status leads to the status the table says", arguments: Self.allowed)
  func allowedTransition(transition: Transition) {
    #expect(Self.next(transition.from, transition.observation, refunded: transition.refunded) == transition.to)
  }

  @Test("every other observation changes nothing (nil)", arguments: Self.unchanged)
  func unchangedTransition(transition: Transition) {
    #expect(Self.next(transition.from, transition.observation, refunded: transition.refunded) == nil)
  }

  @Test("the tables cover all 330 combinations of status, observation and refunded total, each once")
  func tablesAreComplete() {
    #expect(Set(Self.allowed.map(\.key)).count == Self.allowed.count)
    #expect(Self.allowed.count == 73)
    #expect(Self.allowed.count + Self.unchanged.count == PaymentState.allCases.count * Self.observations.count * Self.refundedTotals.count)
    #expect(Set(Self.diagram.map(\.key)).isSubset(of: Set(Self.allowed.map(\.key))))
  }

  @Test("the happy path of the diagram, observation by observation: PENDING to REFUNDED")
  func happyPath() {
    var state = PaymentState.pending
    let steps: [(PaymentObservation, Int64, PaymentState)] = [
      (.checkoutCreated, 0, .open), (.processing, 0, .processing), (.succeeded, 0, .succeeded),
      (.refundsChanged, 250, .partiallyRefunded), (.refundsChanged, 600, .partiallyRefunded), (.refundsChanged, 1000, .refunded),
    ]
    for (observation, refunded, expected) in steps {
      let next = Self.next(state, observation, refunded: refunded)
      if observation == .refundsChanged && refunded == 600 {
        // Still partially refunded: the status does not change, so nothing to store.
        #expect(next == nil)
      } else {
        #expect(next == expected, "\(observation) on \(state.name)")
      }
      state = next ?? state
    }
    #expect(state == .refunded)
  }

  // MARK: Never backwards

  static let lateObservations: [(PaymentState, PaymentObservation, Int64)] = [
    (.succeeded, .processing, 0),
    (.succeeded, .succeeded, 0),
    (.succeeded, .checkoutCreated, 0),
    (.succeeded, .failed, 0),
    (.succeeded, .canceled, 0),
    (.succeeded, .expired, 0),
    (.processing, .processing, 0),
    (.processing, .checkoutCreated, 0),
    (.open, .checkoutCreated, 0),
    (.partiallyRefunded, .succeeded, 400),
    (.partiallyRefunded, .processing, 400),
    (.partiallyRefunded, .refundsChanged, 400),
    (.refunded, .refundsChanged, 1000),
    (.refunded, .succeeded, 1000),
    (.disputed, .disputeOpened, 0),
    (.disputed, .succeeded, 0),
    (.chargedBack, .disputeLost, 0),
    (.chargedBack, .disputeWon, 0),
    (.failed, .failed, 0),
    (.canceled, .canceled, 0),
    (.expired, .expired, 0),
  ]

  @Test("a late or repeated observation changes nothing", arguments: Self.lateObservations)
  func lateObservation(late: (PaymentState, PaymentObservation, Int64)) {
    let (state, observation, refunded) = late
    #expect(Self.next(state, observation, refunded: refunded) == nil)
  }

  @Test("Stripe: a FAILED attempt stays payable, so FAILED becomes PROCESSING or SUCCEEDED when Stripe says so")
  func stripeFailedThenSucceeded() {
    #expect(Self.next(.failed, .succeeded) == .succeeded)
    #expect(Self.next(.failed, .processing) == .processing)
    #expect(Self.apply([.failed, .processing, .succeeded], from: .open, refunded: 0) == .succeeded)
    // …but a success is never undone by a late failure.
    #expect(Self.next(.succeeded, .failed) == nil)
  }

  // MARK: Refunds and disputes

  static let refundSums: [(Int64, PaymentState?)] = [
    (0, nil), (1, .partiallyRefunded), (999, .partiallyRefunded), (1000, .refunded), (1500, .refunded),
  ]

  @Test("refunds move SUCCEEDED by the refunded total: none, part, all (or more)", arguments: Self.refundSums)
  func refundsBySum(refunded: Int64, expected: PaymentState?) {
    #expect(Self.next(.succeeded, .refundsChanged, refunded: refunded) == expected)
  }

  @Test("a partially refunded payment becomes REFUNDED when the refunds reach the amount, and only then")
  func partialThenFull() {
    #expect(Self.next(.partiallyRefunded, .refundsChanged, refunded: 999) == nil)
    #expect(Self.next(.partiallyRefunded, .refundsChanged, refunded: 1000) == .refunded)
  }

  @Test("no refund moves a payment that was not received or is disputed", arguments: [PaymentState.pending, .open, .processing, .failed, .canceled, .expired, .disputed, .chargedBack, .refunded])
  func refundsOnlyWhenRefundable(state: PaymentState) {
    for refunded in [Int64(1), 400, 1000] {
      #expect(Self.next(state, .refundsChanged, refunded: refunded) == nil, "\(refunded) refunded")
    }
  }

  @Test("a dispute opens on a received payment; won, it goes back by the refunded total; lost, it is CHARGED_BACK")
  func disputes() {
    #expect(Self.next(.succeeded, .disputeOpened) == .disputed)
    #expect(Self.next(.partiallyRefunded, .disputeOpened, refunded: 400) == .disputed)
    #expect(Self.next(.disputed, .disputeWon, refunded: 0) == .succeeded)
    #expect(Self.next(.disputed, .disputeWon, refunded: 400) == .partiallyRefunded)
    #expect(Self.next(.disputed, .disputeLost) == .chargedBack)
    #expect(Self.apply([.succeeded, .disputeOpened, .disputeWon], from: .open, refunded: 0) == .succeeded)
    #expect(Self.apply([.succeeded, .disputeOpened, .disputeLost], from: .open, refunded: 0) == .chargedBack)
    // A dispute cannot be won or lost before it was opened.
    #expect(Self.next(.succeeded, .disputeWon) == nil)
    #expect(Self.next(.succeeded, .disputeLost) == nil)
    #expect(Self.next(.open, .disputeOpened) == nil)
  }

  // MARK: Final states

  @Test("CANCELED, EXPIRED and CHARGED_BACK accept no observation at all", arguments: [PaymentState.canceled, .expired, .chargedBack])
  func finalStates(state: PaymentState) {
    for observation in Self.observations {
      for refunded in Self.refundedTotals {
        #expect(Self.next(state, observation, refunded: refunded) == nil, "\(observation) with \(refunded) refunded")
      }
    }
  }

  @Test("REFUNDED accepts only a dispute; FAILED only what Stripe may still say (processing, succeeded, canceled, expired)")
  func almostFinalStates() {
    for observation in Self.observations {
      let refunded = Self.next(.refunded, observation, refunded: 1000)
      let expectedForRefunded: PaymentState? = observation == .disputeOpened ? .disputed : nil
      #expect(refunded == expectedForRefunded, "\(observation) on REFUNDED")
      let failed = Self.next(.failed, observation)
      let expected: PaymentState? =
        switch observation {
        case .processing: .processing
        case .succeeded: .succeeded
        case .canceled: .canceled
        case .expired: .expired
        default: nil
        }
      #expect(failed == expected, "\(observation) on FAILED")
    }
  }

  // MARK: Order does not matter

  struct Shuffle: Sendable, CustomTestStringConvertible {
    var observations: [PaymentObservation]
    var start: PaymentState
    var refunded: Int64
    var expected: PaymentState
    var testDescription: String {
      "\(self.observations) from \(self.start.name) with \(self.refunded) refunded → \(self.expected.name)"
    }
  }

  @Test(
    "every order of the same observations (and delivering them all again) ends in the same status as the ordered one",
    arguments: [
      Shuffle(observations: [.checkoutCreated, .processing, .succeeded, .refundsChanged], start: .pending, refunded: 0, expected: .succeeded),
      Shuffle(
        observations: [.checkoutCreated, .processing, .succeeded, .refundsChanged], start: .pending, refunded: 400,
        expected: .partiallyRefunded),
      Shuffle(observations: [.checkoutCreated, .processing, .succeeded, .refundsChanged], start: .pending, refunded: 1000, expected: .refunded),
      Shuffle(observations: [.failed, .processing, .succeeded], start: .open, refunded: 0, expected: .succeeded),
      Shuffle(observations: [.processing, .succeeded, .refundsChanged], start: .open, refunded: 400, expected: .partiallyRefunded),
    ]
  )
  func orderDoesNotMatter(shuffle: Shuffle) {
    let ordered = Self.apply(shuffle.observations, from: shuffle.start, refunded: shuffle.refunded)
    #expect(ordered == shuffle.expected)
    let orders = Self.permutations(shuffle.observations)
    #expect(orders.count == (1...shuffle.observations.count).reduce(1, *))
    for order in orders {
      #expect(Self.apply(order, from: shuffle.start, refunded: shuffle.refunded) == ordered, "\(order)")
      #expect(Self.apply(order + order.reversed(), from: shuffle.start, refunded: shuffle.refunded) == ordered, "\(order) twice")
    }
  }
}

@Suite("refund lifecycle")
struct RefundLifecycleTests {
  @Test("a refund moves forwards only: PENDING → PROCESSING → SUCCEEDED | FAILED | CANCELED")
  func forwards() {
    #expect(RefundState.pending.next(.processing) == .processing)
    #expect(RefundState.processing.next(.succeeded) == .succeeded)
    #expect(RefundState.processing.next(.failed) == .failed)
    #expect(RefundState.processing.next(.canceled) == .canceled)
    #expect(RefundState.pending.next(.succeeded) == .succeeded)
  }

  @Test("a repeated or late refund status changes nothing")
  func neverBackwards() {
    #expect(RefundState.pending.next(.pending) == nil)
    #expect(RefundState.processing.next(.processing) == nil)
    #expect(RefundState.processing.next(.pending) == nil)
  }

  @Test("a final refund status accepts nothing", arguments: [RefundState.succeeded, .failed, .canceled])
  func finalStatus(state: RefundState) {
    #expect(state.isFinal)
    for observed in RefundState.allCases {
      #expect(state.next(observed) == nil, "\(observed)")
    }
  }

  @Test("PENDING and PROCESSING are not final")
  func notFinal() {
    #expect(!RefundState.pending.isFinal)
    #expect(!RefundState.processing.isFinal)
  }
}

@Suite("booking payment summary")
struct BookingPaymentSummaryTests {
  typealias Entry = BookingPaymentSummary.Entry

  static func entry(_ state: PaymentState, _ amount: Int64, refunded: Int64 = 0, chargedBack: Int64 = 0) -> Entry {
    Entry(state: state, amount: amount, refunded: refunded, chargedBack: chargedBack)
  }

  struct Mix: Sendable, CustomTestStringConvertible {
    var name: String
    var total: Int64 = 10_000
    var deposit: Int64 = 3_000
    var payments: [Entry]
    var received: Int64
    var refunded: Int64 = 0
    var chargedBack: Int64 = 0
    var netPaid: Int64
    var outstanding: Int64
    var inProgress: Int64 = 0
    var level: BookingPaymentSummary.Level
    var testDescription: String { self.name }
  }

  /// The security deposit is asked beside the total (payment.proto: outstanding = total +
  /// deposit_required − net_paid); most mixes ask 100.00 and a 30.00 deposit, 130.00 in all.
  static let mixes: [Mix] = [
    Mix(name: "no payments", payments: [], received: 0, netPaid: 0, outstanding: 13_000, level: .unpaid),
    Mix(
      name: "only unfinished, failed, canceled and expired payments",
      payments: [
        Self.entry(.pending, 2_000), Self.entry(.open, 3_000), Self.entry(.processing, 1_000), Self.entry(.failed, 4_000),
        Self.entry(.canceled, 500), Self.entry(.expired, 700),
      ],
      received: 0, netPaid: 0, outstanding: 13_000, inProgress: 6_000, level: .unpaid),
    Mix(
      name: "the deposit paid", payments: [Self.entry(.succeeded, 3_000)], received: 3_000, netPaid: 3_000, outstanding: 10_000,
      level: .depositPaid),
    Mix(
      name: "less than the deposit, more on its way", payments: [Self.entry(.succeeded, 1_000), Self.entry(.open, 2_000)],
      received: 1_000, netPaid: 1_000, outstanding: 12_000, inProgress: 2_000, level: .partiallyPaid),
    Mix(
      name: "part paid, no deposit asked", deposit: 0, payments: [Self.entry(.succeeded, 4_000)], received: 4_000, netPaid: 4_000,
      outstanding: 6_000, level: .partiallyPaid),
    Mix(
      name: "the total paid but not the deposit", payments: [Self.entry(.succeeded, 10_000)], received: 10_000, netPaid: 10_000,
      outstanding: 3_000, level: .depositPaid),
    Mix(
      name: "total and deposit paid in two payments", payments: [Self.entry(.succeeded, 3_000), Self.entry(.succeeded, 10_000)],
      received: 13_000, netPaid: 13_000, outstanding: 0, level: .paid),
    Mix(
      name: "overpaid", payments: [Self.entry(.succeeded, 6_000), Self.entry(.succeeded, 8_000)], received: 14_000, netPaid: 14_000,
      outstanding: -1_000, level: .overpaid),
    Mix(
      name: "fully refunded", payments: [Self.entry(.refunded, 10_000, refunded: 10_000)], received: 10_000, refunded: 10_000,
      netPaid: 0, outstanding: 13_000, level: .refunded),
    Mix(
      name: "refunded once, then paid in full", payments: [Self.entry(.refunded, 5_000, refunded: 5_000), Self.entry(.succeeded, 13_000)],
      received: 18_000, refunded: 5_000, netPaid: 13_000, outstanding: 0, level: .paid),
    Mix(
      name: "partially refunded, still above the deposit", total: 8_000, deposit: 5_000,
      payments: [Self.entry(.partiallyRefunded, 8_000, refunded: 3_000)], received: 8_000, refunded: 3_000, netPaid: 5_000,
      outstanding: 8_000, level: .depositPaid),
    Mix(
      name: "one payment charged back, another received",
      payments: [Self.entry(.chargedBack, 4_000, chargedBack: 4_000), Self.entry(.succeeded, 2_000)], received: 6_000,
      chargedBack: 4_000, netPaid: 2_000, outstanding: 11_000, level: .partiallyPaid),
    Mix(
      name: "a disputed payment still counts as received", deposit: 0, payments: [Self.entry(.disputed, 10_000)], received: 10_000,
      netPaid: 10_000, outstanding: 0, level: .paid),
  ]

  @Test("the security deposit is asked beside the total: due is their sum, and only paying both is PAID")
  func depositBesideTheTotal() {
    let nothing = BookingPaymentSummary(total: 10_000, depositRequired: 3_000, payments: [])
    #expect(nothing.due == 13_000)
    #expect(nothing.outstanding == 13_000)
    let totalOnly = BookingPaymentSummary(total: 10_000, depositRequired: 3_000, payments: [Self.entry(.succeeded, 10_000)])
    #expect(totalOnly.level != .paid)
    #expect(totalOnly.outstanding == 3_000)
    let both = BookingPaymentSummary(total: 10_000, depositRequired: 3_000, payments: [Self.entry(.succeeded, 13_000)])
    #expect(both.level == .paid)
    #expect(both.outstanding == 0)
  }

  @Test("received, refunded, charged back, net paid, outstanding, in progress and level of a mix of payments", arguments: Self.mixes)
  func mix(mix: Mix) {
    let summary = BookingPaymentSummary(total: mix.total, depositRequired: mix.deposit, payments: mix.payments)
    #expect(summary.received == mix.received)
    #expect(summary.refunded == mix.refunded)
    #expect(summary.chargedBack == mix.chargedBack)
    #expect(summary.netPaid == mix.netPaid)
    #expect(summary.outstanding == mix.outstanding)
    #expect(summary.inProgress == mix.inProgress)
    #expect(summary.level == mix.level)
  }

  @Test("nothing is counted twice: a REFUNDED payment counts its amount in received and its refund in refunded, once each")
  func refundedCountsOnce() {
    let one = BookingPaymentSummary(total: 5_000, depositRequired: 0, payments: [Self.entry(.refunded, 5_000, refunded: 5_000)])
    #expect(one.received == 5_000)
    #expect(one.refunded == 5_000)
    #expect(one.netPaid == 0)
    #expect(one.inProgress == 0)
    #expect(one.outstanding == 5_000)
    // Two such payments count exactly twice as much, no more.
    let two = BookingPaymentSummary(
      total: 5_000, depositRequired: 0, payments: [Self.entry(.refunded, 5_000, refunded: 5_000), Self.entry(.refunded, 5_000, refunded: 5_000)])
    #expect(two.received == 10_000)
    #expect(two.refunded == 10_000)
    #expect(two.netPaid == 0)
  }

  /// Written out, not taken from PaymentState.
  static let receivedStates: Set<PaymentState> = [.succeeded, .partiallyRefunded, .refunded, .disputed, .chargedBack]
  static let inProgressStates: Set<PaymentState> = [.pending, .open, .processing]

  @Test("each status counts a payment's amount in received, in progress, or nowhere: never in two", arguments: PaymentState.allCases)
  func eachStatusCountsOnce(state: PaymentState) {
    let summary = BookingPaymentSummary(
      total: 10_000, depositRequired: 0, payments: [Self.entry(state, 1_000, refunded: 300, chargedBack: 200)])
    let isReceived = Self.receivedStates.contains(state)
    #expect(summary.received == (isReceived ? 1_000 : 0))
    #expect(summary.refunded == (isReceived ? 300 : 0))
    #expect(summary.chargedBack == (isReceived ? 200 : 0))
    #expect(summary.inProgress == (Self.inProgressStates.contains(state) ? 1_000 : 0))
    #expect(summary.netPaid == (isReceived ? 500 : 0))
  }

  @Test("a booking's numbers are the sums of its payments' numbers")
  func additive() {
    let payments = Self.mixes.flatMap(\.payments)
    let whole = BookingPaymentSummary(total: 10_000, depositRequired: 0, payments: payments)
    let parts = payments.map { BookingPaymentSummary(total: 10_000, depositRequired: 0, payments: [$0]) }
    #expect(whole.received == parts.map(\.received).reduce(0, +))
    #expect(whole.refunded == parts.map(\.refunded).reduce(0, +))
    #expect(whole.chargedBack == parts.map(\.chargedBack).reduce(0, +))
    #expect(whole.inProgress == parts.map(\.inProgress).reduce(0, +))
  }
}
