import Foundation
import RentGuyTestSupport
import GRPCCore
import NIOCore
import RentGuyInterop
import RentGuyTransport
import Testing

/// TLS on OpenSSL for both transports, against grpcio and each other; mTLS; ALPN; rotation.
@Suite("TLS", .timeLimit(.minutes(5)))
struct TLSTests {
  @Test("grpcio passes every interop case against rentguy-interop-server over TLS")
  func grpcioOverTLS() async throws {
    let certs = try await TestCertificates.make()
    let server = try await InteropServerProcess(extraArguments: ["--tls-cert", certs.path("server.pem"), "--tls-key", certs.path("server.key")])
    let result = try await Subprocess.run(
      TestEnvironment.python,
      [
        TestEnvironment.peerScript("interop_client.py"), "--port", "\(server.port)", "--test_case", "all",
        "--tls", "--ca-file", certs.path("ca.pem"), "--server-name", "localhost",
      ]
    )
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("16 passed, 0 failed"), "\(result.output)")
    #expect(await server.stop() == 0)
  }

  @Test("rentguy-interop-client passes every case against our server and grpcio's, plaintext and TLS", arguments: ["ours", "grpcio"], [false, true])
  func interopClient(server kind: String, tls: Bool) async throws {
    let certs = try await TestCertificates.make()
    let tlsArguments = tls ? ["--tls-cert", certs.path("server.pem"), "--tls-key", certs.path("server.key")] : []
    let server: InteropServerProcess =
      kind == "ours"
      ? try await InteropServerProcess(extraArguments: tlsArguments)
      : try await InteropServerProcess(
        executable: TestEnvironment.python,
        arguments: [TestEnvironment.peerScript("interop_server.py"), "--port", "0"] + tlsArguments
      )
    var arguments = ["--port", "\(server.port)", "--test-case", "all"]
    if tls { arguments += ["--tls", "--ca-file", certs.path("ca.pem")] }
    if kind == "grpcio" { arguments.append("--server-cannot-verify-compression") }
    let result = try await Subprocess.run(TestEnvironment.builtProduct("rentguy-interop-client"), arguments)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("16 passed, 0 failed"), "\(result.output)")
    _ = await server.stop()
  }

  @Test("mTLS admits a client with a certificate from the trusted CA and refuses the others")
  func mutualTLS() async throws {
    let certs = try await TestCertificates.make()
    var tls = certs.server
    tls.clientCertificateCAPath = certs.path("ca.pem")
    try await withInteropServer(security: .tls(tls)) { _, bound in
      let target = NGHTTP2ClientTransport.Target.host("127.0.0.1", port: bound.port ?? 0)
      func call(certificate: String?) async throws {
        let config = ClientTLSConfig(
          trustedCAPath: certs.path("ca.pem"),
          certificateChainPath: certificate.map { certs.path("\($0).pem") },
          privateKeyPath: certificate.map { certs.path("\($0).key") }
        )
        try await withInteropClient(target: target, security: .tls(config)) { client in
          _ = try await Grpc_Testing_TestService.Client(wrapping: client).emptyCall(Grpc_Testing_Empty())
        }
      }
      try await call(certificate: "client")
      await #expect(throws: RPCError.self) { try await call(certificate: nil) }
      await #expect(throws: RPCError.self) { try await call(certificate: "intruder") }
    }
  }

  @Test("a client that verifies against another CA, or another name, is refused")
  func serverVerification() async throws {
    let certs = try await TestCertificates.make()
    try await withInteropServer(security: .tls(certs.server)) { _, bound in
      let target = NGHTTP2ClientTransport.Target.host("127.0.0.1", port: bound.port ?? 0)
      for config in [
        ClientTLSConfig(trustedCAPath: certs.path("other-ca.pem")),
        ClientTLSConfig(trustedCAPath: certs.path("ca.pem"), serverName: "rentguy.example"),
      ] {
        await #expect(throws: RPCError.self) {
          try await withInteropClient(target: target, security: .tls(config)) { client in
            _ = try await Grpc_Testing_TestService.Client(wrapping: client).emptyCall(Grpc_Testing_Empty())
          }
        }
      }
    }
  }

  @Test("a TLS client that offers only http/1.1 is refused (ALPN h2 is required)")
  func alpnRequired() async throws {
    let certs = try await TestCertificates.make()
    try await withInteropServer(security: .tls(certs.server)) { _, bound in
      let result = try await Subprocess.run(
        "/usr/bin/openssl",
        ["s_client", "-brief", "-connect", "127.0.0.1:\(bound.port ?? 0)", "-alpn", "http/1.1", "-CAfile", certs.path("ca.pem")],
        timeout: .seconds(10)
      )
      #expect(result.output.contains("no application protocol"), "\(result.output)")
    }
  }

  @Test("a rotated certificate is served to new connections without a restart")
  func certificateRotation() async throws {
    let certs = try await TestCertificates.make()
    try await withInteropServer(security: .tls(certs.server)) { transport, bound in
      let target = NGHTTP2ClientTransport.Target.host("127.0.0.1", port: bound.port ?? 0)
      let trustsOtherCA = ClientTLSConfig(trustedCAPath: certs.path("other-ca.pem"))
      func call() async throws {
        try await withInteropClient(target: target, security: .tls(trustsOtherCA)) { client in
          _ = try await Grpc_Testing_TestService.Client(wrapping: client).emptyCall(Grpc_Testing_Empty())
        }
      }
      await #expect(throws: RPCError.self) { try await call() }
      // Replace the files in place, as a certificate manager would.
      for (target, source) in [("server.pem", "server-other.pem"), ("server.key", "server-other.key")] {
        let data = try Data(contentsOf: URL(fileURLWithPath: certs.path(source)))
        try data.write(to: URL(fileURLWithPath: certs.path(target)), options: .atomic)
      }
      try transport.reloadTLSCertificates()
      try await call()
    }
  }
}
