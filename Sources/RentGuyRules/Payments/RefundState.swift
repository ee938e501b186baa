/// A refund's status, as `payment.v1.RefundStatus` numbers it. It only moves forwards:
/// PENDING → PROCESSING → SUCCEEDED | FAILED | CANCELED.
public enum RefundState: Int, Sendable, CaseIterable {
  case pending = 1
  case processing = 2
  case succeeded = 3
  case failed = 4
  case canceled = 5

  public var isFinal: Bool { self.rawValue >= 3 }

  /// The status after the provider said `observed`, or nil when that changes nothing.
  public func next(_ observed: RefundState) -> RefundState? {
    guard !self.isFinal, observed != self, observed.rawValue > self.rawValue else { return nil }
    return observed
  }
}
