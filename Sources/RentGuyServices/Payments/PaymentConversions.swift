import RentGuyProto
import RentGuyStore
import SwiftProtobuf

extension Rentguy_Payment_V1_Payment {
  init(_ payment: StoredPayment) {
    self.init()
    self.id = payment.id
    self.bookingID = payment.bookingID
    self.provider = Rentguy_Payment_V1_PaymentProvider(rawValue: payment.provider) ?? .unspecified
    self.purpose = Rentguy_Payment_V1_PaymentPurpose(rawValue: payment.purpose) ?? .unspecified
    self.status = Rentguy_Payment_V1_PaymentStatus(rawValue: payment.status) ?? .unspecified
    self.amount = Rentguy_Common_V1_Money(minor: payment.amountMinor, currency: payment.currency)
    self.refunded = Rentguy_Common_V1_Money(minor: payment.refundedMinor, currency: payment.currency)
    self.chargedBack = Rentguy_Common_V1_Money(minor: payment.chargedBackMinor, currency: payment.currency)
    self.dispute = Rentguy_Payment_V1_DisputeStatus(rawValue: payment.dispute) ?? .unspecified
    self.description_p = payment.description
    self.providerPaymentID = payment.providerPaymentID ?? ""
    self.checkoutURL = payment.checkoutURL
    self.returnURL = payment.returnURL
    self.method = payment.method
    self.failureReason = payment.failureReason
    self.createdAt = Google_Protobuf_Timestamp(milliseconds: payment.createdAt)
    self.updatedAt = Google_Protobuf_Timestamp(milliseconds: payment.updatedAt)
    if let paidAt = payment.paidAt { self.paidAt = Google_Protobuf_Timestamp(milliseconds: paidAt) }
    if let expiresAt = payment.expiresAt { self.expiresAt = Google_Protobuf_Timestamp(milliseconds: expiresAt) }
  }
}

extension Rentguy_Payment_V1_Refund {
  init(_ refund: StoredRefund) {
    self.init()
    self.id = refund.id
    self.paymentID = refund.paymentID
    self.bookingID = refund.bookingID
    self.status = Rentguy_Payment_V1_RefundStatus(rawValue: refund.status) ?? .unspecified
    self.amount = Rentguy_Common_V1_Money(minor: refund.amountMinor, currency: refund.currency)
    self.reason = refund.reason
    self.providerRefundID = refund.providerRefundID ?? ""
    self.failureReason = refund.failureReason
    self.createdAt = Google_Protobuf_Timestamp(milliseconds: refund.createdAt)
    self.updatedAt = Google_Protobuf_Timestamp(milliseconds: refund.updatedAt)
  }
}
