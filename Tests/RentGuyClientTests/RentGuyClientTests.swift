import GRPCCore
import NIOCore
import RentGuyClient
import RentGuyProto
import RentGuyTransport
import SwiftProtobuf
import Testing

/// A health service that answers SERVING only to the expected credential, and whose Watch
/// lasts until the client goes away (to see the client's default deadline at work).
private struct CredentialCheckingHealth: Grpc_Health_V1_Health.ServiceProtocol {
  let expected: String

  func check(
    request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
    context: ServerContext
  ) async throws -> ServerResponse<Grpc_Health_V1_HealthCheckResponse> {
    let presented = Array(request.metadata[stringValues: "authorization"])
    guard presented == ["Bearer \(expected)"] else {
      throw RPCError(code: .unauthenticated, message: "presented \(presented)")
    }
    return ServerResponse(message: .with { $0.status = .serving })
  }

  func watch(
    request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>,
    context: ServerContext
  ) async throws -> StreamingServerResponse<Grpc_Health_V1_HealthCheckResponse> {
    StreamingServerResponse { writer in
      try await writer.write(.with { $0.status = .serving })
      while !context.cancellation.isCancelled { try await Task.sleep(for: .milliseconds(20)) }
      return [:]
    }
  }
}

@Suite("RentGuyClient")
struct RentGuyClientTests {
  private func withServer(_ body: (ServerAddress) async throws -> Void) async throws {
    let transport = try NGHTTP2ServerTransport(address: .host("127.0.0.1", port: 0))
    let server = GRPCServer(transport: transport, services: [CredentialCheckingHealth(expected: "rgk_secret")])
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.serve() }
      defer { server.beginGracefulShutdown() }
      let port = try await transport.listeningAddress.port ?? 0
      try await body(ServerAddress(target: .host("127.0.0.1", port: port), usesTLS: false))
    }
  }

  @Test("every call carries the configured token as a bearer credential")
  func sendsTheToken() async throws {
    try await withServer { address in
      let status = try await RentGuyClient.withClient(.defaults { $0.server = address; $0.token = "rgk_secret" }) {
        client in try await client.health.check(.with { $0.service = "" }).status
      }
      #expect(status == .serving)

      await #expect(throws: RPCError.self) {
        try await RentGuyClient.withClient(.defaults { $0.server = address }) { client in
          _ = try await client.health.check(.with { $0.service = "" })
        }
      }
    }
  }

  @Test("a call without its own deadline gets the configured default")
  func appliesTheDefaultDeadline() async throws {
    try await withServer { address in
      let configuration = ClientConfiguration.defaults {
        $0.server = address
        $0.token = "rgk_secret"
        $0.defaultTimeout = .milliseconds(500)
      }
      let start = ContinuousClock.now
      do {
        try await RentGuyClient.withClient(configuration) { client in
          try await client.health.watch(.with { $0.service = "" }) { response in
            for try await _ in response.messages {}
          }
        }
        Issue.record("the watch ended without an error")
      } catch let error as RPCError {
        #expect(error.code == .deadlineExceeded)
      }
      // Without the default the watch would never end; 30 s leaves room for a loaded CI machine.
      #expect(ContinuousClock.now - start < .seconds(30))
    }
  }
}
