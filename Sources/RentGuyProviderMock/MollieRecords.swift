import Foundation

/// The Mollie objects the mock keeps (rendered to JSON by ``MollieObjects``).
enum MollieRecords {
  struct Payment: Sendable {
    var id: String
    var createdAt: Date
    var expiresAt: Date
    /// In cents.
    var amount: Int
    var currency: String
    var description: String
    var redirectURL: String?
    var webhookURL: String?
    var metadata: JSONValue
    /// `open`, `pending`, `authorized`, `paid`, `canceled`, `expired` or `failed`.
    var status: String
    var method: String?
    var paidAt: Date?
    var authorizedAt: Date?
    var canceledAt: Date?
    var expiredAt: Date?
    var failedAt: Date?
    var amountRefunded = 0
    var amountChargedBack = 0
    var refundIDs: [String] = []
    var chargebackIDs: [String] = []

    var isCancelable: Bool { self.status == "open" || self.status == "authorized" }
    /// What can still be refunded (refunds in flight count as refunded).
    var amountRemaining: Int { max(0, self.amount - self.amountRefunded - self.amountChargedBack) }
  }

  struct Refund: Sendable {
    var id: String
    var paymentID: String
    var createdAt: Date
    var amount: Int
    var currency: String
    var description: String
    var metadata: JSONValue
    /// `queued`, `pending`, `processing`, `refunded`, `failed` or `canceled`.
    var status: String
  }
}
