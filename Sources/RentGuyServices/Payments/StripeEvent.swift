import Foundation
import RentGuyRules

/// A Stripe event as RentGuy reads it: which payment (or refund) it concerns and what it says.
struct StripeEvent {
  var id: String
  var type: String
  /// RentGuy's payment id from metadata, when the object carries it.
  var paymentID: String?
  /// The PaymentIntent it concerns (to find the payment without metadata).
  var intentID: String?
  var observation: PaymentObservation?
  /// What to record on the payment besides the status.
  var refundedTotal: Int64?
  var dispute: (status: Int, chargedBack: Int64)?
  var failureMessage: String?
  var method: String?
  /// For refund.* events: RentGuy's refund id and the refund's status.
  var refund: (id: String?, providerID: String, state: RefundState?, failure: String)?

  /// Reads an event body; nil when it is not a Stripe event object.
  init?(json bytes: [UInt8]) {
    guard let event = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
      let id = event["id"] as? String, let type = event["type"] as? String,
      let object = (event["data"] as? [String: Any])?["object"] as? [String: Any]
    else { return nil }
    self.id = id
    self.type = type
    let metadata = object["metadata"] as? [String: String] ?? [:]
    self.paymentID = metadata["payment_id"]
    switch type {
    case "checkout.session.completed":
      self.paymentID = self.paymentID ?? object["client_reference_id"] as? String
      self.intentID = Self.reference(object["payment_intent"])
      self.observation = (object["payment_status"] as? String) == "paid" ? .succeeded : .processing
    case "checkout.session.async_payment_succeeded":
      self.intentID = Self.reference(object["payment_intent"])
      self.observation = .succeeded
    case "checkout.session.async_payment_failed":
      self.intentID = Self.reference(object["payment_intent"])
      self.observation = .failed
    case "checkout.session.expired":
      self.observation = .expired
    case "payment_intent.succeeded", "payment_intent.processing", "payment_intent.payment_failed", "payment_intent.canceled":
      self.intentID = object["id"] as? String
      self.observation =
        switch type {
        case "payment_intent.succeeded": .succeeded
        case "payment_intent.processing": .processing
        case "payment_intent.payment_failed": .failed
        default: .canceled
        }
      self.failureMessage = (object["last_payment_error"] as? [String: Any])?["message"] as? String
      self.method = (object["payment_method_types"] as? [String])?.first
    case "charge.refunded":
      self.intentID = Self.reference(object["payment_intent"])
      self.refundedTotal = (object["amount_refunded"] as? NSNumber)?.int64Value
      self.observation = .refundsChanged
    case "charge.dispute.created":
      self.intentID = Self.reference(object["payment_intent"])
      self.observation = .disputeOpened
      self.dispute = (2, 0)
    case "charge.dispute.closed":
      self.intentID = Self.reference(object["payment_intent"])
      let won = (object["status"] as? String) == "won"
      self.observation = won ? .disputeWon : .disputeLost
      self.dispute = (won ? 3 : 4, won ? 0 : (object["amount"] as? NSNumber)?.int64Value ?? 0)
    case "refund.created", "refund.updated", "refund.failed":
      let status = object["status"] as? String ?? ""
      self.refund = (
        metadata["refund_id"], object["id"] as? String ?? "", Self.refundState(status), object["failure_reason"] as? String ?? ""
      )
      self.intentID = Self.reference(object["payment_intent"])
      self.paymentID = nil
    default:
      break
    }
  }

  static func refundState(_ status: String) -> RefundState? {
    switch status {
    case "succeeded": .succeeded
    case "failed": .failed
    case "canceled": .canceled
    case "pending", "requires_action": .processing
    default: nil
    }
  }

  static func reference(_ value: Any?) -> String? {
    if let id = value as? String { return id }
    return (value as? [String: Any])?["id"] as? String
  }
}
