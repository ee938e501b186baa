import Foundation

/// The Stripe objects the mock keeps (rendered to JSON by ``StripeObjects``).
enum StripeRecords {
  struct LineItem: Sendable {
    var name: String
    var unitAmount: Int
    var quantity: Int
  }

  struct CheckoutSession: Sendable {
    var id: String
    var created: Int
    var expiresAt: Int
    /// `open`, `complete` or `expired`.
    var status: String
    /// `unpaid` or `paid`.
    var paymentStatus: String
    var currency: String
    var lineItems: [LineItem]
    var successURL: String?
    var cancelURL: String?
    var clientReferenceID: String?
    var metadata: [String: String]
    var paymentIntentMetadata: [String: String]
    var paymentIntentID: String?
    var url: String

    var amountTotal: Int { self.lineItems.reduce(0) { $0 + $1.unitAmount * $1.quantity } }
  }

  struct PaymentIntent: Sendable {
    var id: String
    var created: Int
    var amount: Int
    var currency: String
    /// `requires_payment_method`, `processing`, `succeeded` or `canceled`.
    var status: String
    var metadata: [String: String]
    var amountReceived = 0
    var latestChargeID: String?
    var checkoutSessionID: String
    var lastPaymentError: String?
    var canceledAt: Int?
  }

  struct Charge: Sendable {
    var id: String
    var created: Int
    var amount: Int
    var currency: String
    var paymentIntentID: String
    /// `pending`, `succeeded` or `failed`.
    var status: String
    var amountRefunded = 0
    var refundIDs: [String] = []
    var disputed = false
    var failureMessage: String?
  }

  struct Refund: Sendable {
    var id: String
    var created: Int
    var amount: Int
    var currency: String
    var chargeID: String
    var paymentIntentID: String
    /// `pending`, `succeeded` or `failed`.
    var status: String
    var metadata: [String: String]
    var reason: String?
  }

  struct Dispute: Sendable {
    var id: String
    var created: Int
    var amount: Int
    var currency: String
    var chargeID: String
    var paymentIntentID: String
    /// `needs_response`, `won` or `lost`.
    var status: String
  }

  /// The API request an event came from (`event.request`).
  struct RequestInfo: Sendable {
    var id: String?
    var idempotencyKey: String?
  }
}
