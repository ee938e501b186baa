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

  /// The defaults: `127.0.0.1`, any free port, no Stripe webhook URL, `whsec_mock`, 30 s timeouts.
  public init() {}
}
