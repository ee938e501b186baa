import ArgumentParser
import GRPCCore
import RentGuyInterop
import RentGuyTransport

/// Runs the standard gRPC interop cases with the nghttp2 client transport against any server.
@main
struct InteropClientCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rentguy-interop-client",
    abstract: "Runs the standard gRPC interop cases against a server, one line per case."
  )

  @Option(help: "Server host name or address.")
  var host = "127.0.0.1"

  @Option(help: "Server port.")
  var port = 50052

  @Option(name: .customLong("test-case"), help: "A case name, or 'all'.")
  var testCase = "all"

  @Flag(help: "Connect with TLS (ALPN h2).")
  var tls = false

  @Option(name: .customLong("ca-file"), help: "PEM CA certificates to trust instead of the system roots.")
  var caFile: String?

  @Option(name: .customLong("server-name"), help: "Name for SNI and certificate verification.")
  var serverName: String?

  @Option(name: .customLong("cert-file"), help: "PEM client certificate chain (mTLS).")
  var certFile: String?

  @Option(name: .customLong("key-file"), help: "PEM client private key (mTLS).")
  var keyFile: String?

  @Flag(
    name: .customLong("server-cannot-verify-compression"),
    help: "Skip client_compressed_unary's probe step (for servers, like grpcio's Python server, that cannot see whether a request was compressed)."
  )
  var serverCannotVerifyCompression = false

  func validate() throws {
    if self.testCase != "all" && InteropTestCase(rawValue: self.testCase) == nil {
      let known = InteropTestCase.allCases.map(\.rawValue).joined(separator: ", ")
      throw ValidationError("unknown test case '\(self.testCase)'; known: \(known)")
    }
    if (self.certFile == nil) != (self.keyFile == nil) {
      throw ValidationError("--cert-file and --key-file go together")
    }
  }

  func run() async throws {
    let cases = self.testCase == "all" ? InteropTestCase.allCases : [InteropTestCase(rawValue: self.testCase)!]
    let security: ClientSecurity =
      self.tls
      ? .tls(
        ClientTLSConfig(
          trustedCAPath: self.caFile,
          serverName: self.serverName,
          certificateChainPath: self.certFile,
          privateKeyPath: self.keyFile
        )
      )
      : .plaintext
    let transport = try NGHTTP2ClientTransport(target: .host(self.host, port: self.port), security: security)

    var failed = 0
    try await withGRPCClient(transport: transport) { client in
      for testCase in cases {
        let started = ContinuousClock.now
        do {
          try await testCase.run(with: client, serverVerifiesCompression: !self.serverCannotVerifyCompression)
          print("PASS \(testCase.rawValue) (\(Self.milliseconds(since: started)) ms)")
        } catch {
          failed += 1
          print("FAIL \(testCase.rawValue): \(error)")
        }
      }
    }
    print("\(cases.count - failed) passed, \(failed) failed")
    if failed > 0 { throw ExitCode(1) }
  }

  private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
    let elapsed = ContinuousClock.now - start
    return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
  }
}
