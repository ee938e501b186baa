import Foundation
import GRPCCore
import GRPCProtobuf
import NIOCore
import RentGuyInterop
import RentGuyTestSupport
import ServiceLifecycle
import SwiftProtobuf
import Testing

@testable import RentGuyTransport

/// Transport defects found in review, each proven end to end: shutdown that cannot finish, hostile
/// response headers, rich error details, and RPCs refused before the server saw them.
@Suite("transport hardening", .timeLimit(.minutes(5)))
struct TransportHardeningTests {
  static func python(_ mode: String) async throws -> InteropServerProcess {
    try await InteropServerProcess(
      executable: TestEnvironment.python,
      arguments: [TestEnvironment.peerScript("h2_server.py"), "--mode", mode, "--port", "0"]
    )
  }

  @Test("after the shutdown grace period, a handler that waits forever is cancelled and serve() returns")
  func forcedResetCancelsHandlers() async throws {
    let config = NGHTTP2ServerTransport.Config.defaults { $0.connection.shutdownGracePeriod = .milliseconds(500) }
    let transport = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 0), config: config)
    let server = GRPCServer(transport: transport, services: [InteropTestService()])
    try await withThrowingTaskGroup(of: String.self) { group in
      group.addTask {
        try await server.serve()
        return "served"
      }
      let port = try await transport.listeningAddress.port ?? 0
      group.addTask {
        // One response at once, then a handler asleep for five minutes.
        try await withInteropClient(target: .host("127.0.0.1", port: port)) { client in
          let stub = Grpc_Testing_TestService.Client(wrapping: client)
          let request = Grpc_Testing_StreamingOutputCallRequest.with {
            $0.responseParameters = [.with { $0.size = 1 }, .with { $0.size = 1; $0.intervalUs = 300_000_000 }]
          }
          _ = try? await stub.streamingOutputCall(request) { response in
            for try await _ in response.messages {}
          }
        }
        return "client"
      }
      try await Task.sleep(for: .milliseconds(500))
      let shutdownStarted = ContinuousClock.now
      server.beginGracefulShutdown()
      group.addTask {
        try await Task.sleep(for: .seconds(20))
        return "timeout"
      }
      var finished: [String] = []
      while let next = try await group.next() {
        finished.append(next)
        if next == "served" || next == "timeout" { break }
      }
      group.cancelAll()
      #expect(finished.contains("served"), "serve() had not returned 20 s after shutdown began: \(finished)")
      #expect(ContinuousClock.now - shutdownStarted < .seconds(9))
    }
  }

  @Test("a response header block of indexed repeats fails the RPC with RESOURCE_EXHAUSTED")
  func oversizedResponseHeaders() async throws {
    let server = try await Self.python("header-flood")
    try await withInteropClient(target: .host("127.0.0.1", port: server.port)) { client -> Void in
      await #expect {
        _ = try await Grpc_Testing_TestService.Client(wrapping: client).emptyCall(Grpc_Testing_Empty())
      } throws: { error in
        let error = error as? RPCError
        return error?.code == .resourceExhausted && error?.message.contains("header list") == true
      }
    }
    _ = await server.stop()
  }

  @Test("grpcio reads google.rpc.Status details (ErrorInfo, BadRequest) from our server")
  func statusDetailsToGrpcio() async throws {
    let server = try await InteropServerProcess()
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [TestEnvironment.peerScript("status_details_client.py"), "--port", "\(server.port)"]
    )
    #expect(result.status == 0 && result.output.contains("PASS status_details"), "\(result.output)")
    #expect(await server.stop() == 0)
  }

  @Test("our client reads google.rpc.Status details sent by grpcio")
  func statusDetailsFromGrpcio() async throws {
    let server = try await InteropServerProcess(
      executable: TestEnvironment.python,
      arguments: [TestEnvironment.peerScript("interop_server.py"), "--port", "0"]
    )
    do {
      try await withInteropClient(target: .host("127.0.0.1", port: server.port)) { client in
        let request = Grpc_Testing_SimpleRequest.with {
          $0.responseStatus = .with {
            $0.code = 3
            $0.message = "bad thing"
          }
        }
        do {
          _ = try await Grpc_Testing_TestService.Client(wrapping: client).unaryCall(request)
          Issue.record("the call succeeded")
        } catch let error as RPCError {
          #expect(error.code == .invalidArgument)
          let status = try error.unpackGoogleRPCStatus()
          #expect(status?.message == "bad thing")
          #expect(status?.details.compactMap(\.errorInfo).map(\.reason) == ["ECHO_STATUS"])
          #expect(status?.details.compactMap(\.badRequest).first?.violations.first?.field == "response_status")
        }
      }
    }
    _ = await server.stop()
  }

  @Test("our client reads the details our server sends")
  func statusDetailsRoundTrip() async throws {
    try await withInteropServer { _, bound in
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0)) { client in
        let request = Grpc_Testing_SimpleRequest.with {
          $0.responseStatus = .with {
            $0.code = 9
            $0.message = "not now"
          }
        }
        do {
          _ = try await Grpc_Testing_TestService.Client(wrapping: client).unaryCall(request)
          Issue.record("the call succeeded")
        } catch let error as RPCError {
          #expect(error.code == .failedPrecondition)
          let status = try error.unpackGoogleRPCStatus()
          #expect(status?.details.count == 2)
        }
      }
    }
  }

  @Test(
    "an RPC the server refused before seeing it (REFUSED_STREAM, or above a GOAWAY's last stream) is retried once, transparently",
    arguments: ["refuse-first", "goaway-first"]
  )
  func transparentRetry(_ mode: String) async throws {
    let server = try await Self.python(mode)
    try await withInteropClient(target: .host("127.0.0.1", port: server.port)) { client in
      // No retry policy: the transport alone makes the second attempt.
      _ = try await Grpc_Testing_TestService.Client(wrapping: client).emptyCall(Grpc_Testing_Empty())
    }
    _ = await server.stop()
    #expect(server.output.contains(mode == "refuse-first" ? "refused stream" : "sent goaway"), "\(server.output)")
  }

  @Test(
    "a caller that reads a finished server stream late still gets every message and the status, even after the connection closed",
    arguments: [false, true]
  )
  func slowReaderOfAFinishedStream(serverClosesIdleConnection: Bool) async throws {
    let config = NGHTTP2ServerTransport.Config.defaults {
      // Long enough that a loaded machine still sends the request before the idle close.
      if serverClosesIdleConnection { $0.connection.maxIdleTime = .seconds(2) }
    }
    try await withInteropServer(config: config) { _, bound in
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0)) { client in
        let request = Grpc_Testing_StreamingOutputCallRequest.with {
          $0.responseParameters = (0..<100).map { index in .with { $0.size = Int32(index) } }
        }
        let sizes = try await Grpc_Testing_TestService.Client(wrapping: client).streamingOutputCall(request) { response in
          // The server sends everything and ends the stream while nothing is read.
          try await Task.sleep(for: .milliseconds(3500))
          var sizes: [Int] = []
          for try await message in response.messages { sizes.append(message.payload.body.count) }
          return sizes
        }
        #expect(sizes == Array(0..<100))
      }
    }
  }

  @Test("a server that closes idle connections just as the client sends loses no RPC: each is served or retried")
  func idleCloseRacingRequests() async throws {
    // Long enough that the retry's new connection sends its request before its own idle close,
    // even on a loaded machine (one transparent retry per RPC).
    let config = NGHTTP2ServerTransport.Config.defaults { $0.connection.maxIdleTime = .seconds(2) }
    try await withInteropServer(config: config) { _, bound in
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0)) { client in
        let service = Grpc_Testing_TestService.Client(wrapping: client)
        for round in 0..<6 {
          // Around the idle time, so some requests cross the server's GOAWAY on the wire.
          try await Task.sleep(for: .milliseconds(1985 + (round % 6) * 5))
          _ = try await service.emptyCall(Grpc_Testing_Empty())
        }
      }
    }
  }
}
