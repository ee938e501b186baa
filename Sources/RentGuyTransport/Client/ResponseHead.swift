import GRPCCore

/// A response header block (headers or trailers) as the client collects it from nghttp2.
struct ResponseHead {
  var httpStatus: Int?
  var contentType: String?
  var grpcStatus: Int?
  var grpcMessage: String?
  var encoding: String?
  var metadata = Metadata()
  var invalidBinaryKey: String?
  private(set) var budget: HeaderListBudget

  init(maxHeaderListSize: Int) {
    self.budget = HeaderListBudget(limit: maxHeaderListSize)
  }

  /// Counts a field of these lengths against the size limit before it is decoded into strings;
  /// `false` once the block is over the limit.
  mutating func admit(nameLength: Int, valueLength: Int) -> Bool {
    self.budget.admit(nameLength: nameLength, valueLength: valueLength)
  }

  /// Adds one decoded field (admitted by ``admit(nameLength:valueLength:)``).
  mutating func add(name: String, value: String) {
    switch name {
    case ":status": self.httpStatus = Int(value)
    case "content-type": self.contentType = value
    case "grpc-status": self.grpcStatus = Int(value)
    case "grpc-message": self.grpcMessage = PercentEncoding.decode(value)
    case "grpc-encoding": self.encoding = value
    default:
      guard !name.hasPrefix(":") else { return }
      if name.hasSuffix("-bin") {
        for part in value.split(separator: ",", omittingEmptySubsequences: false) {
          guard let bytes = Base64.decode(part.trimmingSpaces) else {
            self.invalidBinaryKey = name
            return
          }
          self.metadata.addBinary(bytes, forKey: name)
        }
      } else {
        self.metadata.addString(value, forKey: name)
      }
    }
  }

  /// The status of a trailers block (or a Trailers-Only response).
  var status: Status {
    if let code = self.grpcStatus {
      guard let known = Status.Code(rawValue: code) else {
        return Status(code: .unknown, message: "unknown grpc-status \(code): \(self.grpcMessage ?? "")")
      }
      return Status(code: known, message: self.grpcMessage ?? "")
    }
    if let httpStatus = self.httpStatus, httpStatus != 200 {
      return Status(code: Self.code(forHTTPStatus: httpStatus), message: "HTTP status \(httpStatus) without grpc-status")
    }
    return Status(code: .internalError, message: "response ended without grpc-status")
  }

  /// Why response headers cannot start a gRPC response, if they cannot.
  var headersError: Status? {
    if let httpStatus = self.httpStatus, httpStatus != 200 {
      return Status(code: Self.code(forHTTPStatus: httpStatus), message: "HTTP status \(httpStatus)")
    }
    guard let contentType = self.contentType, RequestHead.isGRPCContentType(contentType) else {
      return Status(code: .unknown, message: "response content-type '\(self.contentType ?? "")' is not application/grpc")
    }
    if let key = self.invalidBinaryKey {
      return Status(code: .internalError, message: "response metadata '\(key)' is not valid base64")
    }
    return nil
  }

  /// gRPC's http-grpc-status-mapping.md.
  static func code(forHTTPStatus status: Int) -> Status.Code {
    switch status {
    case 400: .internalError
    case 401: .unauthenticated
    case 403: .permissionDenied
    case 404: .unimplemented
    case 429, 502, 503, 504: .unavailable
    default: .unknown
    }
  }
}
