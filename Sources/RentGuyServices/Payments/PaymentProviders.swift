public import RentGuyProto
public import RentGuyProviders
import Synchronization

/// The payment providers this server talks to (real, test mode, or the built-in mock), and what
/// the contract may show about them.
public struct PaymentProviders: Sendable {
  public var stripe: StripeAPI?
  public var mollie: MollieAPI?
  /// The REST shim's public URL (known once it listens, when its port is chosen at start).
  public let publicURL: PublicURL
  /// Where customers return to when a payment names none (default: the shim's thank-you page).
  public var returnURL: String?
  /// For GetPaymentProviders (never a secret).
  public var settings: [Rentguy_Payment_V1_ProviderSettings]

  public init(
    stripe: StripeAPI?, mollie: MollieAPI?, publicURL: PublicURL, returnURL: String?, settings: [Rentguy_Payment_V1_ProviderSettings]
  ) {
    self.stripe = stripe
    self.mollie = mollie
    self.publicURL = publicURL
    self.returnURL = returnURL
    self.settings = settings
  }

  /// Where Mollie posts its webhook for our payments.
  var mollieWebhookURL: String? { self.publicURL.value.map { $0 + "/webhooks/mollie" } }

  var defaultReturnURL: String { self.returnURL ?? (self.publicURL.value ?? "http://127.0.0.1") + "/payments/return" }

  /// GetPaymentProviders' answer, with the webhook URLs as they are now.
  var currentSettings: [Rentguy_Payment_V1_ProviderSettings] {
    self.settings.map { settings in
      var settings = settings
      if let base = self.publicURL.value { settings.webhookURL = base + (settings.provider == .stripe ? "/webhooks/stripe" : "/webhooks/mollie") }
      return settings
    }
  }

  /// The job queue of a provider's outbound calls.
  static func queue(_ provider: Rentguy_Payment_V1_PaymentProvider) -> String {
    provider == .stripe ? "payments.stripe" : "payments.mollie"
  }

  /// Inbound provider events are applied from this queue.
  public static let inboundQueue = "webhooks.inbound"

  /// Every queue the payment side uses.
  public static let queues = ["payments.stripe", "payments.mollie", Self.inboundQueue]
}

/// A URL learned after start (the shim's, once its port is bound).
public final class PublicURL: Sendable {
  private let state: Mutex<String?>

  public init(_ value: String? = nil) { self.state = Mutex(value) }

  public var value: String? { self.state.withLock { $0 } }

  public func set(_ value: String) { self.state.withLock { $0 = value } }
}
