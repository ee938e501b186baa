public import Logging

/// Everything `rentguy-server` can be configured with, and the embedded defaults: gRPC h2c on
/// 127.0.0.1:50051, the REST shim on 127.0.0.1:8080, `rentguy.sqlite` in the working directory.
///
/// Values come from defaults < a JSON file < environment variables < command-line flags
/// (see `ServerConfig+ConfigReader.swift` for the keys, and docs/operations.md).
public struct ServerConfig: Sendable {
  /// The gRPC listener.
  public struct GRPC: Sendable {
    public var host: String
    public var port: Int
    /// PEM certificate chain and key: serve TLS (ALPN h2) instead of h2c.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// PEM CA bundle: require client certificates (mTLS).
    public var tlsClientCAPath: String?
    /// Concurrent streams per connection.
    public var maxConcurrentStreams: Int
    /// Largest request message accepted.
    public var maxReceiveMessageBytes: Int
    /// How long in-flight RPCs may finish after SIGTERM before connections close.
    public var shutdownGracePeriod: Duration

    public static var defaults: Self {
      Self(
        host: "127.0.0.1",
        port: 50051,
        tlsCertificatePath: nil,
        tlsKeyPath: nil,
        tlsClientCAPath: nil,
        maxConcurrentStreams: 256,
        maxReceiveMessageBytes: 4 * 1024 * 1024,
        shutdownGracePeriod: .seconds(30)
      )
    }
  }

  /// The REST/JSON shim (health, readiness, metrics, webhooks).
  public struct HTTP: Sendable {
    public var host: String
    public var port: Int

    public static var defaults: Self { Self(host: "127.0.0.1", port: 8080) }
  }

  /// The SQLite database.
  public struct Database: Sendable {
    /// The database file; created with its directory's permissions when missing.
    public var path: String

    public static var defaults: Self { Self(path: "rentguy.sqlite") }
  }

  /// The first administrator of a database with no users.
  public struct Bootstrap: Sendable {
    /// Create this admin when the database has no users; without it, `admin@localhost` is
    /// created with a random password, printed once and written to a 0600 file beside the
    /// database.
    public var adminEmail: String?
    /// The first admin's password (at least 12 characters), with ``adminEmail``.
    public var adminPassword: String?

    public static var defaults: Self { Self(adminEmail: nil, adminPassword: nil) }
  }

  /// The booking service's business settings.
  public struct Booking: Sendable {
    /// IANA time zone of bookings that name none (billable days, invoice dates).
    public var timeZone: String
    /// Seconds without an event before a WatchBookingEvents heartbeat.
    public var heartbeatSeconds: Int
    /// Days booking events are kept for resuming watchers.
    public var eventRetentionDays: Int
    /// The currency of every booking (ISO 4217).
    public var currency: String
    /// VAT rates in basis points: standard and reduced (zero, exempt and reverse charge are 0).
    public var standardVATBp: Int
    public var reducedVATBp: Int

    public static var defaults: Self {
      Self(timeZone: "Europe/Amsterdam", heartbeatSeconds: 10, eventRetentionDays: 400, currency: "EUR", standardVATBp: 2100, reducedVATBp: 900)
    }
  }

  /// The payment providers. With no key for either, both run against the built-in provider mock.
  public struct Payments: Sendable {
    /// `sk_test_…` / `sk_live_…`; nil: Stripe off (or the mock, when Mollie has no key either).
    public var stripeSecretKey: String?
    /// The endpoint secret (`whsec_…`) Stripe signs events with; with the mock, a random one
    /// unless set.
    public var stripeWebhookSecret: String?
    public var stripeAPIBase = "https://api.stripe.com"
    /// `test_…` / `live_…`.
    public var mollieAPIKey: String?
    public var mollieAPIBase = "https://api.mollie.com"
    /// The REST shim's URL as providers and customers reach it (webhooks, the default return
    /// page); default: the HTTP listener's address.
    public var publicURL: String?
    /// Where customers return when a payment names no return URL; default `<publicURL>/payments/return`.
    public var returnURL: String?
    /// How long a provider call may take.
    public var providerTimeout: Duration = .seconds(15)
    /// The built-in mock's port (0: any free port) and how long its simulated timeouts last.
    public var mockPort = 0
    public var mockTimeoutDelay: Duration = .seconds(30)

    /// Whether the built-in mock stands in for both providers.
    public var usesMock: Bool { self.stripeSecretKey == nil && self.mollieAPIKey == nil }

    public static var defaults: Self { Self() }
  }

  /// The job workers.
  public struct Jobs: Sendable {
    /// Jobs are mostly waiting for a provider: many run at once.
    public var workersPerQueue = 16
    /// How long a worker holds a job; a job whose worker died runs again after this.
    public var lease: Duration = .seconds(60)
    /// The wait after a job's first failure, doubling up to the maximum (±20 % jitter).
    public var retryInitial: Duration = .seconds(5)
    public var retryMaximum: Duration = .seconds(3600)
    /// Days succeeded and discarded jobs (and processed provider events) are kept.
    public var retentionDays = 30

    public static var defaults: Self { Self() }
  }

  /// Accounting exports (Moneybird, Exact Online): connections and mappings are set through the
  /// RPCs; these are the server's own settings.
  public struct Export: Sendable {
    /// The client-side rate limiters (Moneybird 150 / 5 min, Exact 60 / min and 5,000 / day).
    /// Off only against a provider mock whose limits are off.
    public var rateLimits = true
    /// The seller on UBL documents.
    public var sellerName = "RentGuy"
    public var sellerVATID = ""
    public var sellerStreet = ""
    public var sellerPostalCode = ""
    public var sellerCity = ""
    /// ISO 3166-1 alpha-2.
    public var sellerCountry = "NL"
    public var sellerIBAN = ""

    public static var defaults: Self { Self() }
  }

  public var grpc: GRPC
  public var http: HTTP
  public var export: Export = .defaults
  public var booking: Booking = .defaults
  public var payments: Payments = .defaults
  public var jobs: Jobs = .defaults
  public var database: Database
  public var bootstrap: Bootstrap
  /// Log level: trace, debug, info, notice, warning, error, critical.
  public var logLevel: Logger.Level

  /// The embedded defaults.
  public static var defaults: Self {
    Self(grpc: .defaults, http: .defaults, database: .defaults, bootstrap: .defaults, logLevel: .info)
  }

  /// The defaults, changed by `configure`.
  public static func defaults(configure: (inout Self) -> Void) -> Self {
    var config = Self.defaults
    configure(&config)
    return config
  }
}
