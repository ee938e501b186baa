import AsyncHTTPClient
import Hummingbird
public import Logging
import NIOCore

/// A stand-in for the payment and accounting providers' HTTP APIs (Stripe, Mollie, Moneybird,
/// Exact Online) for development and tests: objects in memory with the providers' ids, shapes,
/// statuses and errors; webhooks back to RentGuy (Stripe events signed with `Stripe-Signature`,
/// Mollie's `id=tr_…`); hosted checkout pages; Exact's OAuth; Moneybird's and Exact's rate limits;
/// simulated faults; a request log; and a receiver for RentGuy's own outbound partner webhooks.
/// `docs/provider-mock.md` lists every endpoint.
///
/// ```swift
/// let mock = ProviderMock(configuration: configuration, logger: logger)
/// try await mock.run { port in logger.info("provider mock on \(port)") }  // until cancelled
/// ```
public final class ProviderMock: Sendable {
  private let configuration: ProviderMockConfiguration
  private let logger: Logger
  private let state: MockState
  private let webhooks: WebhookSender
  private let faults = FaultInjector()
  private let requestLog = RequestLog()
  private let idempotency = IdempotencyCache()
  private let partners = PartnerInbox()
  private let limits: ProviderRateLimits

  /// A mock with empty state; nothing listens until ``run(onListening:)``.
  public init(configuration: ProviderMockConfiguration, logger: Logger) {
    self.configuration = configuration
    self.logger = logger
    self.webhooks = WebhookSender(firstRetryDelay: configuration.webhookFirstRetryDelay, logger: logger)
    self.state = MockState(configuration: configuration, webhooks: self.webhooks)
    self.limits = ProviderRateLimits(configuration: configuration)
  }

  /// Serves HTTP and delivers webhooks until the task is cancelled (then returns), calling
  /// `onListening` with the bound port once the server listens. Call it once per instance.
  public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    let state = self.state
    let urlHost = Self.urlHost(self.configuration.host)
    let logger = self.logger
    let app = Application(
      router: self.makeRouter(),
      configuration: ApplicationConfiguration(
        address: .hostname(self.configuration.host, port: self.configuration.port),
        serverName: nil
      ),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        await state.setBaseURL("http://\(urlHost):\(port)")
        logger.info("provider mock listening", metadata: ["port": "\(port)"])
        await onListening(port)
      },
      logger: self.logger
    )
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let webhooks = self.webhooks
    var failure: (any Error)?
    do {
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await webhooks.run(client: client) }
        group.addTask { try await app.run() }
        _ = try await group.next()
        group.cancelAll()
        try await group.waitForAll()
      }
    } catch is CancellationError where Task.isCancelled {
      // Cancelled from outside: a normal stop.
    } catch {
      failure = error
    }
    try? await client.shutdown()
    if let failure { throw failure }
  }

  /// Where Stripe events go from now on (e.g. once the receiving server knows its port).
  public func setStripeWebhookURL(_ url: String?) async {
    await self.state.setStripeWebhookURL(url)
  }

  /// All routes: the provider APIs, the checkout pages, the controls and the partner receiver.
  func makeRouter() -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let limit = self.configuration.maximumBodySize
    let admission = ProviderAdmission(state: self.state, limits: self.limits)
    func gateway(_ provider: MockProvider, requiresToken: Bool = true) -> ProviderGateway {
      ProviderGateway(
        provider: provider,
        faults: self.faults,
        log: self.requestLog,
        idempotency: self.idempotency,
        timeoutDelay: self.configuration.timeoutDelay,
        maximumBodySize: limit,
        admission: provider == .moneybird || provider == .exact ? admission : nil,
        requiresToken: requiresToken
      )
    }
    StripeRoutes(state: self.state, gateway: gateway(.stripe)).add(to: router)
    MollieRoutes(state: self.state, gateway: gateway(.mollie)).add(to: router)
    MoneybirdRoutes(state: self.state, gateway: gateway(.moneybird)).add(to: router)
    ExactRoutes(state: self.state, gateway: gateway(.exact)).add(to: router)
    ExactOAuthRoutes(state: self.state, gateway: gateway(.exact, requiresToken: false)).add(to: router)
    CheckoutRoutes(state: self.state, maximumBodySize: limit).add(to: router)
    ControlRoutes(state: self.state, faults: self.faults, log: self.requestLog, maximumBodySize: limit).add(to: router)
    AccountingControlRoutes(state: self.state, limits: self.limits, maximumBodySize: limit).add(to: router)
    PartnerRoutes(inbox: self.partners, maximumBodySize: limit).add(to: router)
    return router
  }

  /// The host to put in URLs the mock hands out (a wildcard address becomes loopback).
  static func urlHost(_ host: String) -> String {
    switch host {
    case "0.0.0.0", "": return "127.0.0.1"
    case "::", "[::]": return "[::1]"
    default: return host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }
  }
}
