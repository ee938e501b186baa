import Foundation
public import GRPCCore
import GRPCProtobuf

public import Hummingbird
import RentGuyProto
import SwiftProtobuf

/// Every unary RPC as JSON over HTTP/1.1, in the Connect protocol's unary form:
/// `POST /<package>.<Service>/<Method>` with `Content-Type: application/json` and the request in
/// the proto3 JSON mapping; 200 with the response as JSON, or a Connect error
/// (`{"code": "invalid_argument", "message": "…", "details": [...]}`) with its HTTP status.
///
/// The gateway does not run services itself: `call` hands the request's protobuf bytes to the
/// gRPC server in process, so the same service code and interceptors (authentication, access,
/// idempotency, metrics, audit) answer JSON and gRPC alike. Credentials come from the
/// `Authorization` header as on gRPC.
public struct ConnectGateway: Sendable {
  /// Calls a unary RPC: (method path without the leading slash, request bytes, metadata, deadline)
  /// → response bytes, or throws the RPC's `RPCError`.
  public typealias Call = @Sendable (String, [UInt8], Metadata, Duration) async throws -> [UInt8]

  /// The largest request body accepted.
  public static let maximumBodyBytes = 1 << 20

  private let call: Call

  public init(call: @escaping Call) {
    self.call = call
  }

  /// Adds `POST /{service}/{method}` to `router`.
  public func add<Context: RequestContext>(to router: Router<Context>) {
    router.post(":service/:method") { request, context in
      let service = context.parameters.get("service") ?? ""
      let method = context.parameters.get("method") ?? ""
      return await self.handle(path: service + "/" + method, request: request)
    }
  }

  private func handle(path: String, request: Request) async -> Response {
    guard let types = UnaryMethods.byPath[path] else {
      return Self.error(.unimplemented, "\(path) is not a unary RPC of this server")
    }
    let contentType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
    guard contentType == "application/json" else {
      return Self.error(
        .unknown, "Content-Type must be application/json (got \(contentType ?? "none"))", status: .unsupportedMediaType
      )
    }
    if let version = Self.header(request, "connect-protocol-version"), version != "1" {
      return Self.error(.invalidArgument, "Connect-Protocol-Version must be 1")
    }
    let body: ByteBuffer
    do {
      body = try await request.body.collect(upTo: Self.maximumBodyBytes)
    } catch {
      return Self.error(.resourceExhausted, "the request body is larger than \(Self.maximumBodyBytes) bytes", status: .contentTooLarge)
    }
    let message: any SwiftProtobuf.Message
    do {
      var options = JSONDecodingOptions()
      options.ignoreUnknownFields = true
      let json = body.readableBytes == 0 ? Array("{}".utf8) : Array(buffer: body)
      message = try types.request.init(jsonUTF8Bytes: json, extensions: nil, options: options)
    } catch {
      return Self.error(.invalidArgument, "the body is not a valid \(types.request.protoMessageName) in JSON: \(error)")
    }
    var metadata = Metadata()
    if let authorization = request.headers[.authorization] { metadata.addString(authorization, forKey: "authorization") }
    if let id = Self.header(request, "x-request-id") { metadata.addString(id, forKey: "x-request-id") }
    var timeout = Duration.seconds(30)
    if let text = Self.header(request, "connect-timeout-ms") {
      guard let milliseconds = Int64(text), milliseconds > 0, text.count <= 10 else {
        return Self.error(.invalidArgument, "Connect-Timeout-Ms must be a positive number of milliseconds")
      }
      timeout = .milliseconds(min(milliseconds, 300_000))
    }
    do {
      let request: [UInt8] = try message.serializedBytes()
      let bytes = try await self.call(path, request, metadata, timeout)
      let response = try types.response.init(serializedBytes: bytes, extensions: nil, partial: false, options: BinaryDecodingOptions())
      let json: [UInt8] = try response.jsonUTF8Bytes()
      return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    } catch let error as RPCError {
      return Self.error(error.code, error.message, details: Self.details(of: error))
    } catch {
      return Self.error(.internalError, "the call failed: \(error)")
    }
  }

  /// A header's value by its lower-case name.
  private static func header(_ request: Request, _ name: String) -> String? {
    request.headers.first { $0.name.canonicalName == name }?.value
  }

  // MARK: - Connect errors

  /// A Connect error response: the code's HTTP status and JSON body.
  static func error(
    _ code: RPCError.Code, _ message: String, status: HTTPResponse.Status? = nil, details: [[String: Any]] = []
  ) -> Response {
    var object: [String: Any] = ["code": Self.connectCode(code), "message": message]
    if !details.isEmpty { object["details"] = details }
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return Response(
      status: status ?? Self.httpStatus(code),
      headers: [.contentType: "application/json"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
    )
  }

  /// The Connect name of a gRPC code ("invalid_argument").
  static func connectCode(_ code: RPCError.Code) -> String {
    switch code {
    case .cancelled: "canceled"
    case .unknown: "unknown"
    case .invalidArgument: "invalid_argument"
    case .deadlineExceeded: "deadline_exceeded"
    case .notFound: "not_found"
    case .alreadyExists: "already_exists"
    case .permissionDenied: "permission_denied"
    case .resourceExhausted: "resource_exhausted"
    case .failedPrecondition: "failed_precondition"
    case .aborted: "aborted"
    case .outOfRange: "out_of_range"
    case .unimplemented: "unimplemented"
    case .internalError: "internal"
    case .unavailable: "unavailable"
    case .dataLoss: "data_loss"
    case .unauthenticated: "unauthenticated"
    default: "unknown"
    }
  }

  /// The HTTP status the Connect protocol gives a code.
  static func httpStatus(_ code: RPCError.Code) -> HTTPResponse.Status {
    switch code {
    case .cancelled: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
    case .invalidArgument, .failedPrecondition, .outOfRange: .badRequest
    case .deadlineExceeded: .gatewayTimeout
    case .notFound, .unimplemented: code == .notFound ? .notFound : .notImplemented
    case .alreadyExists, .aborted: .conflict
    case .permissionDenied: .forbidden
    case .resourceExhausted: .tooManyRequests
    case .unavailable: .serviceUnavailable
    case .unauthenticated: .unauthorized
    default: .internalServerError
    }
  }

  /// The error's `google.rpc.Status` details as Connect details: type, base64 value, and a
  /// readable `debug` for ErrorInfo and BadRequest.
  static func details(of error: RPCError) -> [[String: Any]] {
    guard let encoded = error.metadata[binaryValues: "grpc-status-details-bin"].first(where: { _ in true }) else { return [] }
    let status = try? error.unpackGoogleRPCStatus()
    var details: [[String: Any]] = []
    for (index, any) in StatusDetailsReader.anys(in: encoded).enumerated() {
      let type = any.typeURL.split(separator: "/").last.map(String.init) ?? any.typeURL
      var detail: [String: Any] = ["type": type, "value": Data(any.value).base64EncodedString()]
      if let known = status?.details[safe: index] {
        if let info = known.errorInfo {
          detail["debug"] = ["reason": info.reason, "domain": info.domain, "metadata": info.metadata]
        } else if let bad = known.badRequest {
          detail["debug"] = ["fieldViolations": bad.violations.map { ["field": $0.field, "description": $0.violationDescription] }]
        }
      }
      details.append(detail)
    }
    return details
  }
}

extension Array {
  fileprivate subscript(safe index: Int) -> Element? { self.indices.contains(index) ? self[index] : nil }
}
