import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyProviders
import RentGuyStore
import SwiftProtobuf

/// Connections and mappings: the finance user's settings per provider.
extension ExportService {
  // MARK: - Connections

  /// The writable paths of UpdateConnection; the secrets among them.
  static let connectionPaths: [Rentguy_Export_V1_AccountingProvider: Set<String>] = [
    .moneybird: ["moneybird.administration_id", "moneybird.api_token", "moneybird.base_url"],
    .exact: ["exact.base_url", "exact.division", "exact.client_id", "exact.client_secret", "exact.redirect_uri"],
  ]
  static let secretPaths: Set<String> = ["moneybird.api_token", "exact.client_secret"]

  public func getConnection(request: Rentguy_Export_V1_GetConnectionRequest, context: ServerContext) async throws -> Rentguy_Export_V1_GetConnectionResponse {
    let provider = try Self.provider(request.provider)
    let stored = try await self.repository.read { db in try db.accountingConnection(provider: provider.rawValue) }
    return .with { $0.connection = Self.connection(provider, stored) }
  }

  /// The contract's view of a stored connection: never a secret.
  static func connection(_ provider: Rentguy_Export_V1_AccountingProvider, _ stored: StoredAccountingConnection?) -> Rentguy_Export_V1_Connection {
    var connection = (stored.flatMap { try? Rentguy_Export_V1_Connection(serializedBytes: $0.settings) }) ?? Rentguy_Export_V1_Connection()
    connection.provider = provider
    if provider == .moneybird, !connection.hasMoneybird { connection.moneybird = .init() }
    if provider == .exact, !connection.hasExact { connection.exact = .init() }
    connection.moneybird.apiToken = ""
    connection.exact.clientSecret = ""
    if provider == .moneybird { connection.clearExact() } else { connection.clearMoneybird() }
    guard let stored else { return connection }
    connection.secretSet = !stored.secret.isEmpty
    connection.authorized = provider == .exact && !stored.refreshToken.isEmpty
    if connection.authorized { connection.authorizationExpiresAt = .init(milliseconds: stored.refreshTokenExpiresAt) }
    connection.updatedAt = .init(milliseconds: stored.updatedAt)
    connection.version = stored.version
    return connection
  }

  public func updateConnection(
    request: Rentguy_Export_V1_UpdateConnectionRequest, context: ServerContext
  ) async throws -> Rentguy_Export_V1_UpdateConnectionResponse {
    let provider = try Self.provider(request.connection.provider, field: "connection.provider")
    let allowed = Self.connectionPaths[provider] ?? []
    let paths = request.updateMask.paths
    guard !paths.isEmpty || !request.clearSecrets_p.isEmpty else { throw IntegrationError.invalidArgument("update_mask", "names no field") }
    for path in paths where !allowed.contains(path) {
      throw IntegrationError.invalidArgument("update_mask", "'\(path)' is not a setting of \(provider.slug) (\(allowed.sorted().joined(separator: ", ")))")
    }
    for path in request.clearSecrets_p where !(Self.secretPaths.contains(path) && allowed.contains(path)) {
      throw IntegrationError.invalidArgument("clear_secrets", "'\(path)' is not a secret of \(provider.slug)")
    }
    let given = request.connection
    var secret: String?
    for path in paths {
      switch path {
      case "moneybird.administration_id":
        guard given.moneybird.administrationID.allSatisfy({ $0.isNumber }), !given.moneybird.administrationID.isEmpty else {
          throw IntegrationError.invalidArgument("connection.moneybird.administration_id", "must be the administration's number")
        }
      case "moneybird.base_url": try Self.baseURL(given.moneybird.baseURL, field: "connection.moneybird.base_url")
      case "exact.base_url": try Self.baseURL(given.exact.baseURL, field: "connection.exact.base_url")
      case "exact.redirect_uri": try Self.baseURL(given.exact.redirectUri, field: "connection.exact.redirect_uri")
      case "exact.division":
        guard given.exact.division > 0 else { throw IntegrationError.invalidArgument("connection.exact.division", "must be a division number") }
      case "exact.client_id":
        guard !given.exact.clientID.isEmpty, given.exact.clientID.count <= 200 else {
          throw IntegrationError.invalidArgument("connection.exact.client_id", "must not be empty")
        }
      case "moneybird.api_token", "exact.client_secret":
        let value = path == "moneybird.api_token" ? given.moneybird.apiToken : given.exact.clientSecret
        guard !value.isEmpty else {
          throw IntegrationError.invalidArgument("connection.\(path)", "must not be empty (clear a secret with clear_secrets)")
        }
        guard value.count <= 1000, value.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
          throw IntegrationError.invalidArgument("connection.\(path)", "is not a token")
        }
        secret = value
      default: break
      }
    }
    let clearing = request.clearSecrets_p
    let newSecret = secret
    return try await self.mutate("UpdateConnection", context) { db, mutation in
      var stored = try db.accountingConnection(provider: provider.rawValue) ?? StoredAccountingConnection(provider: provider.rawValue, settings: [])
      if request.expectedVersion != 0, request.expectedVersion != stored.version {
        throw IntegrationError(
          .aborted, "expected_version: the \(provider.slug) connection is at version \(stored.version), not \(request.expectedVersion); read it again",
          reason: .versionMismatch
        )
      }
      var settings = Self.connection(provider, stored)
      for path in paths {
        switch path {
        case "moneybird.administration_id": settings.moneybird.administrationID = given.moneybird.administrationID
        case "moneybird.base_url": settings.moneybird.baseURL = given.moneybird.baseURL
        case "exact.base_url": settings.exact.baseURL = given.exact.baseURL
        case "exact.division": settings.exact.division = given.exact.division
        case "exact.client_id": settings.exact.clientID = given.exact.clientID
        case "exact.redirect_uri": settings.exact.redirectUri = given.exact.redirectUri
        default: break
        }
      }
      if let newSecret { stored.secret = newSecret }
      if !clearing.isEmpty {
        stored.secret = ""
        // Exact's tokens were issued to the client secret: they go with it.
        stored.accessToken = ""
        stored.refreshToken = ""
        stored.accessTokenExpiresAt = 0
        stored.refreshTokenExpiresAt = 0
      }
      var bare = Rentguy_Export_V1_Connection()
      bare.provider = provider
      if provider == .moneybird { bare.moneybird = settings.moneybird } else { bare.exact = settings.exact }
      stored.settings = try bare.serializedBytes()
      stored.version += 1
      stored.updatedAt = mutation.now
      try db.saveAccountingConnection(stored)
      let changed = paths.map { Self.secretPaths.contains($0) ? "\($0) (secret)" : $0 } + clearing.map { "cleared \($0)" }
      try mutation.audit("connection.\(provider.slug)", "changed \(changed.joined(separator: ", "))", in: db)
      return try mutation.respond(Rentguy_Export_V1_UpdateConnectionResponse.with { $0.connection = Self.connection(provider, stored) })
    }
  }

  static func baseURL(_ text: String, field: String) throws {
    guard let url = URL(string: text), ["https", "http"].contains(url.scheme?.lowercased() ?? ""), url.host != nil, text.utf8.count <= 500 else {
      throw IntegrationError.invalidArgument(field, "must be an absolute http(s) URL")
    }
  }

  public func testConnection(request: Rentguy_Export_V1_TestConnectionRequest, context: ServerContext) async throws -> Rentguy_Export_V1_TestConnectionResponse {
    let provider = try Self.provider(request.provider)
    do {
      let gateway = try await self.gateways.gateway(provider)
      let message = try await gateway.testConnection()
      return .with {
        $0.ok = true
        $0.message = message
      }
    } catch let error as IntegrationError {
      return .with { $0.message = error.message }
    } catch {
      return .with { $0.message = "\(error)" }
    }
  }

  // MARK: - Exact authorization

  public func startExactAuthorization(
    request: Rentguy_Export_V1_StartExactAuthorizationRequest, context: ServerContext
  ) async throws -> Rentguy_Export_V1_StartExactAuthorizationResponse {
    let state = SecretToken.make(prefix: "exs_")
    let gateways = self.gateways
    return try await self.mutate("StartExactAuthorization", context) { db, mutation in
      guard var stored = try db.accountingConnection(provider: Rentguy_Export_V1_AccountingProvider.exact.rawValue) else {
        throw IntegrationError.state("Exact is not set up: set exact.client_id, exact.client_secret and exact.redirect_uri first", state: "NOT_CONNECTED")
      }
      let settings = Self.connection(.exact, stored).exact
      let missing = [("exact.client_id", settings.clientID.isEmpty), ("exact.client_secret", stored.secret.isEmpty), ("exact.redirect_uri", settings.redirectUri.isEmpty)]
        .filter(\.1).map(\.0)
      guard missing.isEmpty else { throw IntegrationError.state("Exact is not set up: set \(missing.joined(separator: ", ")) first", state: "NOT_CONNECTED") }
      stored.oauthState = state
      try db.saveAccountingConnection(stored)
      try mutation.audit("connection.exact", "started the Exact authorization", in: db)
      let url = gateways.exactOAuth(settings: settings, secret: stored.secret).authorizationURL(state: state)
      return try mutation.respond(Rentguy_Export_V1_StartExactAuthorizationResponse.with {
        $0.authorizationURL = url
        $0.state = state
      })
    }
  }

  public func completeExactAuthorization(
    request: Rentguy_Export_V1_CompleteExactAuthorizationRequest, context: ServerContext
  ) async throws -> Rentguy_Export_V1_CompleteExactAuthorizationResponse {
    let code = try BookingService.required(request.code, field: "code")
    let state = try BookingService.required(request.state, field: "state")
    guard code.count <= 2000 else { throw IntegrationError.invalidArgument("code", "is too long") }
    let stored = try await self.repository.read { db in try db.accountingConnection(provider: Rentguy_Export_V1_AccountingProvider.exact.rawValue) }
    guard let stored, !stored.oauthState.isEmpty, SecretToken.hash(stored.oauthState) == SecretToken.hash(state) else {
      throw IntegrationError(.failedPrecondition, "state: not the authorization this server started (start it again)", reason: .stateConflict, field: "state")
    }
    let settings = Self.connection(.exact, stored).exact
    let tokens: ExactOAuth.Tokens
    do {
      tokens = try await self.gateways.exactOAuth(settings: settings, secret: stored.secret).exchange(code: code)
    } catch {
      throw IntegrationError.provider(error)
    }
    return try await self.mutate("CompleteExactAuthorization", context) { db, mutation in
      guard var current = try db.accountingConnection(provider: Rentguy_Export_V1_AccountingProvider.exact.rawValue) else {
        throw IntegrationError.notFound("connection", "exact")
      }
      current.accessToken = tokens.accessToken
      current.accessTokenExpiresAt = tokens.accessTokenExpiresAtMilliseconds
      current.refreshToken = tokens.refreshToken
      current.refreshTokenExpiresAt = mutation.now + AccountingGateways.exactRefreshTokenLifetime
      current.oauthState = ""
      current.version += 1
      current.updatedAt = mutation.now
      try db.saveAccountingConnection(current)
      try mutation.audit("connection.exact", "authorized Exact Online", in: db)
      return try mutation.respond(Rentguy_Export_V1_CompleteExactAuthorizationResponse.with { $0.connection = Self.connection(.exact, current) })
    }
  }

  // MARK: - Mapping

  public func getMapping(request: Rentguy_Export_V1_GetMappingRequest, context: ServerContext) async throws -> Rentguy_Export_V1_GetMappingResponse {
    let provider = try Self.provider(request.provider)
    let mapping = try await self.repository.read { db in try Self.mapping(provider, in: db) }
    return .with { $0.mapping = mapping }
  }

  public func updateMapping(request: Rentguy_Export_V1_UpdateMappingRequest, context: ServerContext) async throws -> Rentguy_Export_V1_UpdateMappingResponse {
    var mapping = request.mapping
    let provider = try Self.provider(mapping.provider, field: "mapping.provider")
    var seen: Set<Int> = []
    for (index, entry) in mapping.vat.enumerated() {
      guard entry.category != .unspecified, case .some = Rentguy_Booking_V1_VatCategory(rawValue: entry.category.rawValue) else {
        throw IntegrationError.invalidArgument("mapping.vat[\(index)].category", "must be a VAT category")
      }
      guard seen.insert(entry.category.rawValue).inserted else {
        throw IntegrationError.invalidArgument("mapping.vat[\(index)].category", "\(entry.category) is mapped twice")
      }
      for (name, value) in [("revenue_account", entry.revenueAccount), ("tax_code", entry.taxCode)] where value.count > 100 || value.contains(where: \.isNewline) {
        throw IntegrationError.invalidArgument("mapping.vat[\(index)].\(name)", "is not an account or code")
      }
    }
    for (name, value) in [("journal", mapping.journal), ("workflow_id", mapping.workflowID), ("payments_account", mapping.paymentsAccount)]
    where value.count > 100 || value.contains(where: \.isNewline) {
      throw IntegrationError.invalidArgument("mapping.\(name)", "is not an account or code")
    }
    if case .UNRECOGNIZED = mapping.contactMatching { throw IntegrationError.invalidArgument("mapping.contact_matching", "is not a matching rule") }
    if mapping.contactMatching == .unspecified { mapping.contactMatching = .customerNumberThenEmail }
    mapping.clearUpdatedAt()
    mapping.version = 0
    let expected = request.expectedVersion
    let document: [UInt8] = try mapping.serializedBytes()
    let categories = mapping.vat.count
    return try await self.mutate("UpdateMapping", context) { db, mutation in
      let current = try db.accountingMapping(provider: provider.rawValue)
      let version = current?.version ?? 0
      if expected != 0, expected != version {
        throw IntegrationError(
          .aborted, "expected_version: the \(provider.slug) mapping is at version \(version), not \(expected); read it again", reason: .versionMismatch
        )
      }
      try db.saveAccountingMapping(provider: provider.rawValue, VersionedDocument(id: "\(provider.rawValue)", document: document, version: version + 1, updatedAt: mutation.now))
      try mutation.audit("mapping.\(provider.slug)", "changed the \(provider.slug) mapping (\(categories) VAT categories)", in: db)
      let saved = try Self.mapping(provider, in: db)
      return try mutation.respond(Rentguy_Export_V1_UpdateMappingResponse.with { $0.mapping = saved })
    }
  }
}
