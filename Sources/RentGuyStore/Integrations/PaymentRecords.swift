/// A payment as stored (amounts in minor units, times in Unix milliseconds).
public struct StoredPayment: Sendable, Equatable {
  /// `pay_…`
  public var id: String
  public var bookingID: String
  /// payment.v1.PaymentProvider
  public var provider: Int
  /// payment.v1.PaymentPurpose
  public var purpose: Int
  /// payment.v1.PaymentStatus
  public var status: Int
  public var amountMinor: Int64
  public var currency: String
  public var refundedMinor: Int64 = 0
  public var chargedBackMinor: Int64 = 0
  /// payment.v1.DisputeStatus (1: none).
  public var dispute: Int = 1
  public var description: String
  /// Stripe: the Checkout Session (`cs_…`); Mollie: the payment (`tr_…`).
  public var providerPaymentID: String?
  /// Stripe: the PaymentIntent (`pi_…`), once known.
  public var providerIntentID: String?
  public var checkoutURL: String = ""
  public var returnURL: String
  public var method: String = ""
  public var failureReason: String = ""
  public var createdAt: Int64
  public var updatedAt: Int64
  public var paidAt: Int64?
  public var expiresAt: Int64?
  public var version: Int64 = 1

  public init(
    id: String, bookingID: String, provider: Int, purpose: Int, status: Int, amountMinor: Int64, currency: String, description: String,
    returnURL: String, createdAt: Int64
  ) {
    self.id = id
    self.bookingID = bookingID
    self.provider = provider
    self.purpose = purpose
    self.status = status
    self.amountMinor = amountMinor
    self.currency = currency
    self.description = description
    self.returnURL = returnURL
    self.createdAt = createdAt
    self.updatedAt = createdAt
  }
}

/// A refund as stored.
public struct StoredRefund: Sendable, Equatable {
  /// `rfd_…`
  public var id: String
  public var paymentID: String
  public var bookingID: String
  /// payment.v1.RefundStatus
  public var status: Int
  public var amountMinor: Int64
  public var currency: String
  public var reason: String
  public var providerRefundID: String?
  public var failureReason: String = ""
  public var createdAt: Int64
  public var updatedAt: Int64

  public init(id: String, paymentID: String, bookingID: String, status: Int, amountMinor: Int64, currency: String, reason: String, createdAt: Int64) {
    self.id = id
    self.paymentID = paymentID
    self.bookingID = bookingID
    self.status = status
    self.amountMinor = amountMinor
    self.currency = currency
    self.reason = reason
    self.createdAt = createdAt
    self.updatedAt = createdAt
  }
}
