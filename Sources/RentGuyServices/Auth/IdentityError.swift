public import GRPCCore
import GRPCProtobuf
public import RentGuyProto

/// An error of the identity domain (sign-in, credentials, access), mapped once to a gRPC status
/// with a `google.rpc.ErrorInfo` (domain "rentguy", the contract's `ErrorReason`) and, for
/// invalid input, a `google.rpc.BadRequest`.
public struct IdentityError: Error, Sendable, RPCErrorConvertible, CustomStringConvertible {
  public var code: RPCError.Code
  public var message: String
  /// The contract's reason, if a client must tell this error apart.
  public var reason: Rentguy_Common_V1_ErrorReason?
  /// ErrorInfo metadata (e.g. "permission").
  public var info: [String: String]
  /// The field that was wrong, for INVALID_ARGUMENT.
  public var field: String?
  /// How long to wait, for RESOURCE_EXHAUSTED.
  public var retryAfter: Duration?

  public init(
    _ code: RPCError.Code,
    _ message: String,
    reason: Rentguy_Common_V1_ErrorReason? = nil,
    info: [String: String] = [:],
    field: String? = nil,
    retryAfter: Duration? = nil
  ) {
    self.code = code
    self.message = message
    self.reason = reason
    self.info = info
    self.field = field
    self.retryAfter = retryAfter
  }

  public var description: String { "\(self.code): \(self.message)" }

  // MARK: - RPCErrorConvertible

  public var rpcErrorCode: RPCError.Code { self.code }
  public var rpcErrorMessage: String { self.message }
  public var rpcErrorMetadata: Metadata {
    Self.statusMetadata(code: self.code, message: self.message, reason: self.reason, info: self.info, field: self.field, retryAfter: self.retryAfter)
  }

  /// `grpc-status-details-bin` for an error of any domain: ErrorInfo (domain "rentguy") for a
  /// reason, BadRequest for a field, RetryInfo for a delay, then `extra` details.
  static func statusMetadata(
    code: RPCError.Code, message: String, reason: Rentguy_Common_V1_ErrorReason?, info: [String: String], field: String?,
    retryAfter: Duration?, extra: [ErrorDetails] = []
  ) -> Metadata {
    var details: [ErrorDetails] = []
    if let reason {
      details.append(.errorInfo(reason: Self.name(of: reason), domain: "rentguy", metadata: info))
    }
    if let field {
      details.append(.badRequest(violations: [.init(field: field, description: message)]))
    }
    if let retryAfter {
      details.append(.retryInfo(delay: retryAfter))
    }
    details += extra
    guard !details.isEmpty else { return [:] }
    return GoogleRPCStatus(code: code, message: message, details: details).rpcErrorMetadata
  }

  /// "VERSION_MISMATCH" for `.versionMismatch`: the enum value's proto name without its
  /// `ERROR_REASON_` prefix (the generated case is its camel-case form).
  static func name(of reason: Rentguy_Common_V1_ErrorReason) -> String {
    var name = ""
    for character in String(describing: reason) {
      if character.isUppercase || (character.isNumber && !(name.last?.isNumber ?? true)) { name.append("_") }
      name.append(contentsOf: character.uppercased())
    }
    return name
  }
}

extension IdentityError {
  static func unauthenticated(_ message: String, _ reason: Rentguy_Common_V1_ErrorReason) -> Self {
    Self(.unauthenticated, message, reason: reason)
  }

  static func permissionMissing(_ permission: String, method: String) -> Self {
    Self(
      .permissionDenied,
      "\(method) needs the permission '\(permission)', which the caller's roles do not grant",
      reason: .permissionMissing,
      info: ["permission": permission]
    )
  }

  static func invalidArgument(_ field: String, _ rule: String) -> Self {
    Self(.invalidArgument, "\(field): \(rule)", field: field)
  }
}
