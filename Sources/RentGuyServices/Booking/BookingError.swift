public import GRPCCore
import GRPCProtobuf
public import RentGuyProto
public import RentGuyRules
import SwiftProtobuf

/// An error of the booking domain, mapped once to a gRPC status: ErrorInfo for a reason,
/// BadRequest for a field, and the structured shortages of a refused confirmation.
public struct BookingError: Error, Sendable, RPCErrorConvertible, CustomStringConvertible {
  public var code: RPCError.Code
  public var message: String
  public var reason: Rentguy_Common_V1_ErrorReason?
  public var info: [String: String]
  public var field: String?
  /// For STOCK_SHORTAGE: what is short.
  public var shortages: [Rentguy_Booking_V1_Shortage]

  public init(
    _ code: RPCError.Code, _ message: String, reason: Rentguy_Common_V1_ErrorReason? = nil, info: [String: String] = [:],
    field: String? = nil, shortages: [Rentguy_Booking_V1_Shortage] = []
  ) {
    self.code = code
    self.message = message
    self.reason = reason
    self.info = info
    self.field = field
    self.shortages = shortages
  }

  public var description: String { "\(self.code): \(self.message)" }

  public var rpcErrorCode: RPCError.Code { self.code }
  public var rpcErrorMessage: String { self.message }
  public var rpcErrorMetadata: Metadata {
    var extra: [ErrorDetails] = []
    if !self.shortages.isEmpty, let any = try? Google_Protobuf_Any(message: Rentguy_Booking_V1_ShortageDetail.with { $0.shortages = self.shortages }) {
      extra.append(.any(any))
    }
    return IdentityError.statusMetadata(
      code: self.code, message: self.message, reason: self.reason, info: self.info, field: self.field, retryAfter: nil, extra: extra
    )
  }
}

extension BookingError {
  static func invalidArgument(_ field: String, _ rule: String) -> Self {
    Self(.invalidArgument, "\(field): \(rule)", field: field)
  }

  static func notFound(_ what: String, _ id: String) -> Self {
    Self(.notFound, "no \(what) '\(id)'")
  }

  static func versionMismatch(_ what: String, _ id: String, is version: Int64, expected: Int64) -> Self {
    Self(.aborted, "expected_version: \(what) \(id) is at version \(version), not \(expected); read it again", reason: .versionMismatch)
  }

  static func lifecycle(_ error: LifecycleError) -> Self {
    Self(.failedPrecondition, error.description, reason: error.quoteExpired ? .quoteExpired : .stateConflict, info: ["state": error.state.name])
  }

  static func shortage(_ shortages: [Rentguy_Booking_V1_Shortage]) -> Self {
    let named = shortages.map { "\($0.productName) short by \($0.missing)" }.joined(separator: ", ")
    return Self(.failedPrecondition, "not enough stock over the planning period: \(named)", reason: .stockShortage, shortages: shortages)
  }

  static func permission(_ permission: String, _ what: String) -> Self {
    Self(
      .permissionDenied, "\(what) needs the permission '\(permission)', which the caller's roles do not grant",
      reason: .permissionMissing, info: ["permission": permission]
    )
  }
}

/// A refused lifecycle transition (from RentGuyRules) is FAILED_PRECONDITION naming the state.
extension LifecycleError: RPCErrorConvertible {
  public var rpcErrorCode: RPCError.Code { BookingError.lifecycle(self).rpcErrorCode }
  public var rpcErrorMessage: String { BookingError.lifecycle(self).rpcErrorMessage }
  public var rpcErrorMetadata: Metadata { BookingError.lifecycle(self).rpcErrorMetadata }
}
