/// How far a booking is paid, from its payments: what counts where is in payment.proto's header
/// ("Amounts: what counts where"), so that nothing is counted twice.
public struct BookingPaymentSummary: Sendable, Equatable {
  /// One payment's numbers.
  public struct Entry: Sendable, Equatable {
    public var state: PaymentState
    public var amount: Int64
    public var refunded: Int64
    public var chargedBack: Int64

    public init(state: PaymentState, amount: Int64, refunded: Int64, chargedBack: Int64) {
      self.state = state
      self.amount = amount
      self.refunded = refunded
      self.chargedBack = chargedBack
    }
  }

  /// How far: `payment.v1.BookingPaymentState` numbers.
  public enum Level: Int, Sendable {
    case unpaid = 1
    case depositPaid = 2
    case partiallyPaid = 3
    case paid = 4
    case overpaid = 5
    case refunded = 6
  }

  public var total: Int64
  public var depositRequired: Int64
  public var received: Int64 = 0
  public var refunded: Int64 = 0
  public var chargedBack: Int64 = 0
  public var inProgress: Int64 = 0

  /// received − refunded − charged back.
  public var netPaid: Int64 { self.received - self.refunded - self.chargedBack }
  /// What is asked in all: the total and the security deposit.
  public var due: Int64 { self.total + self.depositRequired }
  /// total + deposit − net paid (negative when overpaid).
  public var outstanding: Int64 { self.due - self.netPaid }

  public var level: Level {
    let net = self.netPaid
    if net <= 0 { return self.refunded > 0 ? .refunded : .unpaid }
    if net > self.due { return .overpaid }
    if net == self.due { return .paid }
    if self.depositRequired > 0, net >= self.depositRequired { return .depositPaid }
    return .partiallyPaid
  }

  public init(total: Int64, depositRequired: Int64, payments: [Entry]) {
    self.total = total
    self.depositRequired = depositRequired
    for payment in payments {
      if payment.state.wasReceived {
        self.received += payment.amount
        self.refunded += payment.refunded
        self.chargedBack += payment.chargedBack
      } else if payment.state.isInProgress {
        self.inProgress += payment.amount
      }
    }
  }
}
