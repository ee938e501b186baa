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

  /// For self-service RPCs: the caller's own records, or anyone's with `permission`.
  static func requireSelfOr(_ permission: String, owner: String, method: String) throws {
    guard let principal = Principal.current else { throw IdentityError.unauthenticated("no credential", .credentialMissing) }
    if principal.userID == owner || principal.permissions.contains(permission) { return }
    throw IdentityError.permissionMissing(permission, method: Self.service + method)
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


  public func getUser(
    request: Rentguy_Identity_V1_GetUserRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_GetUserResponse {
    guard !request.userID.isEmpty else { throw IdentityError.invalidArgument("user_id", "must not be empty") }
    try Self.requireSelfOr("identity.users.read", owner: request.userID, method: "GetUser")
    guard let user = try await self.repository.user(id: request.userID) else {
      throw IdentityError(.notFound, "no user '\(request.userID)'")
    }
    var response = Rentguy_Identity_V1_GetUserResponse()
    response.user = Rentguy_Identity_V1_User(user)
    return response
  }


  public func listUsers(
    request: Rentguy_Identity_V1_ListUsersRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListUsersResponse {
    let size = try PageToken.size(request.pageSize)
    let users = try await self.repository.listUsers(
      roleID: request.roleID.isEmpty ? nil : request.roleID,
      query: request.query.isEmpty ? nil : request.query,
      includeInactive: request.includeInactive,
      after: try PageToken.decode(request.pageToken),
      limit: size + 1
    )
    var response = Rentguy_Identity_V1_ListUsersResponse()
    response.users = users.prefix(size).map(Rentguy_Identity_V1_User.init)
    if users.count > size, let last = users.prefix(size).last { response.nextPageToken = PageToken.encode(last.id) }
    return response
  }


  public func updateUser(
    request: Rentguy_Identity_V1_UpdateUserRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_UpdateUserResponse {
    let id = request.user.id
    guard !id.isEmpty else { throw IdentityError.invalidArgument("user.id", "must not be empty") }
    let paths = request.updateMask.paths
    guard !paths.isEmpty else { throw IdentityError.invalidArgument("update_mask", "must name the fields to change") }
    let allowed: Set<String> = ["display_name", "phone", "role_ids", "email"]
    for (index, path) in paths.enumerated() where !allowed.contains(path) {
      throw IdentityError.invalidArgument("update_mask.paths[\(index)]", "'\(path)' cannot be changed (only \(allowed.sorted().joined(separator: ", ")))")
    }
    let wanted = request.user
    if paths.contains("display_name") {
      guard !wanted.displayName.trimmingCharacters(in: .whitespaces).isEmpty, wanted.displayName.count <= 200 else {
        throw IdentityError.invalidArgument("user.display_name", "must have 1 to 200 characters")
      }
    }
    if paths.contains("email") {
      guard wanted.email.contains("@"), wanted.email.count <= 254, !wanted.email.contains(" ") else {
        throw IdentityError.invalidArgument("user.email", "must be an e-mail address")
      }
    }
    if paths.contains("role_ids") {
      for (index, role) in wanted.roleIds.enumerated() where RolePermissions.builtin(role) == nil && !role.hasPrefix("rol_") {
        throw IdentityError.invalidArgument("user.role_ids[\(index)]", "'\(role)' is not a role")
      }
    }
    let actor = Principal.current
    do {
      guard
        let user = try await self.repository.updateUser(
          id: id,
          expectedVersion: request.expectedVersion,
          now: Date(),
          audit: AuditEntry(
            actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "UpdateUser",
            resourceID: id, clientAddress: context.remotePeer, summary: "changed \(paths.joined(separator: ", "))"
          ),
          change: { user in
            if paths.contains("display_name") { user.displayName = wanted.displayName.trimmingCharacters(in: .whitespaces) }
            if paths.contains("phone") { user.phone = wanted.phone }
            if paths.contains("email") { user.email = wanted.email }
            if paths.contains("role_ids") { user.roleIDs = Array(Set(wanted.roleIds)).sorted() }
          }
        )
      else { throw IdentityError(.notFound, "no user '\(id)'") }
      self.authenticator.invalidate(userID: id)
      var response = Rentguy_Identity_V1_UpdateUserResponse()
      response.user = Rentguy_Identity_V1_User(user)
      return response
    } catch let error as StoreError where error.code == .versionMismatch {
      throw IdentityError(.aborted, "expected_version: \(error.message); read it again", reason: .versionMismatch)
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.alreadyExists, error.message)
    } catch let error as StoreError where error.code == .notFound {
      throw IdentityError.invalidArgument("user.role_ids", error.message)
    }
  }


  public func deactivateUser(
    request: Rentguy_Identity_V1_DeactivateUserRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_DeactivateUserResponse {
    guard !request.userID.isEmpty else { throw IdentityError.invalidArgument("user_id", "must not be empty") }
    let actor = Principal.current
    guard request.userID != actor?.id else {
      throw IdentityError(.failedPrecondition, "user_id: you cannot deactivate yourself", reason: .stateConflict)
    }
    guard
      let (user, ended) = try await self.repository.deactivateUser(
        id: request.userID,
        now: Date(),
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "DeactivateUser",
          resourceID: request.userID, clientAddress: context.remotePeer,
          summary: "deactivated" + (request.reason.isEmpty ? "" : ": \(request.reason.prefix(200))")
        )
      )
    else { throw IdentityError(.notFound, "no user '\(request.userID)'") }
    // At once on this server: the user's tokens and sessions stop working now.
    self.authenticator.invalidate(userID: user.id)
    for session in ended { self.authenticator.sessionRevoked(session) }
    var response = Rentguy_Identity_V1_DeactivateUserResponse()
    response.user = Rentguy_Identity_V1_User(user)
    return response
  }


  public func setPassword(
    request: Rentguy_Identity_V1_SetPasswordRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_SetPasswordResponse {
    guard let principal = Principal.current else { throw IdentityError.unauthenticated("no credential", .credentialMissing) }
    let userID = request.userID.isEmpty ? (principal.userID ?? "") : request.userID
    guard !userID.isEmpty else { throw IdentityError.invalidArgument("user_id", "must not be empty") }
    guard request.newPassword.count >= 12 else {
      throw IdentityError.invalidArgument("new_password", "must have at least 12 characters")
    }
    guard let user = try await self.repository.user(id: userID) else { throw IdentityError(.notFound, "no user '\(userID)'") }
    if userID == principal.userID {
      // Your own password: prove you know the current one.
      guard await self.passwords.verify(request.currentPassword, against: user.passwordHash) else {
        throw IdentityError(.invalidArgument, "current_password: is not the current password", field: "current_password")
      }
    } else {
      try Self.requireSelfOr("identity.users.write", owner: userID, method: "SetPassword")
    }
    let hash = try await self.passwords.hash(request.newPassword)
    let ended = try await self.repository.setPassword(
      userID: userID,
      hash: hash,
      keeping: userID == principal.userID ? principal.sessionID : nil,
      now: Date(),
      audit: AuditEntry(
        actorID: principal.id, actorName: principal.displayName, action: Self.service + "SetPassword",
        resourceID: userID, clientAddress: context.remotePeer,
        summary: userID == principal.userID ? "changed own password" : "set the password"
      )
    ) ?? []
    for id in ended { self.authenticator.sessionRevoked(id) }
    return Rentguy_Identity_V1_SetPasswordResponse()
  }


  public func listRoles(
    request: Rentguy_Identity_V1_ListRolesRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListRolesResponse {
    var response = Rentguy_Identity_V1_ListRolesResponse()
    response.roles = try await self.repository.listRoles().map { stored in
      var role = Rentguy_Identity_V1_Role()
      role.id = stored.id
      role.name = stored.name
      role.description_p = stored.description
      role.builtin = stored.builtin
      role.permissions = (RolePermissions.builtin(stored.id).map { Array($0) } ?? stored.permissions).sorted()
      return role
    }
    return response
  }


  public func createRole(
    request: Rentguy_Identity_V1_CreateRoleRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_CreateRoleResponse {
    let name = request.name.trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty, name.count <= 100 else { throw IdentityError.invalidArgument("name", "must have 1 to 100 characters") }
    let permissions = try self.validatedPermissions(request.permissions)
    let actor = Principal.current
    let id = Identifier.make("rol")
    var response = Rentguy_Identity_V1_CreateRoleResponse()
    response.role.id = id
    response.role.name = name
    response.role.description_p = request.description_p
    response.role.permissions = permissions
    IdempotencyClaim.current?.prepareResponse(Data(try response.serializedBytes() as [UInt8]))
    do {
      try await self.repository.createRole(
        id: id, name: name, description: request.description_p, permissions: permissions,
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "CreateRole",
          resourceID: id, clientAddress: context.remotePeer, summary: "role '\(name)': \(permissions.joined(separator: ", "))"
        )
      )
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.alreadyExists, "name: \(error.message)")
    }
    return response
  }

  private func validatedPermissions(_ permissions: [String]) throws -> [String] {
    for (index, permission) in permissions.enumerated() where !RolePermissions.all.contains(permission) {
      throw IdentityError.invalidArgument("permissions[\(index)]", "'\(permission)' is not a permission (see ListPermissions)")
    }
    return Array(Set(permissions)).sorted()
  }


  public func updateRole(
    request: Rentguy_Identity_V1_UpdateRoleRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_UpdateRoleResponse {
    guard !request.roleID.isEmpty else { throw IdentityError.invalidArgument("role_id", "must not be empty") }
    let permissions = try self.validatedPermissions(request.permissions)
    let actor = Principal.current
    do {
      guard
        let role = try await self.repository.updateRole(
          id: request.roleID, description: request.description_p.isEmpty ? nil : request.description_p,
          permissions: permissions,
          audit: AuditEntry(
            actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "UpdateRole",
            resourceID: request.roleID, clientAddress: context.remotePeer, summary: permissions.joined(separator: ", ")
          )
        )
      else { throw IdentityError(.notFound, "no role '\(request.roleID)'") }
      var response = Rentguy_Identity_V1_UpdateRoleResponse()
      response.role.id = request.roleID
      response.role.name = role.name
      response.role.description_p = role.description
      response.role.permissions = permissions
      return response
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.failedPrecondition, "role_id: \(error.message)", reason: .stateConflict)
    }
  }


  public func deleteRole(
    request: Rentguy_Identity_V1_DeleteRoleRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_DeleteRoleResponse {
    guard !request.roleID.isEmpty else { throw IdentityError.invalidArgument("role_id", "must not be empty") }
    let actor = Principal.current
    do {
      let deleted = try await self.repository.deleteRole(
        id: request.roleID,
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "DeleteRole",
          resourceID: request.roleID, clientAddress: context.remotePeer, summary: "deleted"
        )
      )
      guard deleted else { throw IdentityError(.notFound, "no role '\(request.roleID)'") }
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.failedPrecondition, "role_id: \(error.message)", reason: .stateConflict)
    }
    return Rentguy_Identity_V1_DeleteRoleResponse()
  }


  public func createApiKey(
    request: Rentguy_Identity_V1_CreateApiKeyRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_CreateApiKeyResponse {
    let name = request.name.trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty, name.count <= 200 else { throw IdentityError.invalidArgument("name", "must have 1 to 200 characters") }
    var deviceID: String?
    switch request.kind {
    case .device:
      guard !request.deviceID.isEmpty, request.deviceID.count <= 200, !request.deviceID.contains(" ") else {
        throw IdentityError.invalidArgument("device_id", "a device key needs a device id (1 to 200 characters, no spaces)")
      }
      deviceID = request.deviceID
    case .service:
      guard request.deviceID.isEmpty else { throw IdentityError.invalidArgument("device_id", "only device keys have a device id") }
    default:
      throw IdentityError.invalidArgument("kind", "must be API_KEY_KIND_DEVICE or API_KEY_KIND_SERVICE")
    }
    let roles = Array(Set(request.roleIds)).sorted()
    for (index, role) in request.roleIds.enumerated() where RolePermissions.builtin(role) == nil && !role.hasPrefix("rol_") {
      throw IdentityError.invalidArgument("role_ids[\(index)]", "'\(role)' is not a role")
    }
    let actor = Principal.current
    let granted = RolePermissions.effective(
      roleIDs: roles,
      custom: try await self.repository.customRolePermissions(roleIDs: roles)
    )
    let beyond = granted.subtracting(actor?.permissions ?? [])
    guard beyond.isEmpty else {
      throw IdentityError(
        .permissionDenied,
        "role_ids: the key would have permissions the caller does not have (\(beyond.sorted().joined(separator: ", ")))",
        reason: .permissionMissing,
        info: ["permission": beyond.sorted().first ?? ""]
      )
    }
    let now = Date()
    if request.hasExpiresAt, request.expiresAt.date <= now {
      throw IdentityError.invalidArgument("expires_at", "must be in the future")
    }
    let secret = SecretToken.make(prefix: Authenticator.apiKeyPrefix)
    let key = StoredApiKey(
      id: Identifier.make("key", at: now),
      name: name,
      kind: request.kind.rawValue,
      deviceID: deviceID,
      roleIDs: roles,
      secretPrefix: String(secret.prefix(8)),
      createdAt: now,
      createdBy: actor?.id ?? "system",
      expiresAt: request.hasExpiresAt ? request.expiresAt.date : nil
    )
    var response = Rentguy_Identity_V1_CreateApiKeyResponse()
    response.apiKey = Rentguy_Identity_V1_ApiKey(key)
    response.apiKey.createdBy.displayName = actor?.displayName ?? ""
    // A replay returns the key without its secret: the secret is never stored.
    IdempotencyClaim.current?.prepareResponse(Data(try response.serializedBytes() as [UInt8]))
    response.secret = secret
    do {
      try await self.repository.createApiKey(
        key,
        secretHash: SecretToken.hash(secret),
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "CreateApiKey",
          resourceID: key.id, clientAddress: context.remotePeer,
          summary: "created \(request.kind == .device ? "device" : "service") key '\(name)'\(deviceID.map { " for \($0)" } ?? "") with roles \(roles.joined(separator: ", "))"
        )
      )
    } catch let error as StoreError where error.code == .conflict {
      throw IdentityError(.alreadyExists, "device_id: \(error.message)")
    } catch let error as StoreError where error.code == .notFound {
      throw IdentityError.invalidArgument("role_ids", error.message)
    }
    return response
  }


  public func getApiKey(
    request: Rentguy_Identity_V1_GetApiKeyRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_GetApiKeyResponse {
    guard !request.apiKeyID.isEmpty else { throw IdentityError.invalidArgument("api_key_id", "must not be empty") }
    guard let key = try await self.repository.apiKey(id: request.apiKeyID) else {
      throw IdentityError(.notFound, "no API key '\(request.apiKeyID)'")
    }
    var response = Rentguy_Identity_V1_GetApiKeyResponse()
    response.apiKey = Rentguy_Identity_V1_ApiKey(key)
    return response
  }


  public func listApiKeys(
    request: Rentguy_Identity_V1_ListApiKeysRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListApiKeysResponse {
    let size = try PageToken.size(request.pageSize)
    let keys = try await self.repository.listApiKeys(
      includeRevoked: request.includeRevoked,
      after: try PageToken.decode(request.pageToken),
      limit: size + 1
    )
    var response = Rentguy_Identity_V1_ListApiKeysResponse()
    response.apiKeys = keys.prefix(size).map(Rentguy_Identity_V1_ApiKey.init)
    if keys.count > size, let last = keys.prefix(size).last { response.nextPageToken = PageToken.encode(last.id) }
    return response
  }


  public func rotateApiKey(
    request: Rentguy_Identity_V1_RotateApiKeyRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_RotateApiKeyResponse {
    guard !request.apiKeyID.isEmpty else { throw IdentityError.invalidArgument("api_key_id", "must not be empty") }
    var grace: Duration = .seconds(24 * 3600)
    if request.hasGracePeriod {
      let seconds = request.gracePeriod.seconds
      guard seconds >= 0, seconds <= 30 * 24 * 3600 else {
        throw IdentityError.invalidArgument("grace_period", "must be between 0 and 30 days")
      }
      grace = .seconds(seconds)
    }
    let now = Date()
    let secret = SecretToken.make(prefix: Authenticator.apiKeyPrefix)
    let previousExpiresAt = now.addingTimeInterval(grace.secondsValue)
    let actor = Principal.current
    guard var current = try await self.repository.apiKey(id: request.apiKeyID), current.revokedAt == nil else {
      throw IdentityError(.notFound, "no active API key '\(request.apiKeyID)'")
    }
    current.secretPrefix = String(secret.prefix(8))
    var response = Rentguy_Identity_V1_RotateApiKeyResponse()
    response.apiKey = Rentguy_Identity_V1_ApiKey(current)
    response.previousSecretExpiresAt = Google_Protobuf_Timestamp(date: previousExpiresAt)
    // A replay returns the key without its new secret: the secret is never stored.
    IdempotencyClaim.current?.prepareResponse(Data(try response.serializedBytes() as [UInt8]))
    guard
      let key = try await self.repository.rotateApiKey(
        id: request.apiKeyID,
        secretHash: SecretToken.hash(secret),
        secretPrefix: String(secret.prefix(8)),
        previousExpiresAt: previousExpiresAt,
        now: now,
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "RotateApiKey",
          resourceID: request.apiKeyID, clientAddress: context.remotePeer,
          summary: "new secret; the previous one works for \(Int(grace.secondsValue)) s"
        )
      )
    else { throw IdentityError(.notFound, "no active API key '\(request.apiKeyID)'") }
    response.apiKey = Rentguy_Identity_V1_ApiKey(key)
    response.secret = secret
    return response
  }


  public func revokeApiKey(
    request: Rentguy_Identity_V1_RevokeApiKeyRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_RevokeApiKeyResponse {
    guard !request.apiKeyID.isEmpty else { throw IdentityError.invalidArgument("api_key_id", "must not be empty") }
    let actor = Principal.current
    guard
      let key = try await self.repository.revokeApiKey(
        id: request.apiKeyID,
        now: Date(),
        audit: AuditEntry(
          actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "RevokeApiKey",
          resourceID: request.apiKeyID, clientAddress: context.remotePeer, summary: "revoked"
        )
      )
    else { throw IdentityError(.notFound, "no API key '\(request.apiKeyID)'") }
    var response = Rentguy_Identity_V1_RevokeApiKeyResponse()
    response.apiKey = Rentguy_Identity_V1_ApiKey(key)
    return response
  }


  public func listSessions(
    request: Rentguy_Identity_V1_ListSessionsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListSessionsResponse {
    let principal = Principal.current
    let userID = request.userID.isEmpty ? (principal?.userID ?? "") : request.userID
    guard !userID.isEmpty else {
      throw IdentityError.invalidArgument("user_id", "an API key has no sessions of its own: name a user")
    }
    try Self.requireSelfOr("identity.sessions.manage", owner: userID, method: "ListSessions")
    let size = try PageToken.size(request.pageSize)
    let sessions = try await self.repository.listSessions(
      userID: userID, now: Date(), after: try PageToken.decode(request.pageToken), limit: size + 1
    )
    var response = Rentguy_Identity_V1_ListSessionsResponse()
    response.sessions = sessions.prefix(size).map { stored in
      var session = Rentguy_Identity_V1_Session()
      session.id = stored.id
      session.userID = stored.userID
      session.clientName = stored.clientName
      session.clientAddress = stored.clientAddress
      session.createdAt = Google_Protobuf_Timestamp(date: stored.createdAt)
      session.lastUsedAt = Google_Protobuf_Timestamp(date: stored.lastUsedAt)
      session.expiresAt = Google_Protobuf_Timestamp(date: stored.expiresAt)
      session.current = stored.id == principal?.sessionID
      return session
    }
    if sessions.count > size, let last = sessions.prefix(size).last { response.nextPageToken = PageToken.encode(last.id) }
    return response
  }


  public func revokeSession(
    request: Rentguy_Identity_V1_RevokeSessionRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_RevokeSessionResponse {
    guard !request.sessionID.isEmpty else { throw IdentityError.invalidArgument("session_id", "must not be empty") }
    guard let session = try await self.repository.session(id: request.sessionID) else {
      throw IdentityError(.notFound, "no session '\(request.sessionID)'")
    }
    try Self.requireSelfOr("identity.sessions.manage", owner: session.userID, method: "RevokeSession")
    let actor = Principal.current
    let ended = try await self.repository.revokeSessions(
      userID: session.userID,
      sessionID: session.id,
      reason: "revoked",
      now: Date(),
      audit: AuditEntry(
        actorID: actor?.id ?? "system", actorName: actor?.displayName ?? "", action: Self.service + "RevokeSession",
        resourceID: session.id, clientAddress: context.remotePeer, summary: "session of \(session.userID) revoked"
      )
    )
    for id in ended { self.authenticator.sessionRevoked(id) }
    return Rentguy_Identity_V1_RevokeSessionResponse()
  }


  public func listAuditEvents(
    request: Rentguy_Identity_V1_ListAuditEventsRequest,
    context: ServerContext
  ) async throws -> Rentguy_Identity_V1_ListAuditEventsResponse {
    let size = try PageToken.size(request.pageSize)
    var before: Int64?
    if let token = try PageToken.decode(request.pageToken) {
      guard let sequence = Int64(token) else {
        throw IdentityError.invalidArgument("page_token", "is not a token this server returned")
      }
      before = sequence
    }
    let filter = AuditFilter(
      actorID: request.actorID.isEmpty ? nil : request.actorID,
      actionPrefix: request.actionPrefix.isEmpty ? nil : request.actionPrefix,
      resourceID: request.resourceID.isEmpty ? nil : request.resourceID,
      from: request.period.hasStart ? request.period.start.date : nil,
      until: request.period.hasEnd ? request.period.end.date : nil
    )
    let events = try await self.repository.listAuditEvents(filter: filter, before: before, limit: size + 1)
    var response = Rentguy_Identity_V1_ListAuditEventsResponse()
    response.events = events.prefix(size).map { stored in
      var event = Rentguy_Identity_V1_AuditEvent()
      event.id = stored.event.id
      event.occurredAt = Google_Protobuf_Timestamp(date: stored.event.occurredAt)
      event.actor.id = stored.event.entry.actorID
      event.actor.displayName = stored.event.entry.actorName
      event.action = stored.event.entry.action
      event.resourceID = stored.event.entry.resourceID
      event.outcome = stored.event.entry.outcome
      event.requestID = stored.event.entry.requestID
      event.clientAddress = stored.event.entry.clientAddress
      event.summary = stored.event.entry.summary
      event.previousHash = stored.event.previousHash
      event.hash = stored.event.hash
      return event
    }
    if events.count > size, let last = events.prefix(size).last { response.nextPageToken = PageToken.encode(String(last.sequence)) }
    return response
  }

}
