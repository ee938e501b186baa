import GRPCCore
import Hummingbird
public import Logging
import NIOCore
import Prometheus
import RentGuyHTTP
import RentGuyServices
import RentGuyStore
import RentGuyTransport
import ServiceLifecycle
import UnixSignals

/// The composition root: opens the store, builds the gRPC server (nghttp2 transport, services,
/// interceptors) and the REST shim, and runs them as one `ServiceGroup` until SIGTERM or SIGINT.
///
/// A graceful shutdown first turns health to NOT_SERVING (and `/readyz` to 503), then lets
/// in-flight RPCs finish within the grace period, then stops the REST shim.
public struct RentGuyServer: Sendable {
  /// The gRPC services this build serves. RPCs of any other service answer UNIMPLEMENTED.
  public static let servedServices = ["grpc.health.v1.Health"]

  private let config: ServerConfig
  private let logger: Logger

  /// A server with `config`, logging to `logger`.
  public init(config: ServerConfig, logger: Logger) {
    self.config = config
    self.logger = logger
  }

  /// Runs until a graceful shutdown (SIGTERM, SIGINT) completes.
  ///
  /// - Parameter announce: called with "gRPC listening on HOST:PORT" and
  ///   "HTTP listening on HOST:PORT" once each listener is bound (useful with port 0).
  public func run(announce: @escaping @Sendable (String) -> Void = { _ in }) async throws {
    let store = try Store.open(StoreConfiguration.defaults { $0.location = .file(path: config.database.path) })
    logger.info("database open", metadata: ["path": "\(config.database.path)"])

    let registry = PrometheusCollectorRegistry()
    let board = HealthStatusBoard(services: Self.servedServices)
    let transport = try NGHTTP2ServerTransport(
      address: .host(config.grpc.host, port: config.grpc.port),
      security: transportSecurity(),
      config: transportConfig(),
      logger: logger
    )
    let grpcServer = GRPCServer(
      transport: transport,
      services: [HealthService(board: board)],
      interceptors: [MetricsInterceptor(metrics: RPCMetrics(registry: registry))]
    )

    let queueMetrics = JobQueueMetrics(registry: registry, store: store)
    let router = Router()
    ShimRoutes(
      registry: registry,
      readiness: {
        var problems: [String] = []
        if !board.isServing { problems.append("gRPC is not serving") }
        if await !store.isReachable() { problems.append("the database does not answer") }
        return Readiness(problems: problems)
      },
      beforeScrape: { await queueMetrics.refresh() }
    ).add(to: router)
    let http = Application(
      router: router,
      configuration: ApplicationConfiguration(
        address: .hostname(config.http.host, port: config.http.port),
        serverName: "rentguy-server"
      ),
      onServerRunning: { [logger] channel in
        let address = channel.localAddress.map(\.listeningDescription) ?? "?"
        announce("HTTP listening on \(address)")
        logger.info("HTTP listening", metadata: ["address": "\(address)"])
      },
      logger: logger
    )

    // Graceful shutdown runs in reverse order: readiness first, then the gRPC drain, then HTTP.
    let group = ServiceGroup(
      services: [
        ListenerService(name: "the REST shim on \(config.http.host):\(config.http.port)", base: http),
        ListenerService(name: "gRPC on \(config.grpc.host):\(config.grpc.port)", base: GRPCServerService(grpcServer)),
        ReadinessService(transport: transport, board: board, announce: announce, logger: logger),
      ],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger
    )
    try await group.run()
  }

  private func transportSecurity() -> NGHTTP2ServerTransport.Security {
    guard let certificate = config.grpc.tlsCertificatePath, let key = config.grpc.tlsKeyPath else {
      return .plaintext
    }
    return .tls(
      ServerTLSConfig(
        certificateChainPath: certificate,
        privateKeyPath: key,
        clientCertificateCAPath: config.grpc.tlsClientCAPath
      )
    )
  }

  private func transportConfig() -> NGHTTP2ServerTransport.Config {
    var transport = NGHTTP2ServerTransport.Config.defaults
    transport.limits.maxConcurrentStreams = config.grpc.maxConcurrentStreams
    transport.limits.maxReceiveMessageSize = config.grpc.maxReceiveMessageBytes
    transport.connection.shutdownGracePeriod = config.grpc.shutdownGracePeriod
    return transport
  }
}
