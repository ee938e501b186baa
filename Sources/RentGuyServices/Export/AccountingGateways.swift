public import AsyncHTTPClient
public import Foundation
import GRPCCore
import RentGuyProto
import RentGuyProviders
import RentGuyRules
public import RentGuyStore
import SwiftProtobuf

/// The accounting providers of this server: a gateway per provider built from the stored
/// connection, the client-side rate limiters (one per provider, shared by every export, so the
/// provider's limit holds however many jobs run), Exact's error budget and tokens, and the
/// contacts found so far.
public final class AccountingGateways: Sendable {
  /// Exact's refresh tokens live 30 days.
  public static let exactRefreshTokenLifetime: Int64 = 30 * 86_400_000

  let repository: any IntegrationRepository
  let client: HTTPClient
  let timeout: Duration
  /// The built-in provider mock's base URL: the default base URL when a connection names none.
  let mockURL: String?
  let limitsEnabled: Bool
  let moneybirdLimiter: ProviderRateLimiter
  let exactLimiter: ProviderRateLimiter
  let exactErrors = ExactErrorBudget()
  let contacts: ContactDirectory
  let inFlight = DocumentsInFlight()
  let exactTokens: ExactTokenKeeper
  /// Invoice dates and payment dates are in this zone.
  let timeZone: TimeZone
  /// Who sells, for UBL documents.
  let seller: UBLInvoiceDocument.Seller

  /// - Parameters:
  ///   - mockURL: the built-in provider mock, the default base URL of both providers.
  ///   - limitsEnabled: false only against a mock whose limits are off (benchmarks).
  ///   - crashAfterExactRefresh: a test fault point (the process dies between Exact's answer to a
  ///     refresh and its commit).
  public init(
    repository: any IntegrationRepository, client: HTTPClient, timeout: Duration, mockURL: String?, limitsEnabled: Bool, timeZone: TimeZone,
    seller: UBLInvoiceDocument.Seller, crashAfterExactRefresh: Bool = false
  ) {
    self.repository = repository
    self.client = client
    self.timeout = timeout
    self.mockURL = mockURL
    self.limitsEnabled = limitsEnabled
    self.moneybirdLimiter = ProviderRateLimiter(windows: MoneybirdAPI.rateWindows, enabled: limitsEnabled)
    self.exactLimiter = ProviderRateLimiter(windows: ExactAPI.rateWindows, enabled: limitsEnabled)
    self.contacts = ContactDirectory(repository: repository)
    self.timeZone = timeZone
    self.seller = seller
    self.exactTokens = ExactTokenKeeper(repository: repository, crashAfterRefresh: crashAfterExactRefresh) { settings, secret in
      ExactOAuth(
        baseURL: settings.baseURL.isEmpty ? (mockURL ?? "https://start.exactonline.nl") : settings.baseURL, clientID: settings.clientID,
        clientSecret: secret, redirectURI: settings.redirectUri, client: client, timeout: timeout
      )
    }
  }

  /// How long the provider's limiter would hold `calls` requests now.
  func expectedWait(_ provider: Rentguy_Export_V1_AccountingProvider, calls: Int) async -> Duration {
    guard self.limitsEnabled else { return .zero }
    return await (provider == .exact ? self.exactLimiter : self.moneybirdLimiter).plannedDuration(calls: calls)
  }

  /// The windows an export's planned duration is computed with (none when limits are off).
  func limits(_ provider: Rentguy_Export_V1_AccountingProvider) -> [RateWindow] {
    self.limitsEnabled ? Self.providerLimits(provider) : []
  }

  /// The provider's own limits.
  static func providerLimits(_ provider: Rentguy_Export_V1_AccountingProvider) -> [RateWindow] {
    provider == .exact ? ExactAPI.rateWindows : MoneybirdAPI.rateWindows
  }

  func baseURL(_ provider: Rentguy_Export_V1_AccountingProvider, configured: String) -> String {
    if !configured.isEmpty { return configured }
    return self.mockURL ?? (provider == .exact ? "https://start.exactonline.nl" : "https://moneybird.com")
  }

  func exactOAuth(settings: Rentguy_Export_V1_ExactSettings, secret: String) -> ExactOAuth {
    ExactOAuth(
      baseURL: self.baseURL(.exact, configured: settings.baseURL), clientID: settings.clientID, clientSecret: secret, redirectURI: settings.redirectUri,
      client: self.client, timeout: self.timeout
    )
  }

  /// Fails with FAILED_PRECONDITION naming what a provider's connection lacks.
  func requireConnected(_ provider: Rentguy_Export_V1_AccountingProvider) async throws {
    _ = try await self.settings(provider)
  }

  private func settings(_ provider: Rentguy_Export_V1_AccountingProvider) async throws -> (Rentguy_Export_V1_Connection, StoredAccountingConnection) {
    let stored = try await self.repository.read { db in try db.accountingConnection(provider: provider.rawValue) }
    let connection = ExportService.connection(provider, stored)
    var missing: [String] = []
    switch provider {
    case .moneybird:
      if connection.moneybird.administrationID.isEmpty { missing.append("moneybird.administration_id") }
      if stored?.secret.isEmpty ?? true { missing.append("moneybird.api_token") }
    default:
      if connection.exact.division == 0 { missing.append("exact.division") }
      if !connection.authorized { missing.append("the Exact authorization (rentguy connections authorize-exact)") }
    }
    guard missing.isEmpty, let stored else {
      throw IntegrationError(
        .failedPrecondition, "\(provider.slug) is not connected: set \(missing.joined(separator: ", "))", reason: .stateConflict,
        info: ["missing": missing.joined(separator: ", ")]
      )
    }
    return (connection, stored)
  }

  /// The provider's gateway with the stored settings.
  func gateway(_ provider: Rentguy_Export_V1_AccountingProvider) async throws -> any AccountingGateway {
    let (connection, stored) = try await self.settings(provider)
    switch provider {
    case .moneybird:
      let http = ProviderHTTP(
        provider: "moneybird", baseURL: self.baseURL(.moneybird, configured: connection.moneybird.baseURL), apiKey: stored.secret, timeout: self.timeout,
        client: self.client
      )
      let administration = connection.moneybird.administrationID
      return MoneybirdGateway(api: MoneybirdAPI(http: http, administrationID: administration, limiter: self.moneybirdLimiter), administrationID: administration)
    default:
      let http = ProviderHTTP(
        provider: "exact", baseURL: self.baseURL(.exact, configured: connection.exact.baseURL), apiKey: "", timeout: self.timeout, client: self.client
      )
      return ExactGateway(
        api: ExactAPI(http: http, division: Int(connection.exact.division), limiter: self.exactLimiter, errorBudget: self.exactErrors),
        tokens: self.exactTokens
      )
    }
  }
}
