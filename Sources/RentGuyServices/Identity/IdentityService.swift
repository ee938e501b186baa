import Foundation
public import GRPCCore
import Logging
public import RentGuyProto
public import RentGuyStore
import SwiftProtobuf

/// `rentguy.identity.v1.IdentityService`: sign-in with Argon2id passwords, sessions with rotating
/// refresh tokens and EdDSA access tokens, users, roles, API keys, and the audit log. Every
/// change commits with its audit event (and idempotency key) through the repository's group
/// commit; access is checked before (the auth interceptor) and, for self-service RPCs, here.
public struct IdentityService: Rentguy_Identity_V1_IdentityService.SimpleServiceProtocol {
  /// Session lifetimes.
  public struct Config: Sendable {
    /// A session ends this long after sign-in whatever happens. Default 30 days.
    public var sessionLifetime: Duration = .seconds(30 * 24 * 3600)
    /// A session not refreshed for this long ends. Default 7 days.
    public var idleTimeout: Duration = .seconds(7 * 24 * 3600)
    /// A rotated refresh token may be presented once more within this time. Default 60 s.
    public var refreshGrace: Duration = .seconds(60)
    public init() {}
  }

  let config: Config
  let repository: any IdentityRepository
  let passwords: PasswordHasher
  let tokens: AccessTokens
  let authenticator: Authenticator
  let throttle: LoginThrottle

  public init(
    config: Config = Config(),
    repository: any IdentityRepository,
    passwords: PasswordHasher,
    tokens: AccessTokens,
    authenticator: Authenticator,
    throttle: LoginThrottle = LoginThrottle()
  ) {
    self.config = config
    self.repository = repository
    self.passwords = passwords
    self.tokens = tokens
    self.authenticator = authenticator
    self.throttle = throttle
  }

  static let service = "rentguy.identity.v1.IdentityService/"

  // MARK: - Sign-in

  public func login(
    request: Rentguy_Identity_V1_LoginRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_LoginResponse {
    let email = request.email.trimmingCharacters(in: .whitespaces)
    guard !email.isEmpty else { throw IdentityError.invalidArgument("email", "must not be empty") }
    guard !request.password.isEmpty else { throw IdentityError.invalidArgument("password", "must not be empty") }
    let address = context.remotePeer
    let host = LoginThrottle.host(of: address)
    if let wait = self.throttle.delay(email: email, address: host) {
      try? await self.repository.appendAudit(
        AuditEntry(
          actorID: "anonymous", action: "auth.login.throttled", outcome: "RESOURCE_EXHAUSTED",
          clientAddress: address, summary: "sign-in for \(email) refused: too many failures"
        )
      )
      throw IdentityError(
        .resourceExhausted,
        "too many failed sign-ins; try again in \(Int(wait.timeInterval.rounded(.up))) s",
        reason: .rateLimited,
        retryAfter: wait
      )
    }

    let user = try await self.repository.user(email: email)
    let matches = await self.passwords.verify(request.password, against: user?.passwordHash)
    guard let user, matches else {
      self.throttle.recordFailure(email: email, address: host)
      try await self.repository.appendAudit(
        AuditEntry(
          actorID: user?.id ?? "anonymous", actorName: user?.displayName ?? "", action: "auth.login.failed",
          resourceID: user?.id ?? "", outcome: "UNAUTHENTICATED", clientAddress: address,
          summary: "wrong e-mail or password for \(email)"
        )
      )
      throw IdentityError.unauthenticated("wrong e-mail or password", .loginFailed)
    }
    guard user.active else {
      try await self.repository.appendAudit(
        AuditEntry(
          actorID: user.id, actorName: user.displayName, action: "auth.login.denied", resourceID: user.id,
          outcome: "PERMISSION_DENIED", clientAddress: address, summary: "sign-in of a deactivated user"
        )
      )
      throw IdentityError(.permissionDenied, "the user \(user.email) is deactivated")
    }
    self.throttle.recordSuccess(email: email)

    let now = Date()
    let session = StoredSession(
      id: Identifier.make("ses", at: now),
      userID: user.id,
      clientName: String(request.clientName.prefix(200)),
      clientAddress: address,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: now.addingTimeInterval(self.config.sessionLifetime.timeInterval)
    )
    let refresh = SecretToken.make(prefix: "rgr_")
    let refreshExpiresAt = min(session.expiresAt, now.addingTimeInterval(self.config.idleTimeout.timeInterval))
    try await self.repository.openSession(
      session,
      refreshTokenHash: SecretToken.hash(refresh),
      refreshExpiresAt: refreshExpiresAt,
      audit: AuditEntry(
        actorID: user.id, actorName: user.displayName, action: "auth.login.succeeded", resourceID: session.id,
        clientAddress: address, summary: "signed in from \(session.clientName.isEmpty ? "a client" : session.clientName)"
      )
    )
    var response = Rentguy_Identity_V1_LoginResponse()
    response.tokens = try await self.sessionTokens(userID: user.id, sessionID: session.id, refresh: refresh, refreshExpiresAt: refreshExpiresAt, now: now)
    var signedIn = user
    signedIn.lastLoginAt = now
    response.user = Rentguy_Identity_V1_User(signedIn)
    return response
  }

  public func refresh(
    request: Rentguy_Identity_V1_RefreshRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_RefreshResponse {
    guard !request.refreshToken.isEmpty else { throw IdentityError.invalidArgument("refresh_token", "must not be empty") }
    let now = Date()
    let replacement = SecretToken.make(prefix: "rgr_")
    let refreshExpiresAt = now.addingTimeInterval(self.config.idleTimeout.timeInterval)
    let outcome = try await self.repository.presentRefreshToken(
      hash: SecretToken.hash(request.refreshToken),
      replacement: SecretToken.hash(replacement),
      now: now,
      grace: self.config.refreshGrace,
      idleTimeout: self.config.idleTimeout,
      refreshExpiresAt: refreshExpiresAt,
      requestID: AuditEntry.currentRequestID ?? "",
      clientAddress: context.remotePeer
    )
    switch outcome {
    case .rotated(let session, let user), .replayedWithinGrace(let session, let user):
      var response = Rentguy_Identity_V1_RefreshResponse()
      response.tokens = try await self.sessionTokens(
        userID: user.id, sessionID: session.id, refresh: replacement,
        refreshExpiresAt: min(refreshExpiresAt, session.expiresAt), now: now
      )
      return response
    case .reused(let sessionID):
      self.authenticator.sessionRevoked(sessionID)
      throw IdentityError.unauthenticated(
        "this refresh token was already used; the session has been revoked, sign in again", .refreshTokenReused
      )
    case .invalid(let reason):
      throw IdentityError.unauthenticated("the refresh token is not valid: \(reason)", .credentialInvalid)
    }
  }

  public func logout(
    request: Rentguy_Identity_V1_LogoutRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_LogoutResponse {
    guard let principal = Principal.current, let sessionID = principal.sessionID else {
      throw IdentityError(.failedPrecondition, "only a signed-in user has a session to end (an API key is revoked instead)", reason: .stateConflict)
    }
    let ended = try await self.repository.revokeSessions(
      userID: principal.id,
      sessionID: request.allSessions ? nil : sessionID,
      reason: "logout",
      now: Date(),
      audit: AuditEntry(
        actorID: principal.id, actorName: principal.displayName, action: Self.service + "Logout",
        resourceID: request.allSessions ? principal.id : sessionID, clientAddress: context.remotePeer,
        summary: request.allSessions ? "signed out everywhere" : "signed out"
      )
    )
    for id in ended { self.authenticator.sessionRevoked(id) }
    var response = Rentguy_Identity_V1_LogoutResponse()
    response.sessionsEnded = Int32(ended.count)
    return response
  }

  public func getCurrentPrincipal(
    request: Rentguy_Identity_V1_GetCurrentPrincipalRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_GetCurrentPrincipalResponse {
    guard let principal = Principal.current else {
      throw IdentityError.unauthenticated("no credential", .credentialMissing)
    }
    var response = Rentguy_Identity_V1_GetCurrentPrincipalResponse()
    switch principal.kind {
    case .user:
      guard let user = try await self.repository.user(id: principal.id) else {
        throw IdentityError.unauthenticated("the user no longer exists", .credentialRevoked)
      }
      response.user = Rentguy_Identity_V1_User(user)
    case .apiKey(let deviceID):
      var key = Rentguy_Identity_V1_ApiKey()
      key.id = principal.id
      key.name = principal.displayName
      key.roleIds = principal.roleIDs
      key.kind = deviceID == nil ? .service : .device
      key.deviceID = deviceID ?? ""
      response.apiKey = key
    }
    response.permissions = principal.permissions.sorted()
    return response
  }

  func sessionTokens(
    userID: String,
    sessionID: String,
    refresh: String,
    refreshExpiresAt: Date,
    now: Date
  ) async throws -> Rentguy_Identity_V1_SessionTokens {
    let access = try await self.tokens.issue(userID: userID, sessionID: sessionID, now: now)
    var tokens = Rentguy_Identity_V1_SessionTokens()
    tokens.accessToken = access.token
    tokens.accessTokenExpiresAt = Google_Protobuf_Timestamp(date: access.expiresAt)
    tokens.refreshToken = refresh
    tokens.refreshTokenExpiresAt = Google_Protobuf_Timestamp(date: refreshExpiresAt)
    tokens.sessionID = sessionID
    return tokens
  }

  /// The audit entry of a change the caller makes through `method` of this service.
  static func audit(_ method: String, resource: String, summary: String, _ context: ServerContext) -> AuditEntry {
    let actor = Principal.current
    return AuditEntry(
      actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + method,
      resourceID: resource, clientAddress: context.remotePeer, summary: summary
    )
  }

  /// For self-service RPCs: the caller's own records, or anyone's with `permission`.
  static func requireSelfOr(_ permission: String, owner: String, method: String) throws {
    guard let principal = Principal.current else { throw IdentityError.unauthenticated("no credential", .credentialMissing) }
    if principal.userID == owner || principal.permissions.contains(permission) { return }
    throw IdentityError.permissionMissing(permission, method: Self.service + method)
  }

  // MARK: - Users

}
