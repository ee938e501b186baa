import GRPCCore

/// The request headers of one stream, collected field by field as nghttp2 decodes them, then
/// validated against gRPC's PROTOCOL-HTTP2 once the header block is complete.
struct RequestHead {
  /// What the stream's request headers decided.
  enum Verdict {
    /// A valid gRPC request.
    case accept(Accepted)
    /// Not a valid gRPC request: answer with this header block (END_STREAM, no body).
    case reject(HeaderList)
  }

  struct Accepted {
    var descriptor: MethodDescriptor
    var metadata: Metadata
    /// The request's messages may be gzip-compressed.
    var requestGzip: Bool
    /// The client accepts gzip-compressed responses.
    var acceptsGzip: Bool
    /// The RPC's deadline, from `grpc-timeout`.
    var timeout: Duration?
  }

  private(set) var method: String?
  private(set) var path: String?
  private var contentType: String?
  private var encoding: String?
  private var acceptEncoding: String?
  private var timeout: String?
  private var metadata = Metadata()
  private var invalidBinaryKey: String?
  private(set) var budget: HeaderListBudget

  init(maxHeaderListSize: Int) {
    self.budget = HeaderListBudget(limit: maxHeaderListSize)
  }

  /// Counts a field of these lengths against the size limit before it is decoded into strings.
  /// Returns `false` once the list is over the limit: the request must be refused, and no further
  /// field is decoded.
  mutating func admit(nameLength: Int, valueLength: Int) -> Bool {
    guard self.budget.admit(nameLength: nameLength, valueLength: valueLength) else {
      self.metadata = [:]
      return false
    }
    return true
  }

  /// Adds one decoded header field (admitted by ``admit(nameLength:valueLength:)``).
  mutating func add(name: String, value: String) {
    switch name {
    case ":method": self.method = value
    case ":path": self.path = value
    case ":scheme", ":authority": break
    case "content-type":
      self.contentType = value
      self.metadata.addString(value, forKey: name)
    case "grpc-encoding": self.encoding = value
    case "grpc-timeout":
      self.timeout = value
      self.metadata.addString(value, forKey: name)
    case "grpc-accept-encoding":
      self.acceptEncoding = value
      self.metadata.addString(value, forKey: name)
    default:
      if name.hasSuffix("-bin") {
        // Values may be folded with commas; each is padded or unpadded base64.
        for part in value.split(separator: ",", omittingEmptySubsequences: false) {
          let trimmed = part.trimmingSpaces
          guard let bytes = Base64.decode(trimmed) else {
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

  /// Validates the complete header block.
  func verdict(gzipEnabled: Bool) -> Verdict {
    if self.budget.isExceeded {
      return .reject(Self.tooLarge(limit: self.budget.limit))
    }
    guard self.method == "POST" else {
      return .reject(
        ResponseHeaders.trailersOnly(
          httpStatus: 405,
          code: Status.Code.internalError.rawValue,
          message: "HTTP method \(self.method ?? "(none)") is not allowed: gRPC requires POST"
        )
      )
    }
    guard let contentType = self.contentType, Self.isGRPCContentType(contentType) else {
      return .reject(
        ResponseHeaders.trailersOnly(
          httpStatus: 415,
          code: Status.Code.internalError.rawValue,
          message: "content-type '\(self.contentType ?? "")' is not application/grpc"
        )
      )
    }
    if let key = self.invalidBinaryKey {
      return .reject(
        ResponseHeaders.trailersOnly(
          code: Status.Code.invalidArgument.rawValue,
          message: "metadata '\(key)' is not valid base64"
        )
      )
    }

    var timeout: Duration?
    if let value = self.timeout {
      guard let parsed = GRPCTimeout.parse(value) else {
        return .reject(
          ResponseHeaders.trailersOnly(
            code: Status.Code.invalidArgument.rawValue,
            message: "grpc-timeout '\(value)' is malformed: expected 1-8 digits and a unit (H, M, S, m, u, n)"
          )
        )
      }
      timeout = parsed
    }

    var requestGzip = false
    switch self.encoding {
    case nil, "identity":
      break
    case "gzip" where gzipEnabled:
      requestGzip = true
    case let other?:
      return .reject(
        ResponseHeaders.trailersOnly(
          code: Status.Code.unimplemented.rawValue,
          message: "grpc-encoding '\(other)' is not supported; supported: \(gzipEnabled ? "gzip, " : "")identity"
        )
      )
    }

    guard let path = self.path, let descriptor = Self.descriptor(fromPath: path) else {
      return .reject(
        ResponseHeaders.trailersOnly(
          code: Status.Code.unimplemented.rawValue,
          message: "path '\(self.path ?? "")' is not a gRPC method path (/package.Service/Method)"
        )
      )
    }

    let acceptsGzip =
      gzipEnabled
      && (self.acceptEncoding?.split(separator: ",").contains { $0.trimmingSpaces == "gzip" } ?? false)
    return .accept(
      Accepted(
        descriptor: descriptor,
        metadata: self.metadata,
        requestGzip: requestGzip,
        acceptsGzip: acceptsGzip,
        timeout: timeout
      )
    )
  }

  /// The answer to a request whose header list is over `limit` bytes.
  static func tooLarge(limit: Int) -> HeaderList {
    ResponseHeaders.trailersOnly(
      httpStatus: 431,
      code: Status.Code.resourceExhausted.rawValue,
      message: "request header list exceeds the limit of \(limit) bytes"
    )
  }

  /// `application/grpc`, optionally followed by `+format` or `;parameters`.
  static func isGRPCContentType(_ value: String) -> Bool {
    let prefix = "application/grpc"
    guard value.hasPrefix(prefix) else { return false }
    let rest = value.dropFirst(prefix.count)
    return rest.isEmpty || rest.first == "+" || rest.first == ";"
  }

  /// `/package.Service/Method` → descriptor.
  static func descriptor(fromPath path: String) -> MethodDescriptor? {
    guard path.first == "/" else { return nil }
    let trimmed = path.dropFirst()
    guard let slash = trimmed.lastIndex(of: "/") else { return nil }
    let service = trimmed[..<slash]
    let method = trimmed[trimmed.index(after: slash)...]
    guard !service.isEmpty, !method.isEmpty, !service.contains("/") else { return nil }
    return MethodDescriptor(fullyQualifiedService: String(service), method: String(method))
  }
}

extension Substring {
  var trimmingSpaces: Substring {
    var result = self
    while result.first == " " { result = result.dropFirst() }
    while result.last == " " { result = result.dropLast() }
    return result
  }
}
