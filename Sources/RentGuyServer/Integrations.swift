import AsyncHTTPClient
import Foundation
import Logging
import Prometheus
import RentGuyHTTP
import RentGuyProto
import RentGuyProviders
import RentGuyServices
import RentGuyStore

/// Payments, the job queue and outbound webhooks, assembled from the configuration: the RPC
/// services, the shim's routes, and what runs in the background (job workers, the webhook
/// dispatcher).
struct Integrations: Sendable {
  let payment: PaymentService
  let jobs: JobService
  let webhooks: WebhookService
  let export: ExportService
  let routes: IntegrationRoutes
  let workers: JobWorkers
  let dispatcher: WebhookDispatcher

  /// Every queue this server works.
  static let queues = PaymentProviders.queues + ["webhooks.outbound"] + ExportService.queues

  /// - Parameters:
  ///   - mockURL: the built-in provider mock's base URL, when it stands in for the providers.
  ///   - stripeWebhookSecret: the secret Stripe events are verified with.
  init(
    config: ServerConfig, store: Store, writer: BatchedWriter, feed: BookingEventFeed, registry: PrometheusCollectorRegistry, client: HTTPClient,
    mockURL: String?, stripeWebhookSecret: String?, publicURL: PublicURL, logger: Logger
  ) {
    let repository = SQLIntegrationRepository(store: store, writer: writer)
    let jobsWoken = JobSignal()
    let payments = config.payments
    let timeout = payments.providerTimeout
    let stripeKey = mockURL == nil ? payments.stripeSecretKey : "sk_test_rentguy_mock"
    let mollieKey = mockURL == nil ? payments.mollieAPIKey : "test_rentguymockrentguymockrentguymock"
    let stripe = stripeKey.map { StripeAPI(baseURL: mockURL ?? payments.stripeAPIBase, secretKey: $0, timeout: timeout, client: client) }
    let mollie = mollieKey.map { MollieAPI(baseURL: mockURL ?? payments.mollieAPIBase, apiKey: $0, timeout: timeout, client: client) }
    func settings(_ provider: Rentguy_Payment_V1_PaymentProvider, key: String?, base: String) -> Rentguy_Payment_V1_ProviderSettings {
      var settings = Rentguy_Payment_V1_ProviderSettings()
      settings.provider = provider
      let live = key.map { $0.contains("_live_") || $0.hasPrefix("live_") } ?? false
      settings.mode = mockURL != nil ? .mock : key == nil ? .off : (live ? .live : .test)
      settings.apiKeyConfigured = key != nil
      // Mollie's classic webhooks are not signed: nothing to configure.
      settings.webhookSecretConfigured = provider == .stripe ? stripeWebhookSecret != nil : true
      settings.apiBaseURL = key == nil ? "" : (mockURL ?? base)
      return settings
    }
    let providers = PaymentProviders(
      stripe: stripe, mollie: mollie, publicURL: publicURL, returnURL: payments.returnURL,
      settings: [
        settings(.stripe, key: stripeKey, base: payments.stripeAPIBase), settings(.mollie, key: mollieKey, base: payments.mollieAPIBase),
      ]
    )
    self.payment = PaymentService(repository: repository, providers: providers, jobsWoken: jobsWoken, feed: feed)

    var workerConfiguration = JobWorkerConfiguration()
    workerConfiguration.workersPerQueue = config.jobs.workersPerQueue
    workerConfiguration.leaseDuration = config.jobs.lease
    // Applying provider events is local work (no provider call): a few workers keep up, and leave
    // the cores to the webhooks coming in.
    workerConfiguration.workers[PaymentProviders.inboundQueue] = min(4, config.jobs.workersPerQueue)
    workerConfiguration.retryPolicy = RetryPolicy(
      initialDelay: config.jobs.retryInitial, multiplier: 2, maximumDelay: config.jobs.retryMaximum, jitter: 0.2
    )
    self.jobs = JobService(jobs: store.jobs, signal: jobsWoken, queues: Self.queues, configuration: workerConfiguration)
    self.webhooks = WebhookService(repository: repository, jobsWoken: jobsWoken)

    let seller = UBLInvoiceDocument.Seller(
      name: config.export.sellerName, vatID: config.export.sellerVATID, street: config.export.sellerStreet, postalCode: config.export.sellerPostalCode,
      city: config.export.sellerCity, countryCode: config.export.sellerCountry, iban: config.export.sellerIBAN
    )
    let gateways = AccountingGateways(
      repository: repository, client: client, timeout: timeout, mockURL: mockURL, limitsEnabled: config.export.rateLimits,
      timeZone: TimeZone(identifier: config.booking.timeZone) ?? .current, seller: seller,
      crashAfterExactRefresh: ProcessInfo.processInfo.environment["RENTGUY_FAULT_CRASH_AFTER_EXACT_REFRESH"] == "1"
    )
    self.export = ExportService(repository: repository, gateways: gateways, jobsWoken: jobsWoken, feed: feed, timeZone: TimeZone(identifier: config.booking.timeZone) ?? .current)
    let handlers = JobHandlers.all(repository: repository, providers: providers, poster: WebhookPoster(client: client), gateways: gateways)
    self.workers = JobWorkers(
      jobs: store.jobs, repository: repository, handlers: handlers, queues: Self.queues, signal: jobsWoken,
      configuration: workerConfiguration, logger: logger, onCommit: { feed.notify() }
    )
    self.dispatcher = WebhookDispatcher(repository: repository, feed: feed, jobsWoken: jobsWoken, logger: logger)

    let intake = ProviderWebhookIntake(
      repository: repository, stripeSecrets: stripeWebhookSecret.map { [$0] } ?? [], jobsWoken: jobsWoken, registry: registry
    )
    let status = IntegrationStatus(jobs: self.jobs, providers: providers)
    self.routes = IntegrationRoutes(
      maximumBody: ProviderWebhookIntake.maximumBody,
      stripe: { body, signature in await intake.stripe(body: body, signature: signature) },
      mollie: { body in await intake.mollie(body: body) },
      status: { await status.status() },
      queues: { await status.queues() }
    )
  }
}
