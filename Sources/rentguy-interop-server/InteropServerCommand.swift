import ArgumentParser
import GRPCCore
import Logging
import NIOCore
import RentGuyInterop
import RentGuyTransport
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves `grpc.testing.TestService` on the nghttp2 transport until SIGTERM or SIGINT.
@main
struct InteropServerCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rentguy-interop-server",
    abstract: "Serves the standard gRPC interop service (grpc.testing.TestService) over HTTP/2."
  )

  @Option(help: "Address to listen on (IPv4 or IPv6).")
  var host = "127.0.0.1"

  @Option(help: "Port to listen on (0 picks a free port).")
  var port = 50052

  @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve TLS (ALPN h2) instead of h2c.")
  var tlsCert: String?

  @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.")
  var tlsKey: String?

  @Option(name: .customLong("tls-client-ca"), help: "PEM CA certificates: require client certificates (mTLS).")
  var tlsClientCA: String?

  @Option(help: "Seconds in-flight RPCs get after SIGTERM before they are reset.")
  var shutdownGrace: Double = 30

  @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
  var logLevel = "info"

  func validate() throws {
    guard Logger.Level(rawValue: self.logLevel) != nil else {
      throw ValidationError("unknown log level '\(self.logLevel)'")
    }
    if (self.tlsCert == nil) != (self.tlsKey == nil) {
      throw ValidationError("--tls-cert and --tls-key go together")
    }
    guard self.shutdownGrace >= 0 else {
      throw ValidationError("--shutdown-grace must not be negative")
    }
    if self.tlsClientCA != nil && self.tlsCert == nil {
      throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key")
    }
  }

  func run() async throws {
    var logger = Logger(label: "rentguy.interop-server")
    logger.logLevel = Logger.Level(rawValue: self.logLevel) ?? .info
    var security = NGHTTP2ServerTransport.Security.plaintext
    if let cert = self.tlsCert, let key = self.tlsKey {
      security = .tls(ServerTLSConfig(certificateChainPath: cert, privateKeyPath: key, clientCertificateCAPath: self.tlsClientCA))
    }
    let transport = try NGHTTP2ServerTransport(
      address: .host(self.host, port: self.port),
      security: security,
      config: .defaults { $0.connection.shutdownGracePeriod = .milliseconds(Int(self.shutdownGrace * 1000)) },
      logger: logger
    )
    let server = GRPCServer(transport: transport, services: [InteropTestService()])
    let group = ServiceGroup(
      services: [GRPCServerService(server), ListeningAnnouncer(transport: transport, logger: logger)],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger
    )
    try await group.run()
  }
}

/// Prints the bound address once the transport listens (so scripts can use `--port 0`).
struct ListeningAnnouncer: Service {
  let transport: NGHTTP2ServerTransport
  let logger: Logger

  func run() async throws {
    let address = try await self.transport.listeningAddress
    switch address {
    case .unixDomainSocket(_): print("listening on unix:\(address.pathname ?? "")")
    default: print("listening on \(address.ipAddress ?? "?"):\(address.port ?? 0)")
    }
    fflush(nil)
    self.logger.info("interop server listening", metadata: ["address": "\(address)"])
    try? await gracefulShutdown()
  }
}
