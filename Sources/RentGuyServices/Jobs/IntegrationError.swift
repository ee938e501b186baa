public import GRPCCore
public import RentGuyProto
import RentGuyProviders
import RentGuyStore

/// An error of the integrations (payments, jobs, webhooks), mapped once to a gRPC status with the
/// same details as every other domain (ErrorInfo for a reason, BadRequest for a field).
public struct IntegrationError: Error, Sendable, RPCErrorConvertible, CustomStringConvertible {
  public var code: RPCError.Code
  public var message: String
  public var reason: Rentguy_Common_V1_ErrorReason?
  public var info: [String: String]
  public var field: String?

  public init(_ code: RPCError.Code, _ message: String, reason: Rentguy_Common_V1_ErrorReason? = nil, info: [String: String] = [:], field: String? = nil) {
    self.code = code
    self.message = message
    self.reason = reason
    self.info = info
    self.field = field
  }

  public var description: String { "\(self.code): \(self.message)" }
  public var rpcErrorCode: RPCError.Code { self.code }
  public var rpcErrorMessage: String { self.message }
  public var rpcErrorMetadata: Metadata {
    IdentityError.statusMetadata(code: self.code, message: self.message, reason: self.reason, info: self.info, field: self.field, retryAfter: nil, extra: [])
  }

  static func invalidArgument(_ field: String, _ rule: String) -> Self {
    Self(.invalidArgument, "\(field): \(rule)", field: field)
  }

  static func notFound(_ what: String, _ id: String) -> Self {
    Self(.notFound, "no \(what) '\(id)'")
  }

  static func state(_ message: String, state: String) -> Self {
    Self(.failedPrecondition, message, reason: .stateConflict, info: ["state": state])
  }

  /// A provider that could not be reached or refused, while a caller waits (CancelPayment, SyncPayment).
  static func provider(_ error: ProviderError) -> Self {
    if error.retryable { return Self(.unavailable, "\(error); nothing was changed, try again") }
    return Self(.failedPrecondition, "\(error)", reason: .stateConflict)
  }

  /// A store failure explained (not found, conflict).
  static func store(_ error: StoreError) -> Self {
    switch error.code {
    case .notFound: Self(.notFound, error.message)
    case .conflict: Self(.failedPrecondition, error.message, reason: .stateConflict)
    case .invalidArgument: Self(.invalidArgument, error.message)
    default: Self(.internalError, error.message)
    }
  }
}
