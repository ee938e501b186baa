/// A payment's status, as `payment.v1.PaymentStatus` numbers it.
public enum PaymentState: Int, Sendable, CaseIterable {
  case pending = 1
  case open = 2
  case processing = 3
  case succeeded = 5
  case failed = 6
  case canceled = 7
  case expired = 8
  case partiallyRefunded = 9
  case refunded = 10
  case disputed = 11
  case chargedBack = 12

  /// The contract's name, e.g. "SUCCEEDED".
  public var name: String {
    switch self {
    case .pending: "PENDING"
    case .open: "OPEN"
    case .processing: "PROCESSING"
    case .succeeded: "SUCCEEDED"
    case .failed: "FAILED"
    case .canceled: "CANCELED"
    case .expired: "EXPIRED"
    case .partiallyRefunded: "PARTIALLY_REFUNDED"
    case .refunded: "REFUNDED"
    case .disputed: "DISPUTED"
    case .chargedBack: "CHARGED_BACK"
    }
  }

  /// The money was received (whatever happened to it afterwards): counts in a booking's `received`.
  public var wasReceived: Bool {
    [.succeeded, .partiallyRefunded, .refunded, .disputed, .chargedBack].contains(self)
  }

  /// Not paid yet, and may still be: counts in a booking's `in_progress`.
  public var isInProgress: Bool { [.pending, .open, .processing].contains(self) }

  /// Whether refunds may be asked: the money is in and not disputed.
  public var isRefundable: Bool { self == .succeeded || self == .partiallyRefunded }
}
