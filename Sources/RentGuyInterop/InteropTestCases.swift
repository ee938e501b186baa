public import GRPCCore
import Foundation
import SwiftProtobuf

/// The client side of the standard interop cases (grpc/grpc `doc/interop-test-descriptions.md`),
/// for any GRPCCore client transport.
public enum InteropTestCase: String, CaseIterable, Sendable {
  case emptyUnary = "empty_unary"
  case largeUnary = "large_unary"
  case clientStreaming = "client_streaming"
  case serverStreaming = "server_streaming"
  case pingPong = "ping_pong"
  case emptyStream = "empty_stream"
  case timeoutOnSleepingServer = "timeout_on_sleeping_server"
  case cancelAfterBegin = "cancel_after_begin"
  case cancelAfterFirstResponse = "cancel_after_first_response"
  case statusCodeAndMessage = "status_code_and_message"
  case specialStatusMessage = "special_status_message"
  case customMetadata = "custom_metadata"
  case unimplementedMethod = "unimplemented_method"
  case unimplementedService = "unimplemented_service"
  case clientCompressedUnary = "client_compressed_unary"
  case serverCompressedUnary = "server_compressed_unary"

  /// A failed expectation of a case.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Runs the case against the server behind `client`; throws ``Failure`` (or the RPC's error).
  ///
  /// - Parameter serverVerifiesCompression: whether the server can tell a compressed request from
  ///   an uncompressed one (client_compressed_unary's probe step). grpcio's Python server cannot:
  ///   grpc-encoding is not visible to its handlers.
  public func run<Transport: ClientTransport>(
    with client: GRPCClient<Transport>,
    serverVerifiesCompression: Bool = true
  ) async throws {
    let stub = Grpc_Testing_TestService.Client(wrapping: client)
    switch self {
    case .emptyUnary:
      _ = try await stub.emptyCall(Grpc_Testing_Empty())

    case .largeUnary:
      let response = try await stub.unaryCall(Self.simpleRequest())
      try Self.check(response.payload.body.count == 314_159, "response payload \(response.payload.body.count) bytes")

    case .clientStreaming:
      let sizes = [27182, 8, 1828, 45904]
      let request = StreamingClientRequest(of: Grpc_Testing_StreamingInputCallRequest.self) { writer in
        for size in sizes {
          var message = Grpc_Testing_StreamingInputCallRequest()
          message.payload = Self.payload(size)
          try await writer.write(message)
        }
      }
      let response = try await stub.streamingInputCall(request: request)
      try Self.check(response.aggregatedPayloadSize == 74922, "aggregated \(response.aggregatedPayloadSize)")

    case .serverStreaming:
      let sizes = [31415, 9, 2653, 58979]
      var request = Grpc_Testing_StreamingOutputCallRequest()
      request.responseParameters = sizes.map { Self.parameters(size: $0) }
      let received = try await stub.streamingOutputCall(request) { response in
        try await response.messages.reduce(into: [Int]()) { $0.append($1.payload.body.count) }
      }
      try Self.check(received == sizes, "received sizes \(received)")

    case .pingPong:
      try await self.pingPong(stub)

    case .emptyStream:
      let request = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self) { _ in }
      let count = try await stub.fullDuplexCall(request: request) { response in
        try await response.messages.reduce(0) { count, _ in count + 1 }
      }
      try Self.check(count == 0, "\(count) responses to an empty stream")

    case .timeoutOnSleepingServer:
      var options = CallOptions.defaults
      options.timeout = .milliseconds(1)
      let request = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self) { writer in
        var message = Grpc_Testing_StreamingOutputCallRequest()
        message.payload = Self.payload(27182)
        try await writer.write(message)
        try await Task.sleep(for: .seconds(5))
      }
      try await Self.expect(.deadlineExceeded) {
        try await stub.fullDuplexCall(request: request, options: options) { response in
          for try await _ in response.messages {}
        }
      }

    case .cancelAfterBegin:
      let task = Task {
        let request = StreamingClientRequest(of: Grpc_Testing_StreamingInputCallRequest.self) { _ in
          try await Task.sleep(for: .seconds(10))
        }
        return try await stub.streamingInputCall(request: request)
      }
      try await Task.sleep(for: .milliseconds(100))
      task.cancel()
      try await Self.expectCancelled { _ = try await task.value }

    case .cancelAfterFirstResponse:
      let (firstResponse, signal) = AsyncStream.makeStream(of: Void.self)
      let task = Task {
        let request = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self) { writer in
          var message = Grpc_Testing_StreamingOutputCallRequest()
          message.responseParameters = [Self.parameters(size: 31415)]
          message.payload = Self.payload(27182)
          try await writer.write(message)
          try await Task.sleep(for: .seconds(10))
        }
        try await stub.fullDuplexCall(request: request) { response in
          for try await _ in response.messages { signal.yield() }
        }
      }
      for await _ in firstResponse { break }
      task.cancel()
      try await Self.expectCancelled { try await task.value }

    case .statusCodeAndMessage:
      try await self.expectEchoedStatus(stub, message: "test status message", alsoStreaming: true)

    case .specialStatusMessage:
      try await self.expectEchoedStatus(
        stub,
        message: "\t\ntest with whitespace\r\nand Unicode BMP \u{263A} and non-BMP \u{1F608}\t\n",
        alsoStreaming: false
      )

    case .customMetadata:
      try await self.customMetadata(stub)

    case .unimplementedMethod:
      try await Self.expect(.unimplemented) { _ = try await stub.unimplementedCall(Grpc_Testing_Empty()) }

    case .unimplementedService:
      let other = Grpc_Testing_UnimplementedService.Client(wrapping: client)
      try await Self.expect(.unimplemented) { _ = try await other.unimplementedCall(Grpc_Testing_Empty()) }

    case .clientCompressedUnary:
      var probe = Self.simpleRequest()
      probe.expectCompressed = Grpc_Testing_BoolValue.with { $0.value = true }
      if serverVerifiesCompression {
        try await Self.expect(.invalidArgument) { _ = try await stub.unaryCall(probe) }
      }
      var compressed = CallOptions.defaults
      compressed.compression = .gzip
      let response = try await stub.unaryCall(probe, options: compressed)
      try Self.check(response.payload.body.count == 314_159, "compressed request: wrong response size")
      let plain = try await stub.unaryCall(Self.simpleRequest())
      try Self.check(plain.payload.body.count == 314_159, "uncompressed request: wrong response size")

    case .serverCompressedUnary:
      for compressed in [true, false] {
        var request = Self.simpleRequest()
        request.responseCompressed = Grpc_Testing_BoolValue.with { $0.value = compressed }
        let response = try await stub.unaryCall(request)
        try Self.check(response.payload.body.count == 314_159, "compressed=\(compressed): wrong response size")
      }
    }
  }

  // MARK: - Cases with more steps

  private func pingPong<Transport: ClientTransport>(_ stub: Grpc_Testing_TestService.Client<Transport>) async throws {
    let pairs = [(27182, 31415), (8, 9), (1828, 2653), (45904, 58979)]
    let (responses, responded) = AsyncStream.makeStream(of: Int.self)
    let request = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self) { writer in
      var iterator = responses.makeAsyncIterator()
      for (requestSize, responseSize) in pairs {
        var message = Grpc_Testing_StreamingOutputCallRequest()
        message.responseParameters = [Self.parameters(size: responseSize)]
        message.payload = Self.payload(requestSize)
        try await writer.write(message)
        _ = await iterator.next()  // wait for its response before the next request
      }
    }
    let sizes = try await stub.fullDuplexCall(request: request) { response in
      var sizes: [Int] = []
      for try await message in response.messages {
        sizes.append(message.payload.body.count)
        responded.yield(message.payload.body.count)
      }
      return sizes
    }
    try Self.check(sizes == pairs.map(\.1), "response sizes \(sizes)")
  }

  private func expectEchoedStatus<Transport: ClientTransport>(
    _ stub: Grpc_Testing_TestService.Client<Transport>,
    message: String,
    alsoStreaming: Bool
  ) async throws {
    let status = Grpc_Testing_EchoStatus.with {
      $0.code = 2
      $0.message = message
    }
    var request = Grpc_Testing_SimpleRequest()
    request.responseStatus = status
    try await Self.expect(.unknown, message: message) { _ = try await stub.unaryCall(request) }
    guard alsoStreaming else { return }
    let streaming = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self) { writer in
      var message = Grpc_Testing_StreamingOutputCallRequest()
      message.responseStatus = status
      try await writer.write(message)
    }
    try await Self.expect(.unknown, message: message) {
      try await stub.fullDuplexCall(request: streaming) { response in
        for try await _ in response.messages {}
      }
    }
  }

  private func customMetadata<Transport: ClientTransport>(_ stub: Grpc_Testing_TestService.Client<Transport>) async throws {
    let initialKey = "x-grpc-test-echo-initial"
    let trailingKey = "x-grpc-test-echo-trailing-bin"
    var metadata = Metadata()
    metadata.addString("test_initial_metadata_value", forKey: initialKey)
    metadata.addBinary([0xAB, 0xAB, 0xAB], forKey: trailingKey)

    let unary = ClientRequest(message: Self.simpleRequest(), metadata: metadata)
    let (initial, trailing) = try await stub.unaryCall(request: unary) { response in
      _ = try response.message
      return (Array(response.metadata[stringValues: initialKey]), Array(response.trailingMetadata[binaryValues: trailingKey]))
    }
    try Self.check(initial == ["test_initial_metadata_value"], "unary initial metadata \(initial)")
    try Self.check(trailing == [[0xAB, 0xAB, 0xAB]], "unary trailing metadata \(trailing)")

    let streaming = StreamingClientRequest(of: Grpc_Testing_StreamingOutputCallRequest.self, metadata: metadata) { writer in
      var message = Grpc_Testing_StreamingOutputCallRequest()
      message.responseParameters = [Self.parameters(size: 314_159)]
      message.payload = Self.payload(271_828)
      try await writer.write(message)
    }
    let (streamInitial, streamTrailing, count) = try await stub.fullDuplexCall(request: streaming) { response in
      var trailing: [[UInt8]] = []
      var count = 0
      for try await part in response.bodyParts {
        switch part {
        case .message: count += 1
        case .trailingMetadata(let metadata): trailing = Array(metadata[binaryValues: trailingKey])
        }
      }
      return (Array(response.metadata[stringValues: initialKey]), trailing, count)
    }
    try Self.check(count == 1, "\(count) streaming responses")
    try Self.check(streamInitial == ["test_initial_metadata_value"], "streaming initial metadata \(streamInitial)")
    try Self.check(streamTrailing == [[0xAB, 0xAB, 0xAB]], "streaming trailing metadata \(streamTrailing)")
  }

  // MARK: - Helpers

  private static func simpleRequest() -> Grpc_Testing_SimpleRequest {
    var request = Grpc_Testing_SimpleRequest()
    request.responseSize = 314_159
    request.payload = Self.payload(271_828)
    return request
  }

  private static func payload(_ size: Int) -> Grpc_Testing_Payload {
    var payload = Grpc_Testing_Payload()
    payload.body = Data(count: size)
    return payload
  }

  private static func parameters(size: Int) -> Grpc_Testing_ResponseParameters {
    var parameters = Grpc_Testing_ResponseParameters()
    parameters.size = Int32(size)
    return parameters
  }

  private static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw Failure(description: message()) }
  }

  private static func expect(
    _ code: RPCError.Code,
    message: String? = nil,
    _ body: () async throws -> Void
  ) async throws {
    do {
      try await body()
    } catch let error as RPCError {
      try Self.check(error.code == code, "expected \(code), got \(error.code): \(error.message)")
      if let message {
        try Self.check(error.message == message, "expected message \(message.debugDescription), got \(error.message.debugDescription)")
      }
      return
    }
    throw Failure(description: "expected \(code), the call succeeded")
  }

  private static func expectCancelled(_ body: () async throws -> Void) async throws {
    do {
      try await body()
    } catch let error as RPCError where error.code == .cancelled {
      return
    } catch is CancellationError {
      return
    }
    throw Failure(description: "expected the call to be cancelled, it succeeded")
  }
}
