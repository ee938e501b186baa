public import GRPCCore

extension Status.Code {
  /// The canonical name of the code, as the gRPC status code list spells it: "OK",
  /// "NOT_FOUND", "INTERNAL", …; "CODE_<n>" for a code gRPC doesn't define.
  public var name: String {
    switch self {
    case .ok: "OK"
    case .cancelled: "CANCELLED"
    case .unknown: "UNKNOWN"
    case .invalidArgument: "INVALID_ARGUMENT"
    case .deadlineExceeded: "DEADLINE_EXCEEDED"
    case .notFound: "NOT_FOUND"
    case .alreadyExists: "ALREADY_EXISTS"
    case .permissionDenied: "PERMISSION_DENIED"
    case .resourceExhausted: "RESOURCE_EXHAUSTED"
    case .failedPrecondition: "FAILED_PRECONDITION"
    case .aborted: "ABORTED"
    case .outOfRange: "OUT_OF_RANGE"
    case .unimplemented: "UNIMPLEMENTED"
    case .internalError: "INTERNAL"
    case .unavailable: "UNAVAILABLE"
    case .dataLoss: "DATA_LOSS"
    case .unauthenticated: "UNAUTHENTICATED"
    default: "CODE_\(rawValue)"
    }
  }
}

extension RPCError.Code {
  /// The canonical name of the code ("UNAVAILABLE", "NOT_FOUND", …).
  public var name: String { Status.Code(self).name }
}
