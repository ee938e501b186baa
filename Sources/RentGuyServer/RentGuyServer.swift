import AsyncHTTPClient
import GRPCCore
import Hummingbird
public import Logging
import NIOCore
import Prometheus
import Foundation
import RentGuyHTTP
import RentGuyProto
import RentGuyProviderMock
import RentGuyProviders
import RentGuyRules
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
  /// The gRPC services this build serves (in part: RPCs not built yet answer UNIMPLEMENTED, after
  /// authentication and access checks).
  public static let servedServices = [
    "grpc.health.v1.Health", "rentguy.identity.v1.IdentityService", "rentguy.booking.v1.BookingService",
    "rentguy.warehouse.v1.WarehouseService", "rentguy.payment.v1.PaymentService", "rentguy.jobs.v1.JobService",
    "rentguy.webhooks.v1.WebhookService",
  ]

  /// Every method of the services that are not built at all yet.

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

    // One group commit for every service: one writer connection, batches across services.
    let writer = BatchedWriter(store: store)
    let identity = try await self.identity(store: store, writer: writer, announce: announce)
    let bookingRepository = SQLBookingRepository(store: store, writer: writer)
    // Booking events come from bookings and scans alike: one feed wakes every watcher.
    let feed = BookingEventFeed()
    let booking = BookingService(repository: bookingRepository, configuration: self.bookingConfiguration(), feed: feed)
    let warehouse = WarehouseService(repository: SQLWarehouseRepository(store: store, writer: writer), feed: feed)

    let registry = PrometheusCollectorRegistry()
    // Payments, jobs and webhooks: against the built-in provider mock when no provider is configured.
    // Provider calls and partner deliveries never follow redirects (a partner URL cannot bounce
    // the server's request elsewhere).
    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.redirectConfiguration = .disallow
    // As many connections per provider as jobs may run at once (AsyncHTTPClient's default is 8).
    clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, self.config.jobs.workersPerQueue * 2)
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    let mock = self.config.payments.usesMock ? try await self.startMock(announce: announce) : nil
    let publicURL = PublicURL(self.config.payments.publicURL)
    let integrations = Integrations(
      config: self.config, store: store, writer: writer, feed: feed, registry: registry, client: client, mockURL: mock?.url,
      stripeWebhookSecret: self.config.payments.stripeWebhookSecret ?? mock?.secret, publicURL: publicURL, logger: self.logger
    )

    let board = HealthStatusBoard(services: Self.servedServices)
    let transport = try NGHTTP2ServerTransport(
      address: .host(config.grpc.host, port: config.grpc.port),
      security: transportSecurity(),
      config: transportConfig(),
      logger: logger
    )
    let services: [any RegistrableRPCService] = [
      HealthService(board: board), identity.service, booking, warehouse, integrations.payment, integrations.jobs, integrations.webhooks,
      integrations.export,
    ]
    let interceptors: [any ServerInterceptor] = [MetricsInterceptor(metrics: RPCMetrics(registry: registry))] + identity.interceptors
    let grpcServer = GRPCServer(transport: transport, services: services, interceptors: interceptors)
    let bridge = ConnectBridge(services: services, interceptors: interceptors)

    let queueMetrics = JobQueueMetrics(registry: registry, store: store, queues: Integrations.queues)
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
    ConnectGateway(call: bridge.call).add(to: router)
    integrations.routes.add(to: router)
    let configuredPublicURL = self.config.payments.publicURL
    let http = Application(
      router: router,
      configuration: ApplicationConfiguration(
        address: .hostname(config.http.host, port: config.http.port),
        serverName: "rentguy-server"
      ),
      onServerRunning: { [logger] channel in
        let address = channel.localAddress.map(\.listeningDescription) ?? "?"
        if configuredPublicURL == nil, let port = channel.localAddress?.port {
          let host = config.http.host == "0.0.0.0" || config.http.host == "::" ? "127.0.0.1" : config.http.host
          publicURL.set("http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        }
        if let mock, let base = publicURL.value { await mock.instance.setStripeWebhookURL(base + "/webhooks/stripe") }
        announce("HTTP listening on \(address)")
        logger.info("HTTP listening", metadata: ["address": "\(address)"])
      },
      logger: logger
    )

    // Graceful shutdown runs in reverse order: readiness first, then the gRPC drain, then HTTP.
    let group = ServiceGroup(
      services: [
        bridge,
        ListenerService(name: "the REST shim on \(config.http.host):\(config.http.port)", base: http),
        ListenerService(name: "gRPC on \(config.grpc.host):\(config.grpc.port)", base: GRPCServerService(grpcServer)),
        ReadinessService(transport: transport, board: board, announce: announce, logger: logger),
        IdempotencySweeper(records: IdempotencyRecords(store: store), logger: logger),
        BookingHousekeeper(booking: booking, logger: logger),
        BackgroundTask { await integrations.dispatcher.run() },
        BackgroundTask { await integrations.workers.run() },
        ExportScheduler(export: integrations.export, logger: logger),
        JobHousekeeper(jobs: store.jobs, retention: .seconds(Int64(self.config.jobs.retentionDays) * 86_400), logger: logger),
      ],
      gracefulShutdownSignals: [.sigterm, .sigint],
      logger: logger
    )
    var failure: (any Error)?
    do { try await group.run() } catch { failure = error }
    mock?.task.cancel()
    _ = await mock?.task.result
    try? await client.shutdown()
    if let failure { throw failure }
  }

  /// The built-in provider mock, started before everything else (the providers' base URL is its
  /// address); it runs until the server stops.
  private func startMock(
    announce: @escaping @Sendable (String) -> Void
  ) async throws -> (instance: ProviderMock, url: String, secret: String, task: Task<Void, any Error>) {
    var configuration = ProviderMockConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = self.config.payments.mockPort
    configuration.timeoutDelay = self.config.payments.mockTimeoutDelay
    configuration.stripeWebhookSecret = self.config.payments.stripeWebhookSecret ?? StandardWebhookSignature.newSecret()
    let mock = ProviderMock(configuration: configuration, logger: self.logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task { try await mock.run { port in continuation.yield(port) } }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw ConfigurationError(key: "payments.mockPort", message: "the provider mock did not start") }
    announce("provider mock listening on 127.0.0.1:\(port)")
    self.logger.notice("no payment provider is configured: payments go to the built-in provider mock", metadata: ["port": "\(port)"])
    return (mock, "http://127.0.0.1:\(port)", configuration.stripeWebhookSecret, task)
  }

  /// Adds an administrator to the database `config` names (`rentguy-server create-admin`).
  public static func createAdmin(config: ServerConfig, email: String, password: String) async throws {
    let store = try Store.open(StoreConfiguration.defaults { $0.location = .file(path: config.database.path) })
    let repository = SQLIdentityRepository(store: store, writer: BatchedWriter(store: store))
    let bootstrap = AdminBootstrap(repository: repository, passwords: try PasswordHasher())
    try await bootstrap.createAdmin(email: email, password: password)
  }

  /// Identity and access: the repository, the first admin, the service and the auth interceptor.
  private func identity(
    store: Store,
    writer: BatchedWriter,
    announce: @escaping @Sendable (String) -> Void
  ) async throws -> (service: IdentityService, interceptors: [any ServerInterceptor]) {
    let repository = SQLIdentityRepository(store: store, writer: writer)
    let passwords = try PasswordHasher()
    let tokens = AccessTokens(repository: repository)
    let authenticator = Authenticator(tokens: tokens, repository: repository)
    try await authenticator.loadRevokedSessions()

    let passwordFile = URL(fileURLWithPath: config.database.path).deletingLastPathComponent()
      .appendingPathComponent("rentguy-admin-password").path
    let bootstrap = AdminBootstrap(repository: repository, passwords: passwords)
    switch try await bootstrap.run(
      email: config.bootstrap.adminEmail,
      password: config.bootstrap.adminPassword,
      passwordFile: passwordFile
    ) {
    case .notNeeded:
      break
    case .created(let email):
      logger.notice("first administrator created", metadata: ["email": "\(email)"])
    case .generated(let email, let password, let file):
      announce("First administrator: \(email), password \(password) (also in \(file), readable only by you)")
      logger.notice("first administrator created with a generated password", metadata: ["email": "\(email)", "file": "\(file)"])
    }

    let service = IdentityService(repository: repository, passwords: passwords, tokens: tokens, authenticator: authenticator)
    let interceptor = AuthInterceptor(authenticator: authenticator) { method, principal, error, peer in
      guard let principal else { return }
      try? await repository.appendAudit(
        AuditEntry(
          actorID: principal.id, actorName: principal.displayName, action: "auth.permission_denied", resourceID: method,
          outcome: "PERMISSION_DENIED", clientAddress: peer, summary: error.message
        )
      )
    }
    let idempotency = IdempotencyInterceptor(records: IdempotencyRecords(store: store), writer: writer)
    try await idempotency.loadKeys()
    return (service, [interceptor, idempotency])
  }

  private func bookingConfiguration() -> BookingConfiguration {
    var booking = BookingConfiguration()
    booking.timeZone = TimeZone(identifier: self.config.booking.timeZone) ?? booking.timeZone
    booking.heartbeat = .seconds(self.config.booking.heartbeatSeconds)
    booking.eventRetentionDays = self.config.booking.eventRetentionDays
    booking.currency = self.config.booking.currency
    booking.vat = VATTable(standardBp: self.config.booking.standardVATBp, reducedBp: self.config.booking.reducedVATBp)
    return booking
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
