/// How a ``ProviderMock`` listens and where it sends webhooks.
public struct ProviderMockConfiguration: Sendable {
  /// The address to listen on.
  public var host = "127.0.0.1"
  /// The port to listen on; 0 picks a free port (``ProviderMock/run(onListening:)`` reports it).
  public var port = 0
  /// Where Stripe events are POSTed (RentGuy's `/webhooks/stripe`); nil: events are only stored.
  public var stripeWebhookURL: String?
  /// The endpoint secret (`whsec_…`) Stripe events are signed with (`Stripe-Signature`).
  public var stripeWebhookSecret = "whsec_mock"
  /// Delay before the mock answers requests armed with a `timeout` fault (then 504).
  public var timeoutDelay: Duration = .seconds(30)
  /// The largest request body accepted (larger: 413).
  public var maximumBodySize = 1 << 20
  /// How often a webhook is tried before it is dropped (Stripe events; Mollie gets fewer).
  public var webhookAttempts = 5
  /// The delay before the first retry of a webhook, doubled for each further retry.
  public var webhookFirstRetryDelay: Duration = .seconds(1)

  /// The Moneybird administration `GET /api/v2/administrations.json` lists first. Any other id in
  /// a path works too: each administration is made, with the seeded tax rates and ledger account,
  /// on first use.
  public var moneybirdAdministrationID = "100000000000000001"
  /// Whether Moneybird's rate limit (150 requests per 5 minutes per token) is enforced from the
  /// start (`POST /mock/ratelimits` switches it later).
  public var moneybirdRateLimitEnabled = true
  /// The one Exact Online division (`CurrentDivision`); any other division in a path → 401.
  public var exactDivision = 123456
  /// Exact's registered apps, client id → client secret. Empty: any client id is accepted, and
  /// the secret given when a code is exchanged must be given again for every refresh of that grant.
  public var exactClients: [String: String] = [:]
  /// How long Exact access tokens live, in seconds (Exact: 600).
  public var exactAccessTokenSeconds = 600
  /// Whether Exact's limits (60 requests a minute, 5,000 a day, the block after 10 errors an hour)
  /// are enforced from the start (`POST /mock/ratelimits` switches them later).
  public var exactRateLimitEnabled = true

  /// The defaults: `127.0.0.1`, any free port, no Stripe webhook URL, `whsec_mock`, 30 s timeouts,
  /// Moneybird administration `100000000000000001`, Exact division 123456, rate limits on.
  public init() {}
}
