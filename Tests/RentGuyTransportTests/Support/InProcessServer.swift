import Foundation
import RentGuyTestSupport
import GRPCCore
import NIOCore
import RentGuyInterop
import RentGuyTransport

/// Runs the interop service on an in-process `NGHTTP2ServerTransport` for the duration of `body`.
func withInteropServer<Result: Sendable>(
  address: NGHTTP2ServerTransport.Address = .host("127.0.0.1", port: 0),
  security: NGHTTP2ServerTransport.Security = .plaintext,
  config: NGHTTP2ServerTransport.Config = .defaults,
  _ body: (NGHTTP2ServerTransport, SocketAddress) async throws -> Result
) async throws -> Result {
  let transport = try NGHTTP2ServerTransport(address: address, security: security, config: config)
  let server = GRPCServer(transport: transport, services: [InteropTestService()])
  return try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await server.serve() }
    defer { server.beginGracefulShutdown() }
    let bound = try await transport.listeningAddress
    return try await body(transport, bound)
  }
}

/// Runs `body` with a client on an `NGHTTP2ClientTransport`.
func withInteropClient<Result: Sendable>(
  target: NGHTTP2ClientTransport.Target,
  security: ClientSecurity = .plaintext,
  config: NGHTTP2ClientTransport.Config = .defaults,
  _ body: (GRPCClient<NGHTTP2ClientTransport>) async throws -> Result
) async throws -> Result {
  let transport = try NGHTTP2ClientTransport(target: target, security: security, config: config)
  return try await withGRPCClient(transport: transport) { client in
    try await body(client)
  }
}

/// A throwaway PKI made by Tests/peers/make_certs.sh.
struct TestCertificates: Sendable {
  let directory: String

  static func make() async throws -> TestCertificates {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("rentguy-certs-\(UUID().uuidString)").path
    let result = try await Subprocess.run("/bin/bash", [TestEnvironment.peerScript("make_certs.sh"), directory])
    guard result.status == 0 else { throw CertificateError(output: result.output) }
    return TestCertificates(directory: directory)
  }

  func path(_ name: String) -> String { self.directory + "/" + name }

  var server: ServerTLSConfig {
    ServerTLSConfig(certificateChainPath: self.path("server.pem"), privateKeyPath: self.path("server.key"))
  }

  struct CertificateError: Error {
    var output: String
  }
}
