import Foundation
import RentGuyProto
import SwiftProtobuf
import RentGuyProviders
import RentGuyStore

/// Exact Online's access token, refreshed before it expires. Exact answers every refresh with a
/// new refresh token, and the old one stops working once the new tokens are used, so the new
/// pair is **committed before anything uses it**: a crash between the provider's answer and the
/// commit leaves the old refresh token stored, and still good for the next refresh. One refresh
/// runs at a time (two would spend the same refresh token twice).
actor ExactTokenKeeper {
  private let repository: any IntegrationRepository
  private let oauth: @Sendable (Rentguy_Export_V1_ExactSettings, String) -> ExactOAuth
  /// Test fault point: the process dies right after Exact answered a refresh, before the commit.
  private let crashAfterRefresh: Bool
  private var refreshing: Task<String, any Error>?

  /// Tokens this close to their end are refreshed first.
  static let margin: Int64 = 60_000

  init(repository: any IntegrationRepository, crashAfterRefresh: Bool, oauth: @escaping @Sendable (Rentguy_Export_V1_ExactSettings, String) -> ExactOAuth) {
    self.repository = repository
    self.crashAfterRefresh = crashAfterRefresh
    self.oauth = oauth
  }

  /// A current access token; with `forceRefresh` a new one unless `replacing` was replaced already.
  func accessToken(forceRefresh: Bool, replacing: String? = nil) async throws -> String {
    if let refreshing { return try await refreshing.value }
    let stored = try await self.load()
    let now = Date().millisecondsSince1970
    if !stored.accessToken.isEmpty, stored.accessTokenExpiresAt - Self.margin > now {
      if !forceRefresh || (replacing != nil && replacing != stored.accessToken) { return stored.accessToken }
    }
    if let refreshing { return try await refreshing.value }
    let task = Task { try await self.refresh() }
    self.refreshing = task
    defer { self.refreshing = nil }
    return try await task.value
  }

  private func load() async throws -> StoredAccountingConnection {
    let exact = Rentguy_Export_V1_AccountingProvider.exact.rawValue
    guard let stored = try await self.repository.read({ db in try db.accountingConnection(provider: exact) }), !stored.refreshToken.isEmpty else {
      throw ProviderError(provider: "exact", httpStatus: nil, message: "Exact Online is not authorized: run `rentguy connections authorize-exact`", retryable: false)
    }
    return stored
  }

  private func refresh() async throws -> String {
    let stored = try await self.load()
    let settings = ExportService.connection(.exact, stored).exact
    let tokens = try await self.oauth(settings, stored.secret).refresh(refreshToken: stored.refreshToken)
    if self.crashAfterRefresh { kill(getpid(), SIGKILL) }
    let spent = stored.refreshToken
    let committed = try await self.repository.write { db -> Bool in
      guard var current = try db.accountingConnection(provider: Rentguy_Export_V1_AccountingProvider.exact.rawValue), current.refreshToken == spent else {
        return false  // cleared or re-authorized meanwhile: keep what is there
      }
      let now = Date().millisecondsSince1970
      current.accessToken = tokens.accessToken
      current.accessTokenExpiresAt = tokens.accessTokenExpiresAtMilliseconds
      current.refreshToken = tokens.refreshToken
      current.refreshTokenExpiresAt = now + AccountingGateways.exactRefreshTokenLifetime
      current.updatedAt = now
      try db.saveAccountingConnection(current)
      return true
    }
    // Tokens that were not stored are never used: the next call reads what is stored now.
    guard committed else {
      throw ProviderError(provider: "exact", httpStatus: nil, message: "the Exact authorization changed while its token was refreshed", retryable: true)
    }
    return tokens.accessToken
  }
}
