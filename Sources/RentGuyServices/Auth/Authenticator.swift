public import Foundation
import GRPCCore
import RentGuyProto
public import RentGuyStore
import Synchronization

/// Turns a bearer credential into a ``Principal``: an API key (`rgk_…`, looked up by its hash,
/// so revocation takes effect at once) or a user's access token (verified by ``AccessTokens``;
/// its session must not be revoked and its user must be active).
///
/// Users' roles are cached for a few seconds; every change this server makes to a user, a role
/// or a session invalidates the cache at once (``invalidate(userID:)``, ``sessionRevoked(_:)``).
public final class Authenticator: Sendable {
  public static let apiKeyPrefix = "rgk_"

  private struct CachedUser {
    var displayName: String
    var roleIDs: [String]
    var permissions: Set<String>
    var loadedAt: ContinuousClock.Instant
  }

  private struct State {
    var users: [String: CachedUser] = [:]
    var revokedSessions: Set<String> = []
    /// When each API key's last-used time was last written (at most once a minute per key).
    var keysTouched: [String: ContinuousClock.Instant] = [:]
  }

  private let tokens: AccessTokens
  private let repository: any IdentityRepository
  private let cacheLifetime: Duration
  private let state = Mutex(State())

  public init(tokens: AccessTokens, repository: any IdentityRepository, cacheLifetime: Duration = .seconds(5)) {
    self.tokens = tokens
    self.repository = repository
    self.cacheLifetime = cacheLifetime
  }

  /// Loads the sessions revoked within the last access-token lifetime (a restart must not
  /// forget a logout).
  public func loadRevokedSessions(now: Date = Date()) async throws {
    let revoked = try await self.repository.sessionsRevoked(since: now.addingTimeInterval(-20 * 60))
    self.state.withLock { $0.revokedSessions.formUnion(revoked) }
  }

  /// The principal behind `authorization` metadata's value (`Bearer …`).
  public func principal(authorization: String?) async throws(IdentityError) -> Principal {
    guard let authorization, !authorization.isEmpty else {
      throw .unauthenticated("no credential: send 'authorization: Bearer <access token or API key>'", .credentialMissing)
    }
    let parts = authorization.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
      throw .unauthenticated("the authorization metadata is not 'Bearer <credential>'", .credentialMissing)
    }
    let credential = String(parts[1]).trimmingCharacters(in: .whitespaces)
    if credential.hasPrefix(Self.apiKeyPrefix) {
      return try await self.apiKeyPrincipal(credential)
    }
    return try await self.userPrincipal(token: credential)
  }

  private func apiKeyPrincipal(_ secret: String) async throws(IdentityError) -> Principal {
    let key: StoredApiKey?
    do {
      key = try await self.repository.apiKey(secretHash: SecretToken.hash(secret), now: Date())
    } catch {
      throw IdentityError(.unavailable, "the credential could not be checked: \(error)")
    }
    guard let key else {
      throw .unauthenticated("unknown, expired or revoked API key", .credentialRevoked)
    }
    let permissions = try await self.permissions(roleIDs: key.roleIDs)
    let touch = self.state.withLock { state -> Bool in
      let now = ContinuousClock.now
      if let last = state.keysTouched[key.id], now - last < .seconds(60) { return false }
      state.keysTouched[key.id] = now
      return true
    }
    if touch { try? await self.repository.touchApiKey(id: key.id, at: Date()) }
    return Principal(
      id: key.id,
      displayName: key.name,
      kind: .apiKey(deviceID: key.deviceID),
      roleIDs: key.roleIDs,
      permissions: permissions,
      expiresAt: key.expiresAt
    )
  }

  private func userPrincipal(token: String) async throws(IdentityError) -> Principal {
    let claims = try await self.tokens.verify(token)
    if self.state.withLock({ $0.revokedSessions.contains(claims.sessionID) }) {
      throw .unauthenticated("the session has ended; sign in again", .credentialRevoked)
    }
    let user = try await self.cachedUser(id: claims.userID)
    return Principal(
      id: claims.userID,
      displayName: user.displayName,
      kind: .user(sessionID: claims.sessionID),
      roleIDs: user.roleIDs,
      permissions: user.permissions,
      expiresAt: claims.expiresAt
    )
  }

  private func cachedUser(id: String) async throws(IdentityError) -> CachedUser {
    let now = ContinuousClock.now
    if let cached = self.state.withLock({ $0.users[id] }), now - cached.loadedAt < self.cacheLifetime {
      return cached
    }
    let stored: StoredUser?
    do {
      stored = try await self.repository.user(id: id)
    } catch {
      throw IdentityError(.unavailable, "the credential could not be checked: \(error)")
    }
    guard let stored, stored.active else {
      throw .unauthenticated("the user is deactivated or no longer exists", .credentialRevoked)
    }
    let user = CachedUser(
      displayName: stored.displayName,
      roleIDs: stored.roleIDs,
      permissions: try await self.permissions(roleIDs: stored.roleIDs),
      loadedAt: now
    )
    self.state.withLock { $0.users[id] = user }
    return user
  }

  private func permissions(roleIDs: [String]) async throws(IdentityError) -> Set<String> {
    do {
      let custom = try await self.repository.customRolePermissions(roleIDs: roleIDs)
      return RolePermissions.effective(roleIDs: roleIDs, custom: custom)
    } catch {
      throw IdentityError(.unavailable, "the credential could not be checked: \(error)")
    }
  }

  /// The user changed (roles, deactivation): the next RPC reads them again.
  public func invalidate(userID: String) {
    _ = self.state.withLock { $0.users.removeValue(forKey: userID) }
  }

  /// The session ended: its access tokens stop working at once.
  public func sessionRevoked(_ sessionID: String) {
    _ = self.state.withLock { $0.revokedSessions.insert(sessionID) }
  }

  /// Why a principal's credential no longer works, or `nil` while it does (long-lived streams
  /// ask this every second): expired, session ended, user deactivated, key revoked.
  public func stillValid(_ principal: Principal, now: Date = Date()) async -> IdentityError? {
    if let expiresAt = principal.expiresAt, expiresAt <= now {
      return .unauthenticated("the credential expired during the stream; reconnect with a fresh one", .credentialExpired)
    }
    switch principal.kind {
    case .user(let sessionID):
      if self.state.withLock({ $0.revokedSessions.contains(sessionID) }) {
        return .unauthenticated("the session ended during the stream", .credentialRevoked)
      }
      do {
        _ = try await self.cachedUser(id: principal.id)
        return nil
      } catch {
        return error
      }
    case .apiKey:
      guard let key = try? await self.repository.apiKey(id: principal.id) else { return nil }
      if key.revokedAt != nil || key.expiresAt.map({ $0 <= now }) == true {
        return .unauthenticated("the API key was revoked during the stream", .credentialRevoked)
      }
      return nil
    }
  }
}
