import Foundation
import GRPCCore
import NIOCore
import RentGuyInterop
import Testing

@testable import RentGuyTransport

@Suite("client transport against the nghttp2 server, in process", .timeLimit(.minutes(5)))
struct ClientTransportTests {
  @Test("every interop case passes over TCP on IPv4 and IPv6 and over a Unix domain socket", arguments: ["ipv4", "ipv6", "unix"])
  func interopOverEveryAddressFamily(_ family: String) async throws {
    let socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("rg-\(UUID().uuidString.prefix(8)).sock").path
    let address: NGHTTP2ServerTransport.Address =
      switch family {
      case "ipv6": .host("::1", port: 0)
      case "unix": .unixDomainSocket(path: socketPath)
      default: .host("127.0.0.1", port: 0)
      }
    try await withInteropServer(address: address) { _, bound in
      let target: NGHTTP2ClientTransport.Target =
        switch family {
        case "unix": .unixDomainSocket(path: socketPath)
        case "ipv6": .host("::1", port: bound.port ?? 0)
        default: .host("127.0.0.1", port: bound.port ?? 0)
        }
      try await withInteropClient(target: target) { client in
        for testCase in InteropTestCase.allCases {
          try await testCase.run(with: client)
        }
      }
    }
  }

  @Test("an RPC fails fast with UNAVAILABLE while no server listens, then succeeds once one does")
  func reconnectsWithBackoff() async throws {
    // Find a free port, then release it.
    let port = try await withInteropServer { _, bound in bound.port ?? 0 }
    let config = NGHTTP2ClientTransport.Config.defaults { $0.connection.backoffInitial = .milliseconds(100) }
    try await withInteropClient(target: .host("127.0.0.1", port: port), config: config) { client in
      let stub = Grpc_Testing_TestService.Client(wrapping: client)
      await #expect {
        _ = try await stub.emptyCall(Grpc_Testing_Empty())
      } throws: { error in
        (error as? RPCError)?.code == .unavailable
      }
      try await withInteropServer(address: .host("127.0.0.1", port: port)) { _, _ in
        var options = CallOptions.defaults
        options.waitForReady = true
        options.timeout = .seconds(10)
        _ = try await stub.emptyCall(Grpc_Testing_Empty(), options: options)
      }
    }
  }

  @Test("after the server's GOAWAY, new RPCs go to a new connection")
  func goAwayMovesToANewConnection() async throws {
    // The server closes idle connections after 2 s with GOAWAY (long enough that a loaded
    // machine, with the whole suite running beside it, still sends its RPC on a fresh connection
    // before that connection idles out).
    let serverConfig = NGHTTP2ServerTransport.Config.defaults { $0.connection.maxIdleTime = .seconds(2) }
    try await withInteropServer(config: serverConfig) { _, bound in
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0)) { client in
        let stub = Grpc_Testing_TestService.Client(wrapping: client)
        // Each call finds the previous connection closed by the server and opens a new one.
        var succeeded = 0
        for _ in 0..<3 {
          _ = try await stub.emptyCall(Grpc_Testing_Empty())
          succeeded += 1
          try await Task.sleep(for: .milliseconds(3500))
        }
        #expect(succeeded == 3)
      }
    }
  }

  @Test("an in-flight RPC finishes when the server shuts down gracefully")
  func inFlightRPCSurvivesShutdown() async throws {
    try await withInteropServer { transport, bound in
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0)) { client in
        let stub = Grpc_Testing_TestService.Client(wrapping: client)
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = (0..<5).map { _ in
          var parameters = Grpc_Testing_ResponseParameters()
          parameters.size = 10
          parameters.intervalUs = 100_000
          return parameters
        }
        let count = try await stub.streamingOutputCall(request) { response in
          var count = 0
          for try await _ in response.messages {
            count += 1
            if count == 1 { transport.beginGracefulShutdown() }
          }
          return count
        }
        #expect(count == 5)
      }
    }
  }

  @Test("a deadline is sent as grpc-timeout and enforced by the client")
  func deadline() async throws {
    try await withInteropServer { _, bound in
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0)) { client in
        let stub = Grpc_Testing_TestService.Client(wrapping: client)
        var request = Grpc_Testing_StreamingOutputCallRequest()
        var parameters = Grpc_Testing_ResponseParameters()
        parameters.intervalUs = 5_000_000
        request.responseParameters = [parameters]
        var options = CallOptions.defaults
        options.timeout = .milliseconds(200)
        let started = ContinuousClock.now
        await #expect {
          try await stub.streamingOutputCall(request, options: options) { response in
            for try await _ in response.messages {}
          }
        } throws: { error in
          (error as? RPCError)?.code == .deadlineExceeded
        }
        // Well before the server's answer at 5 s (with room for a loaded CI machine).
        #expect(ContinuousClock.now - started < .milliseconds(4500))
      }
    }
  }

  @Test("responses larger than the client's limit fail with RESOURCE_EXHAUSTED")
  func receiveLimit() async throws {
    try await withInteropServer { _, bound in
      let config = NGHTTP2ClientTransport.Config.defaults { $0.limits.maxReceiveMessageSize = 1000 }
      try await withInteropClient(target: .host("127.0.0.1", port: bound.port ?? 0), config: config) { client in
        let stub = Grpc_Testing_TestService.Client(wrapping: client)
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 5000
        await #expect {
          _ = try await stub.unaryCall(request)
        } throws: { error in
          (error as? RPCError)?.code == .resourceExhausted
        }
        request.responseSize = 500
        _ = try await stub.unaryCall(request)
      }
    }
  }
}

@Suite("connection backoff")
struct ConnectionBackoffTests {
  @Test("delays grow by the multiplier within the jitter, up to the ceiling")
  func growth() {
    var backoff = ConnectionBackoff(initial: .seconds(1), multiplier: 2, jitter: 0.2, maximum: .seconds(5))
    let delays = (0..<6).map { _ in backoff.next() }
    let expected: [Double] = [1, 2, 4, 5, 5, 5]
    for (delay, base) in zip(delays, expected) {
      let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
      #expect(seconds >= base * 0.8 && seconds <= base * 1.2, "\(seconds) for \(base)")
    }
  }
}
