import Foundation
public import GRPCCore
import Logging
public import RentGuyProto
public import RentGuyStore
import SwiftProtobuf

/// `rentguy.identity.v1.IdentityService`: sign-in with Argon2id passwords, sessions with rotating
/// refresh tokens and EdDSA access tokens, the caller's principal, permissions and the audit
/// log's verification. RPCs not built yet answer UNIMPLEMENTED (after the auth interceptor).
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

  private let config: Config
  private let repository: any IdentityRepository
  private let passwords: PasswordHasher
  private let tokens: AccessTokens
  private let authenticator: Authenticator
  private let throttle: LoginThrottle

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
        "too many failed sign-ins; try again in \(Int(wait.secondsValue.rounded(.up))) s",
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
      expiresAt: now.addingTimeInterval(self.config.sessionLifetime.secondsValue)
    )
    let refresh = SecretToken.make(prefix: "rgr_")
    let refreshExpiresAt = min(session.expiresAt, now.addingTimeInterval(self.config.idleTimeout.secondsValue))
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
    let refreshExpiresAt = now.addingTimeInterval(self.config.idleTimeout.secondsValue)
    let outcome = try await self.repository.presentRefreshToken(
      hash: SecretToken.hash(request.refreshToken),
      replacement: SecretToken.hash(replacement),
      now: now,
      grace: self.config.refreshGrace,
      idleTimeout: self.config.idleTimeout,
      refreshExpiresAt: refreshExpiresAt,
      requestID: "",
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

  public func listPermissions(
    request: Rentguy_Identity_V1_ListPermissionsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListPermissionsResponse {
    var response = Rentguy_Identity_V1_ListPermissionsResponse()
    response.permissions = RPCAccessRules.permissions.map { permission in
      var value = Rentguy_Identity_V1_Permission()
      value.name = permission.name
      value.description_p = permission.description
      return value
    }
    return response
  }

  public func verifyAuditLog(
    request: Rentguy_Identity_V1_VerifyAuditLogRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_VerifyAuditLogResponse {
    let verification = try await self.repository.verifyAuditLog()
    var response = Rentguy_Identity_V1_VerifyAuditLogResponse()
    response.intact = verification.intact
    response.eventsChecked = Int64(verification.eventsChecked)
    response.firstBrokenEventID = verification.firstBrokenEventID ?? ""
    response.problem = verification.problem ?? ""
    return response
  }

  private func sessionTokens(
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

  static func notBuiltYet(_ method: String) -> RPCError {
    RPCError(code: .unimplemented, message: "rentguy.identity.v1.IdentityService/\(method) is not built yet")
  }

  // MARK: - Users

  public func createUser(
    request: Rentguy_Identity_V1_CreateUserRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_CreateUserResponse {
    let email = request.email.trimmingCharacters(in: .whitespaces)
    guard !email.isEmpty, email.count <= 254, email.contains("@"), !email.contains(" ") else {
      throw IdentityError.invalidArgument("email", "must be an e-mail address")
    }
    let name = request.displayName.trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty, name.count <= 200 else {
      throw IdentityError.invalidArgument("display_name", "must have 1 to 200 characters")
    }
    guard request.initialPassword.isEmpty || request.initialPassword.count >= 12 else {
      throw IdentityError.invalidArgument("initial_password", "must have at least 12 characters (or be empty)")
    }
    for (index, role) in request.roleIds.enumerated() where RolePermissions.builtin(role) == nil && !role.hasPrefix("rol_") {
      throw IdentityError.invalidArgument("role_ids[\(index)]", "'\(role)' is not a role")
    }
    let actor = Principal.current
    let now = Date()
    let user = StoredUser(
      id: Identifier.make("usr", at: now),
      email: email,
      displayName: name,
      phone: request.phone,
      passwordHash: request.initialPassword.isEmpty ? nil : try await self.passwords.hash(request.initialPassword),
      roleIDs: Array(Set(request.roleIds)).sorted(),
      createdAt: now,
      updatedAt: now
    )
    var response = Rentguy_Identity_V1_CreateUserResponse()
    response.user = Rentguy_Identity_V1_User(user)
    // Known before the write: it commits with the idempotency key (one commit per call).
    IdempotencyClaim.current?.prepareResponse(Data(try response.serializedBytes() as [UInt8]))
    do {
      try await self.repository.createUser(
        user,
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "CreateUser",
          resourceID: user.id, clientAddress: context.remotePeer,
          summary: "created \(email) with roles \(user.roleIDs.joined(separator: ", "))"
        )
      )
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.alreadyExists, "a user with the e-mail \(email) exists")
    } catch let error as StoreError where error.code == .notFound {
      throw IdentityError.invalidArgument("role_ids", error.message)
    }
    return response
  }
  // MARK: - Not built yet


  public func getUser(request: Rentguy_Identity_V1_GetUserRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_GetUserResponse {
    throw Self.notBuiltYet("GetUser")
  }

  public func listUsers(request: Rentguy_Identity_V1_ListUsersRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_ListUsersResponse {
    throw Self.notBuiltYet("ListUsers")
  }

  public func updateUser(request: Rentguy_Identity_V1_UpdateUserRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_UpdateUserResponse {
    throw Self.notBuiltYet("UpdateUser")
  }

  public func deactivateUser(request: Rentguy_Identity_V1_DeactivateUserRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_DeactivateUserResponse {
    throw Self.notBuiltYet("DeactivateUser")
  }

  public func setPassword(request: Rentguy_Identity_V1_SetPasswordRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_SetPasswordResponse {
    throw Self.notBuiltYet("SetPassword")
  }

  public func listRoles(request: Rentguy_Identity_V1_ListRolesRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_ListRolesResponse {
    throw Self.notBuiltYet("ListRoles")
  }

  public func createRole(request: Rentguy_Identity_V1_CreateRoleRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_CreateRoleResponse {
    throw Self.notBuiltYet("CreateRole")
  }

  public func updateRole(request: Rentguy_Identity_V1_UpdateRoleRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_UpdateRoleResponse {
    throw Self.notBuiltYet("UpdateRole")
  }

  public func deleteRole(request: Rentguy_Identity_V1_DeleteRoleRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_DeleteRoleResponse {
    throw Self.notBuiltYet("DeleteRole")
  }

  public func createApiKey(request: Rentguy_Identity_V1_CreateApiKeyRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_CreateApiKeyResponse {
    throw Self.notBuiltYet("CreateApiKey")
  }

  public func getApiKey(request: Rentguy_Identity_V1_GetApiKeyRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_GetApiKeyResponse {
    throw Self.notBuiltYet("GetApiKey")
  }

  public func listApiKeys(request: Rentguy_Identity_V1_ListApiKeysRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_ListApiKeysResponse {
    throw Self.notBuiltYet("ListApiKeys")
  }

  public func rotateApiKey(request: Rentguy_Identity_V1_RotateApiKeyRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_RotateApiKeyResponse {
    throw Self.notBuiltYet("RotateApiKey")
  }

  public func revokeApiKey(request: Rentguy_Identity_V1_RevokeApiKeyRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_RevokeApiKeyResponse {
    throw Self.notBuiltYet("RevokeApiKey")
  }

  public func listSessions(request: Rentguy_Identity_V1_ListSessionsRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_ListSessionsResponse {
    throw Self.notBuiltYet("ListSessions")
  }

  public func revokeSession(request: Rentguy_Identity_V1_RevokeSessionRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_RevokeSessionResponse {
    throw Self.notBuiltYet("RevokeSession")
  }

  public func listAuditEvents(request: Rentguy_Identity_V1_ListAuditEventsRequest, context: ServerContext) async throws -> Rentguy_Identity_V1_ListAuditEventsResponse {
    throw Self.notBuiltYet("ListAuditEvents")
  }
}
