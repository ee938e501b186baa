import Foundation

/// A Stripe event to emit: its type and the object's snapshot.
typealias StripeEventItem = (type: String, object: JSONValue)

/// Everything the mock providers know: Stripe's, Mollie's, Moneybird's and Exact's objects, in
/// memory. Each operation (in `MockState+Stripe.swift`, `MockState+Mollie.swift`,
/// `MockState+Moneybird.swift`, `MockState+Exact.swift`, `MockState+ExactOAuth.swift`) validates
/// like the provider, changes the objects in one step, queues the webhooks the provider would send,
/// and returns the provider's JSON.
actor MockState {
  private(set) var configuration: ProviderMockConfiguration
  let webhooks: WebhookSender
  /// `http://host:port`, known once the server listens.
  private(set) var baseURL: String

  // Stripe
  var checkoutSessions: [String: StripeRecords.CheckoutSession] = [:]
  var paymentIntents: [String: StripeRecords.PaymentIntent] = [:]
  var charges: [String: StripeRecords.Charge] = [:]
  var stripeRefunds: [String: StripeRecords.Refund] = [:]
  var disputes: [String: StripeRecords.Dispute] = [:]
  var stripeEvents: [String: JSONValue] = [:]
  var stripeEventOrder: [String] = []

  // Mollie
  var molliePayments: [String: MollieRecords.Payment] = [:]
  var mollieRefunds: [String: MollieRecords.Refund] = [:]

  // Moneybird (keys of the indexes: `administration` NUL `value`)
  var moneybirdAdministrations: [String: MoneybirdRecords.Administration] = [:]
  var moneybirdAdministrationOrder: [String] = []
  var moneybirdContacts: [String: MoneybirdRecords.Contact] = [:]
  var moneybirdContactIDsByCustomerID: [String: String] = [:]
  var moneybirdInvoices: [String: MoneybirdRecords.SalesInvoice] = [:]
  var moneybirdInvoiceIDsByReference: [String: [String]] = [:]
  /// The last 18-digit id handed out (contacts, invoices, lines, payments, tax rates, …).
  var moneybirdLastID = 0

  // Exact Online: the one division's accounts, sales entries and settings
  var exactAccounts: [String: ExactRecords.Account] = [:]
  var exactAccountIDsByCode: [String: String] = [:]
  var exactLastAccountCode = 0
  var exactSalesEntries: [String: ExactRecords.SalesEntry] = [:]
  var exactEntryIDsByYourRef: [String: [String]] = [:]
  var exactLastEntryNumber = 0
  /// VAT code → percentage in hundredths.
  var exactVATCodes: [String: Int] = ["0": 0, "1": 900, "2": 2100]
  /// GL account code → description.
  var exactGLAccounts: [String: String] = ["8000": "Omzet verhuur"]
  /// Journal code → description.
  var exactJournals: [String: String] = ["70": "Verkoopboek"]

  // Exact Online: OAuth
  var exactAuthorizationCodes: [String: ExactRecords.AuthorizationCode] = [:]
  var exactRefreshTokens: [String: ExactRecords.RefreshGrant] = [:]
  var exactAccessTokens: [String: ExactRecords.AccessToken] = [:]
  /// How long access tokens issued from now on live (`POST /mock/exact/oauth`, `/mock/ratelimits`).
  var exactAccessTokenSeconds: Int

  /// Refund statuses armed through `POST /mock/refund-status`: the next N refunds get this status.
  private var armedRefundStatus: [MockProvider: (status: String, remaining: Int)] = [:]

  static let eventCapacity = 10_000

  init(configuration: ProviderMockConfiguration, webhooks: WebhookSender) {
    self.configuration = configuration
    self.webhooks = webhooks
    self.baseURL = "http://\(configuration.host):\(configuration.port)"
    self.exactAccessTokenSeconds = max(1, configuration.exactAccessTokenSeconds)
  }

  func setStripeWebhookURL(_ url: String?) {
    self.configuration.stripeWebhookURL = url
  }

  func setBaseURL(_ baseURL: String) {
    self.baseURL = baseURL
  }

  /// Seconds since 1970, as Stripe's `created`.
  var now: Int { Int(Date().timeIntervalSince1970) }

  /// `prefix` followed by `length` random letters and digits (`pi_3Nx…`).
  static func randomID(_ prefix: String, length: Int = 24) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    var id = prefix
    for _ in 0..<length {
      id.append(alphabet[Int.random(in: 0..<alphabet.count)])
    }
    return id
  }

  /// Gives the next `count` refunds of `provider` the status `status` (`pending`, `failed`).
  func armRefundStatus(_ status: String, count: Int, for provider: MockProvider) {
    self.armedRefundStatus[provider] = count > 0 ? (status: status, remaining: count) : nil
  }

  /// The armed status for a refund being created now, if any (and uses it up).
  func takeRefundStatus(for provider: MockProvider) -> String? {
    guard let armed = self.armedRefundStatus[provider], armed.remaining > 0 else { return nil }
    self.armedRefundStatus[provider] = armed.remaining > 1 ? (status: armed.status, remaining: armed.remaining - 1) : nil
    return armed.status
  }

  // MARK: - Webhooks

  /// Records Stripe events for `items` (type and object snapshot, in order) and queues them for
  /// the Stripe webhook URL; returns the events.
  @discardableResult
  func emitStripeEvents(_ items: [StripeEventItem], request: StripeRecords.RequestInfo? = nil) -> [JSONValue] {
    let url = self.configuration.stripeWebhookURL.flatMap { $0.isEmpty ? nil : $0 }
    var events: [JSONValue] = []
    var deliveries: [WebhookSender.Delivery] = []
    let created = self.now
    for item in items {
      let id = Self.randomID("evt_")
      let event = StripeObjects.event(
        id: id,
        type: item.type,
        object: item.object,
        created: created,
        pendingWebhooks: url == nil ? 0 : 1,
        request: request
      )
      self.stripeEvents[id] = event
      self.stripeEventOrder.append(id)
      events.append(event)
      if let url {
        deliveries.append(
          WebhookSender.Delivery(
            url: url,
            body: event.encoded(),
            contentType: "application/json; charset=utf-8",
            signature: .stripe(secret: self.configuration.stripeWebhookSecret),
            maximumAttempts: self.configuration.webhookAttempts,
            label: "\(id) \(item.type)"
          )
        )
      }
    }
    if self.stripeEventOrder.count > Self.eventCapacity {
      let dropped = self.stripeEventOrder.prefix(self.stripeEventOrder.count - Self.eventCapacity)
      for id in dropped { self.stripeEvents[id] = nil }
      self.stripeEventOrder.removeFirst(dropped.count)
    }
    self.webhooks.enqueue(deliveries)
    return events
  }

  /// Queues Mollie's classic webhook (`id=tr_…`, unsigned) for `payment`, if it has a webhook URL.
  func notifyMollie(_ payment: MollieRecords.Payment, reason: String) {
    guard let url = payment.webhookURL, !url.isEmpty else { return }
    self.webhooks.enqueue([
      WebhookSender.Delivery(
        url: url,
        body: Data("id=\(payment.id)".utf8),
        contentType: "application/x-www-form-urlencoded",
        signature: .unsigned,
        maximumAttempts: min(3, self.configuration.webhookAttempts),
        label: "\(payment.id) \(reason)"
      )
    ])
  }
}
