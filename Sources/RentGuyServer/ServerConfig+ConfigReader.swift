public import Configuration
import Logging
import Foundation
import SystemPackage

/// The one place where configuration keys are spelled.
///
/// | key | environment | flag | default |
/// | --- | --- | --- | --- |
/// | `grpc.host` | `RENTGUY_GRPC_HOST` | `--grpc-host` | 127.0.0.1 |
/// | `grpc.port` | `RENTGUY_GRPC_PORT` | `--grpc-port` | 50051 |
/// | `grpc.tls.certificate` | `RENTGUY_GRPC_TLS_CERTIFICATE` | `--grpc-tls-certificate` | — (h2c) |
/// | `grpc.tls.key` | `RENTGUY_GRPC_TLS_KEY` | `--grpc-tls-key` | — |
/// | `grpc.tls.clientCA` | `RENTGUY_GRPC_TLS_CLIENT_CA` | `--grpc-tls-client-ca` | — |
/// | `grpc.maxConcurrentStreams` | `RENTGUY_GRPC_MAX_CONCURRENT_STREAMS` | — | 256 |
/// | `grpc.maxReceiveMessageBytes` | `RENTGUY_GRPC_MAX_RECEIVE_MESSAGE_BYTES` | — | 4194304 |
/// | `grpc.shutdownGraceSeconds` | `RENTGUY_GRPC_SHUTDOWN_GRACE_SECONDS` | — | 30 |
/// | `http.host` | `RENTGUY_HTTP_HOST` | `--http-host` | 127.0.0.1 |
/// | `http.port` | `RENTGUY_HTTP_PORT` | `--http-port` | 8080 |
/// | `database.path` | `RENTGUY_DATABASE_PATH` | `--database-path` | rentguy.sqlite |
/// | `log.level` | `RENTGUY_LOG_LEVEL` | `--log-level` | info |
/// | `bootstrap.adminEmail` | `RENTGUY_ADMIN_EMAIL` | — | — (admin@localhost, random password) |
/// | `bootstrap.adminPassword` | `RENTGUY_ADMIN_PASSWORD` | — | — |
/// | `booking.timeZone` | `RENTGUY_BOOKING_TIME_ZONE` | — | Europe/Amsterdam |
/// | `booking.heartbeatSeconds` | `RENTGUY_BOOKING_HEARTBEAT_SECONDS` | — | 10 |
/// | `booking.eventRetentionDays` | `RENTGUY_BOOKING_EVENT_RETENTION_DAYS` | — | 400 |
/// | `booking.currency` | `RENTGUY_BOOKING_CURRENCY` | — | EUR |
/// | `vat.standardRateBp` | `RENTGUY_VAT_STANDARD_RATE_BP` | — | 2100 |
/// | `vat.reducedRateBp` | `RENTGUY_VAT_REDUCED_RATE_BP` | — | 900 |
/// | `payments.stripe.secretKey` | `RENTGUY_PAYMENTS_STRIPE_SECRET_KEY` | — | — (see below) |
/// | `payments.stripe.webhookSecret` | `RENTGUY_PAYMENTS_STRIPE_WEBHOOK_SECRET` | — | — (random with the mock) |
/// | `payments.stripe.apiBase` | `RENTGUY_PAYMENTS_STRIPE_API_BASE` | — | https://api.stripe.com |
/// | `payments.mollie.apiKey` | `RENTGUY_PAYMENTS_MOLLIE_API_KEY` | — | — |
/// | `payments.mollie.apiBase` | `RENTGUY_PAYMENTS_MOLLIE_API_BASE` | — | https://api.mollie.com |
/// | `payments.publicUrl` | `RENTGUY_PAYMENTS_PUBLIC_URL` | — | http://HTTP-HOST:HTTP-PORT |
/// | `payments.returnUrl` | `RENTGUY_PAYMENTS_RETURN_URL` | — | PUBLIC-URL/payments/return |
/// | `payments.providerTimeoutMilliseconds` | `RENTGUY_PAYMENTS_PROVIDER_TIMEOUT_MILLISECONDS` | — | 15000 |
/// | `payments.mockPort` | `RENTGUY_PAYMENTS_MOCK_PORT` | — | 0 (any) |
/// | `payments.mockTimeoutDelayMilliseconds` | `RENTGUY_PAYMENTS_MOCK_TIMEOUT_DELAY_MILLISECONDS` | — | 30000 |
/// | `jobs.workersPerQueue` | `RENTGUY_JOBS_WORKERS_PER_QUEUE` | — | 16 |
/// | `jobs.leaseSeconds` | `RENTGUY_JOBS_LEASE_SECONDS` | — | 60 (more than the provider timeout) |
/// | `jobs.retentionDays` | `RENTGUY_JOBS_RETENTION_DAYS` | — | 30 |
/// | `jobs.retryInitialMilliseconds` | `RENTGUY_JOBS_RETRY_INITIAL_MILLISECONDS` | — | 5000 |
/// | `jobs.retryMaximumMilliseconds` | `RENTGUY_JOBS_RETRY_MAXIMUM_MILLISECONDS` | — | 3600000 |
/// | `export.rateLimits` | `RENTGUY_EXPORT_RATE_LIMITS` | — | true |
/// | `export.seller.name` … `.vatId`, `.street`, `.postalCode`, `.city`, `.country`, `.iban` | `RENTGUY_EXPORT_SELLER_…` | — | RentGuy, NL |
///
/// With neither `payments.stripe.secretKey` nor `payments.mollie.apiKey`, the server starts the
/// provider mock in-process and points both providers at it (it prints "provider mock listening
/// on HOST:PORT"); secrets are never logged.
///
/// The JSON file (`--config FILE` or `RENTGUY_CONFIG`) nests the same keys:
/// `{"grpc": {"port": 50051}, "database": {"path": "/var/lib/rentguy/rentguy.sqlite"}}`.
extension ServerConfig {
  /// The environment variable naming the JSON configuration file.
  public static let configFileEnvironmentVariable = "RENTGUY_CONFIG"

  /// Reads the configuration from its sources, highest precedence first: `flags` (already
  /// parsed, keyed by configuration key), the environment (`RENTGUY_…`), the JSON file at
  /// `configFile` (if any), then the defaults.
  ///
  /// - Throws: ``ConfigurationError`` for a value that cannot be used, or when the file is
  ///   missing or not valid JSON.
  public static func load(
    flags: [AbsoluteConfigKey: ConfigValue] = [:],
    environment: [String: String],
    configFile: String?
  ) async throws -> ServerConfig {
    var environment = environment
    // Short names for the first admin, as the README uses them.
    for (alias, name) in Self.environmentAliases where environment[name] == nil {
      environment[name] = environment[alias]
    }
    var providers: [any ConfigProvider] = [
      InMemoryProvider(name: "flags", values: flags),
      EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "rentguy"),
    ]
    if let configFile {
      do {
        providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile)))
      } catch {
        throw ConfigurationError(key: "config", message: "cannot read '\(configFile)': \(error)")
      }
    }
    return try ServerConfig(reader: ConfigReader(providers: providers))
  }

  static let environmentAliases = [
    "RENTGUY_ADMIN_EMAIL": "RENTGUY_BOOTSTRAP_ADMIN_EMAIL",
    "RENTGUY_ADMIN_PASSWORD": "RENTGUY_BOOTSTRAP_ADMIN_PASSWORD",
  ]

  /// Reads every key from `reader`, falling back to the defaults.
  public init(reader: ConfigReader) throws {
    let values = ValueReader(reader: reader)
    var config = ServerConfig.defaults

    config.grpc.host = try values.host("grpc.host", default: config.grpc.host)
    config.grpc.port = try values.port("grpc.port", default: config.grpc.port)
    config.grpc.tlsCertificatePath = values.string("grpc.tls.certificate")
    config.grpc.tlsKeyPath = values.string("grpc.tls.key")
    config.grpc.tlsClientCAPath = values.string("grpc.tls.clientCA")
    if (config.grpc.tlsCertificatePath == nil) != (config.grpc.tlsKeyPath == nil) {
      throw ConfigurationError(key: "grpc.tls", message: "certificate and key go together")
    }
    if config.grpc.tlsClientCAPath != nil && config.grpc.tlsCertificatePath == nil {
      throw ConfigurationError(key: "grpc.tls.clientCA", message: "needs grpc.tls.certificate and grpc.tls.key")
    }
    config.grpc.maxConcurrentStreams = try values.int(
      "grpc.maxConcurrentStreams", default: config.grpc.maxConcurrentStreams, in: 1...10_000
    )
    config.grpc.maxReceiveMessageBytes = try values.int(
      "grpc.maxReceiveMessageBytes", default: config.grpc.maxReceiveMessageBytes, in: 1024...(64 * 1024 * 1024)
    )
    config.grpc.shutdownGracePeriod = .seconds(
      try values.int("grpc.shutdownGraceSeconds", default: 30, in: 0...3600)
    )

    config.http.host = try values.host("http.host", default: config.http.host)
    config.http.port = try values.port("http.port", default: config.http.port)

    let path = values.string("database.path") ?? config.database.path
    guard !path.isEmpty else {
      throw ConfigurationError(key: "database.path", message: "must not be empty")
    }
    config.database.path = path

    config.bootstrap.adminEmail = values.string("bootstrap.adminEmail")
    config.bootstrap.adminPassword = values.string("bootstrap.adminPassword")
    if (config.bootstrap.adminEmail == nil) != (config.bootstrap.adminPassword == nil) {
      throw ConfigurationError(key: "bootstrap", message: "adminEmail and adminPassword go together")
    }
    if let password = config.bootstrap.adminPassword, password.count < 12 {
      throw ConfigurationError(key: "bootstrap.adminPassword", message: "must have at least 12 characters")
    }

    if let zone = values.string("booking.timeZone") {
      guard TimeZone(identifier: zone) != nil else {
        throw ConfigurationError(key: "booking.timeZone", message: "'\(zone)' is not an IANA time zone")
      }
      config.booking.timeZone = zone
    }
    config.booking.heartbeatSeconds = try values.int("booking.heartbeatSeconds", default: config.booking.heartbeatSeconds, in: 1...3600)
    config.booking.eventRetentionDays = try values.int(
      "booking.eventRetentionDays", default: config.booking.eventRetentionDays, in: 1...36_500
    )
    if let currency = values.string("booking.currency") {
      guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
        throw ConfigurationError(key: "booking.currency", message: "'\(currency)' is not an ISO 4217 code such as EUR")
      }
      config.booking.currency = currency
    }
    config.booking.standardVATBp = try values.int("vat.standardRateBp", default: config.booking.standardVATBp, in: 0...10_000)
    config.booking.reducedVATBp = try values.int("vat.reducedRateBp", default: config.booking.reducedVATBp, in: 0...10_000)

    try Self.readPayments(values, into: &config)

    if let level = values.string("log.level") {
      guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
        throw ConfigurationError(
          key: "log.level",
          message: "'\(level)' is not one of trace, debug, info, notice, warning, error, critical"
        )
      }
      config.logLevel = parsed
    }
    self = config
  }
}

/// Typed reads that refuse a present-but-invalid value instead of falling back silently.
private struct ValueReader {
  let reader: ConfigReader

  func string(_ key: String) -> String? {
    guard let value = reader.string(forKey: ConfigKey(key)), !value.isEmpty else { return nil }
    return value
  }

  func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
    let value: Int
    if let parsed = reader.int(forKey: ConfigKey(key)) {
      value = parsed
    } else if let raw = reader.string(forKey: ConfigKey(key)) {
      throw ConfigurationError(key: key, message: "'\(raw)' is not an integer")
    } else {
      return defaultValue
    }
    guard range.contains(value) else {
      throw ConfigurationError(key: key, message: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  func port(_ key: String, default defaultValue: Int) throws -> Int {
    try int(key, default: defaultValue, in: 0...65535)
  }

  func host(_ key: String, default defaultValue: String) throws -> String {
    guard let value = string(key) else { return defaultValue }
    guard !value.contains(where: \.isWhitespace) else {
      throw ConfigurationError(key: key, message: "'\(value)' is not a host name or address")
    }
    return value
  }
}

extension ServerConfig {
  /// The `payments.*` and `jobs.*` keys.
  fileprivate static func readPayments(_ values: ValueReader, into config: inout ServerConfig) throws {
    func secret(_ key: String, prefixes: [String]) throws -> String? {
      guard let value = values.string(key), !value.isEmpty else { return nil }
      guard prefixes.contains(where: value.hasPrefix) else {
        throw ConfigurationError(key: key, message: "must start with \(prefixes.joined(separator: " or "))")
      }
      return value
    }
    func base(_ key: String, default value: String) throws -> String {
      guard let text = values.string(key) else { return value }
      guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
        throw ConfigurationError(key: key, message: "'\(text)' is not an http(s) URL")
      }
      return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
    config.payments.stripeSecretKey = try secret("payments.stripe.secretKey", prefixes: ["sk_test_", "sk_live_", "rk_test_", "rk_live_"])
    config.payments.stripeWebhookSecret = try secret("payments.stripe.webhookSecret", prefixes: ["whsec_"])
    config.payments.stripeAPIBase = try base("payments.stripe.apiBase", default: config.payments.stripeAPIBase)
    config.payments.mollieAPIKey = try secret("payments.mollie.apiKey", prefixes: ["test_", "live_"])
    config.payments.mollieAPIBase = try base("payments.mollie.apiBase", default: config.payments.mollieAPIBase)
    if values.string("payments.publicUrl") != nil { config.payments.publicURL = try base("payments.publicUrl", default: "") }
    if values.string("payments.returnUrl") != nil { config.payments.returnURL = try base("payments.returnUrl", default: "") }
    config.payments.providerTimeout = .milliseconds(try values.int("payments.providerTimeoutMilliseconds", default: 15_000, in: 100...120_000))
    config.payments.mockPort = try values.int("payments.mockPort", default: 0, in: 0...65_535)
    config.payments.mockTimeoutDelay = .milliseconds(try values.int("payments.mockTimeoutDelayMilliseconds", default: 30_000, in: 0...600_000))
    config.jobs.workersPerQueue = try values.int("jobs.workersPerQueue", default: config.jobs.workersPerQueue, in: 1...256)
    config.jobs.lease = .seconds(try values.int("jobs.leaseSeconds", default: 60, in: 2...3600))
    if config.jobs.lease <= config.payments.providerTimeout {
      throw ConfigurationError(key: "jobs.leaseSeconds", message: "must be longer than payments.providerTimeoutMilliseconds")
    }
    config.jobs.retentionDays = try values.int("jobs.retentionDays", default: config.jobs.retentionDays, in: 1...3650)
    config.jobs.retryInitial = .milliseconds(try values.int("jobs.retryInitialMilliseconds", default: 5000, in: 10...3_600_000))
    config.jobs.retryMaximum = .milliseconds(try values.int("jobs.retryMaximumMilliseconds", default: 3_600_000, in: 10...86_400_000))
    try Self.readExport(values, into: &config)
  }

  /// The `export.*` keys.
  fileprivate static func readExport(_ values: ValueReader, into config: inout ServerConfig) throws {
    if let limits = values.string("export.rateLimits") {
      guard ["true", "false"].contains(limits) else { throw ConfigurationError(key: "export.rateLimits", message: "must be true or false") }
      config.export.rateLimits = limits == "true"
    }
    for (key, path) in [
      ("export.seller.name", \ServerConfig.Export.sellerName), ("export.seller.vatId", \.sellerVATID), ("export.seller.street", \.sellerStreet),
      ("export.seller.postalCode", \.sellerPostalCode), ("export.seller.city", \.sellerCity), ("export.seller.iban", \.sellerIBAN),
    ] {
      if let value = values.string(key) { config.export[keyPath: path] = value }
    }
    if let country = values.string("export.seller.country") {
      guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
        throw ConfigurationError(key: "export.seller.country", message: "'\(country)' is not an ISO 3166-1 alpha-2 code like NL")
      }
      config.export.sellerCountry = country
    }
  }
}
