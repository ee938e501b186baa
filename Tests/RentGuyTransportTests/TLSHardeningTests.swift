import Foundation
import GRPCCore
import NIOCore
import RentGuyInterop
import RentGuyTestSupport
import Testing

@testable import RentGuyTransport

/// TLS defects found in review, each proven over a real socket: a silent server, names that used
/// to leave the server unverified, symlink rotation, and TLS 1.2 resumption under mTLS.
@Suite("TLS hardening", .timeLimit(.minutes(5)))
struct TLSHardeningTests {
  static func emptyCall(
    port: Int,
    tls: ClientTLSConfig,
    config: NGHTTP2ClientTransport.Config = .defaults,
    options: CallOptions = .defaults
  ) async throws {
    try await withInteropClient(target: .host("127.0.0.1", port: port), security: .tls(tls), config: config) { client in
      _ = try await Grpc_Testing_TestService.Client(wrapping: client).emptyCall(Grpc_Testing_Empty(), options: options)
    }
  }

  static func silentServer() async throws -> InteropServerProcess {
    try await InteropServerProcess(
      executable: TestEnvironment.python,
      arguments: [TestEnvironment.peerScript("h2_server.py"), "--mode", "silent", "--port", "0"]
    )
  }

  @Test("an RPC to a server that accepts TCP but never answers the ClientHello ends at its deadline")
  func silentServerAndDeadline() async throws {
    let server = try await Self.silentServer()
    let certs = try await TestCertificates.make()
    var options = CallOptions.defaults
    options.timeout = .seconds(1)
    let started = ContinuousClock.now
    await #expect {
      try await Self.emptyCall(port: server.port, tls: ClientTLSConfig(trustedCAPath: certs.path("ca.pem")), options: options)
    } throws: { error in
      (error as? RPCError)?.code == .deadlineExceeded
    }
    #expect(ContinuousClock.now - started < .seconds(10))
    _ = await server.stop()
  }

  @Test("without a deadline, the connect timeout covers the TLS handshake and names it")
  func silentServerAndConnectTimeout() async throws {
    let server = try await Self.silentServer()
    let certs = try await TestCertificates.make()
    let config = NGHTTP2ClientTransport.Config.defaults { $0.connection.connectTimeout = .seconds(1) }
    let started = ContinuousClock.now
    await #expect {
      try await Self.emptyCall(port: server.port, tls: ClientTLSConfig(trustedCAPath: certs.path("ca.pem")), config: config)
    } throws: { error in
      let error = error as? RPCError
      return error?.code == .unavailable && error?.message.contains("TLS handshake did not complete") == true
    }
    #expect(ContinuousClock.now - started < .seconds(10))
    _ = await server.stop()
  }

  @Test("a cancelled RPC stops waiting for a connection that never becomes ready")
  func cancelledWhileConnecting() async throws {
    let server = try await Self.silentServer()
    let certs = try await TestCertificates.make()
    let tls = ClientTLSConfig(trustedCAPath: certs.path("ca.pem"))
    let started = ContinuousClock.now
    let task = Task { try await Self.emptyCall(port: server.port, tls: tls) }
    try await Task.sleep(for: .milliseconds(300))
    task.cancel()
    await #expect(throws: (any Error).self) { try await task.value }
    #expect(ContinuousClock.now - started < .seconds(10))
    _ = await server.stop()
  }

  @Test(
    "names that name no identity, or another one, are refused instead of accepting any trusted certificate",
    arguments: ["", "[::1]", "::1", "fe80::1%lo", "127.0.0.1", "rentguy.example", "local host"]
  )
  func hostnameVerificationFailsClosed(_ name: String) async throws {
    let certs = try await TestCertificates.make()
    // The certificate names only "localhost": none of these names may accept it.
    let serverTLS = ServerTLSConfig(certificateChainPath: certs.path("server-dns.pem"), privateKeyPath: certs.path("server-dns.key"))
    try await withInteropServer(security: .tls(serverTLS)) { _, bound in
      await #expect(throws: RPCError.self) {
        try await Self.emptyCall(port: bound.port ?? 0, tls: ClientTLSConfig(trustedCAPath: certs.path("ca.pem"), serverName: name))
      }
      // The right name still works.
      try await Self.emptyCall(port: bound.port ?? 0, tls: ClientTLSConfig(trustedCAPath: certs.path("ca.pem"), serverName: "localhost"))
    }
  }

  @Test("server names parse into the identity OpenSSL checks")
  func peerIdentityParsing() {
    #expect(TLSPeerIdentity("localhost") == .dnsName("localhost"))
    #expect(TLSPeerIdentity("127.0.0.1") == .ipAddress("127.0.0.1"))
    #expect(TLSPeerIdentity("[::1]") == .ipAddress("::1"))
    #expect(TLSPeerIdentity("fe80::1%eth0") == .ipAddress("fe80::1"))
    for name in ["", "[]", "local host", "a:b", "*.example", "[fe80::1", "1.2.3.4%x"] {
      guard case .invalid = TLSPeerIdentity(name) else {
        Issue.record("'\(name)' was not refused")
        continue
      }
    }
    guard case .invalid = TLSPeerIdentity(nil) else {
      Issue.record("a missing name was not refused")
      return
    }
  }

  @Test("a certificate rotated by swapping a ..data symlink (Kubernetes, cert-manager) is picked up by itself")
  func symlinkRotation() async throws {
    let certs = try await TestCertificates.make()
    let directory = certs.path("mounted")
    let files = FileManager.default
    for (version, prefix) in [("..v1", "server"), ("..v2", "server-other")] {
      try files.createDirectory(atPath: "\(directory)/\(version)", withIntermediateDirectories: true)
      try files.copyItem(atPath: certs.path("\(prefix).pem"), toPath: "\(directory)/\(version)/tls.crt")
      try files.copyItem(atPath: certs.path("\(prefix).key"), toPath: "\(directory)/\(version)/tls.key")
    }
    try files.createSymbolicLink(atPath: "\(directory)/..data", withDestinationPath: "..v1")
    try files.createSymbolicLink(atPath: "\(directory)/tls.crt", withDestinationPath: "..data/tls.crt")
    try files.createSymbolicLink(atPath: "\(directory)/tls.key", withDestinationPath: "..data/tls.key")
    let serverTLS = ServerTLSConfig(certificateChainPath: "\(directory)/tls.crt", privateKeyPath: "\(directory)/tls.key")

    try await withInteropServer(security: .tls(serverTLS)) { _, bound in
      let port = bound.port ?? 0
      let trustsOtherCA = ClientTLSConfig(trustedCAPath: certs.path("other-ca.pem"))
      await #expect(throws: RPCError.self) { try await Self.emptyCall(port: port, tls: trustsOtherCA) }

      // Swap ..data atomically, as the kubelet does: the links to the files never change.
      try files.createSymbolicLink(atPath: "\(directory)/..data_tmp", withDestinationPath: "..v2")
      #expect(rename("\(directory)/..data_tmp", "\(directory)/..data") == 0)

      var picked = false
      for _ in 0..<50 where !picked {
        try await Task.sleep(for: .milliseconds(200))
        picked = (try? await Self.emptyCall(port: port, tls: trustsOtherCA)) != nil
      }
      #expect(picked, "the rotated certificate was not served within 10 s")
    }
  }

  @Test("a TLS 1.2 client with a certificate resumes its session under mTLS")
  func mutualTLSResumption() async throws {
    let certs = try await TestCertificates.make()
    var serverTLS = certs.server
    serverTLS.clientCertificateCAPath = certs.path("ca.pem")
    try await withInteropServer(security: .tls(serverTLS)) { _, bound in
      let session = certs.path("session.pem")
      var outputs: [String] = []
      for sessionArguments in [["-sess_out", session], ["-sess_in", session]] {
        let result = try await Subprocess.run(
          "/usr/bin/openssl",
          [
            "s_client", "-connect", "127.0.0.1:\(bound.port ?? 0)", "-tls1_2", "-alpn", "h2",
            "-CAfile", certs.path("ca.pem"), "-cert", certs.path("client.pem"), "-key", certs.path("client.key"),
          ] + sessionArguments,
          timeout: .seconds(10)
        )
        outputs.append(result.output)
      }
      #expect(outputs[0].contains("New, TLSv1.2"), "\(outputs[0])")
      #expect(outputs[1].contains("Reused, TLSv1.2"), "\(outputs[1])")
      #expect(!outputs[1].contains("alert"), "\(outputs[1])")
    }
  }
}
