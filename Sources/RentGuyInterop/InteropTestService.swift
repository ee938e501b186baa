public import GRPCCore
import Foundation
import GRPCProtobuf
import RentGuyTransport

/// The standard gRPC interop service `grpc.testing.TestService`, as grpc/grpc's
/// `doc/interop-test-descriptions.md` specifies the server side.
public struct InteropTestService: Grpc_Testing_TestService.ServiceProtocol {
  static let echoInitialKey = "x-grpc-test-echo-initial"
  static let echoTrailingKey = "x-grpc-test-echo-trailing-bin"

  public init() {}

  public func emptyCall(
    request: ServerRequest<Grpc_Testing_Empty>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_Empty> {
    ServerResponse(
      message: Grpc_Testing_Empty(),
      metadata: Self.echoedInitial(request.metadata),
      trailingMetadata: Self.echoedTrailing(request.metadata)
    )
  }

  public func unaryCall(
    request: ServerRequest<Grpc_Testing_SimpleRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
    let message = request.message
    let stream = context.transportSpecific as? HTTP2ServerStreamContext
    if message.expectCompressed.value, stream?.lastRequestWasCompressed != true {
      throw RPCError(code: .invalidArgument, message: "expected a compressed request message")
    }
    if message.hasResponseStatus, message.responseStatus.code != 0 {
      throw Self.error(for: message.responseStatus, metadata: request.metadata)
    }
    stream?.compressResponses = message.responseCompressed.value

    var response = Grpc_Testing_SimpleResponse()
    response.payload = Self.payload(size: message.responseSize)
    return ServerResponse(
      message: response,
      metadata: Self.echoedInitial(request.metadata),
      trailingMetadata: Self.echoedTrailing(request.metadata)
    )
  }

  public func cacheableUnaryCall(
    request: ServerRequest<Grpc_Testing_SimpleRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
    try await self.unaryCall(request: request, context: context)
  }

  public func streamingOutputCall(
    request: ServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    let message = request.message
    let metadata = request.metadata
    let stream = context.transportSpecific as? HTTP2ServerStreamContext
    return StreamingServerResponse(metadata: Self.echoedInitial(metadata)) { writer in
      try await Self.respond(
          to: message, writer: writer, stream: stream, requestMetadata: metadata, cancellation: context.cancellation
        )
      return Self.echoedTrailing(metadata)
    }
  }

  public func streamingInputCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingInputCallRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_StreamingInputCallResponse> {
    let stream = context.transportSpecific as? HTTP2ServerStreamContext
    var total = 0
    for try await message in request.messages {
      if message.expectCompressed.value, stream?.lastRequestWasCompressed != true {
        throw RPCError(code: .invalidArgument, message: "expected a compressed request message")
      }
      total += message.payload.body.count
    }
    var response = Grpc_Testing_StreamingInputCallResponse()
    response.aggregatedPayloadSize = Int32(clamping: total)
    return ServerResponse(
      message: response,
      metadata: Self.echoedInitial(request.metadata),
      trailingMetadata: Self.echoedTrailing(request.metadata)
    )
  }

  public func fullDuplexCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    let metadata = request.metadata
    let stream = context.transportSpecific as? HTTP2ServerStreamContext
    return StreamingServerResponse(metadata: Self.echoedInitial(metadata)) { writer in
      for try await message in request.messages {
        try await Self.respond(
          to: message, writer: writer, stream: stream, requestMetadata: metadata, cancellation: context.cancellation
        )
      }
      return Self.echoedTrailing(metadata)
    }
  }

  public func halfDuplexCall(
    request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
    let metadata = request.metadata
    let stream = context.transportSpecific as? HTTP2ServerStreamContext
    return StreamingServerResponse(metadata: Self.echoedInitial(metadata)) { writer in
      var messages: [Grpc_Testing_StreamingOutputCallRequest] = []
      for try await message in request.messages {
        messages.append(message)
      }
      for message in messages {
        try await Self.respond(
          to: message, writer: writer, stream: stream, requestMetadata: metadata, cancellation: context.cancellation
        )
      }
      return Self.echoedTrailing(metadata)
    }
  }

  public func unimplementedCall(
    request: ServerRequest<Grpc_Testing_Empty>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Testing_Empty> {
    throw RPCError(code: .unimplemented, message: "grpc.testing.TestService/UnimplementedCall is not implemented")
  }

  // MARK: - Helpers

  private static func respond(
    to message: Grpc_Testing_StreamingOutputCallRequest,
    writer: RPCWriter<Grpc_Testing_StreamingOutputCallResponse>,
    stream: HTTP2ServerStreamContext?,
    requestMetadata: Metadata,
    cancellation: ServerContext.RPCCancellationHandle
  ) async throws {
    if message.hasResponseStatus, message.responseStatus.code != 0 {
      throw Self.error(for: message.responseStatus, metadata: requestMetadata)
    }
    for parameters in message.responseParameters {
      if parameters.intervalUs > 0 {
        try await Self.sleep(for: .microseconds(parameters.intervalUs), unlessCancelled: cancellation)
      }
      stream?.compressResponses = parameters.compressed.value
      var response = Grpc_Testing_StreamingOutputCallResponse()
      response.payload = Self.payload(size: parameters.size)
      try await writer.write(response)
    }
  }

  /// Sleeps, but returns early with CANCELLED when the RPC is cancelled (deadline, client reset).
  private static func sleep(for duration: Duration, unlessCancelled cancellation: ServerContext.RPCCancellationHandle) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await Task.sleep(for: duration) }
      group.addTask {
        try await cancellation.cancelled
        throw RPCError(code: .cancelled, message: "RPC cancelled")
      }
      defer { group.cancelAll() }
      try await group.next()
    }
  }

  private static func payload(size: Int32) -> Grpc_Testing_Payload {
    var payload = Grpc_Testing_Payload()
    payload.type = .compressable
    payload.body = Data(count: Int(max(size, 0)))
    return payload
  }

  /// The requested status, with rich details in `grpc-status-details-bin` (a `google.rpc.Status`
  /// with ErrorInfo and BadRequest, as `Tests/peers/interop_server.py` sends them) beside the
  /// echoed trailing metadata.
  private static func error(for status: Grpc_Testing_EchoStatus, metadata: Metadata) -> RPCError {
    let code = RPCError.Code(Status.Code(rawValue: Int(status.code)) ?? .unknown) ?? .unknown
    let details = GoogleRPCStatus(
      code: code,
      message: status.message,
      details: [
        .errorInfo(reason: "ECHO_STATUS", domain: "grpc.testing", metadata: ["code": String(status.code)]),
        .badRequest(violations: [.init(field: "response_status", description: status.message)]),
      ]
    )
    var trailing = Self.echoedTrailing(metadata)
    trailing.add(contentsOf: details.rpcErrorMetadata)
    return RPCError(code: code, message: status.message, metadata: trailing)
  }

  private static func echoedInitial(_ metadata: Metadata) -> Metadata {
    var echoed = Metadata()
    for value in metadata[Self.echoInitialKey] {
      switch value {
      case .string(let string): echoed.addString(string, forKey: Self.echoInitialKey)
      case .binary(let bytes): echoed.addBinary(bytes, forKey: Self.echoInitialKey)
      }
    }
    return echoed
  }

  private static func echoedTrailing(_ metadata: Metadata) -> Metadata {
    var echoed = Metadata()
    for value in metadata[binaryValues: Self.echoTrailingKey] {
      echoed.addBinary(value, forKey: Self.echoTrailingKey)
    }
    return echoed
  }
}
