import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyStore
import SwiftProtobuf

/// Users: staff and crew are one identity; roles decide what each can do.
extension IdentityService {
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
    let crew = request.hasCrew ? try Self.crewProfile(request.crew, field: "crew") : nil
    let now = Date()
    let user = StoredUser(
      id: Identifier.make("usr", at: now),
      email: email,
      displayName: name,
      phone: request.phone,
      passwordHash: request.initialPassword.isEmpty ? nil : try await self.passwords.hash(request.initialPassword),
      roleIDs: Array(Set(request.roleIds)).sorted(),
      crew: crew,
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
        audit: Self.audit("CreateUser", resource: user.id, summary: "created \(email) with roles \(user.roleIDs.joined(separator: ", "))", context)
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
      crewFunction: request.crewFunction == .unspecified ? nil : request.crewFunction.rawValue,
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
    let allowed: Set<String> = ["display_name", "phone", "role_ids", "email", "crew"]
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
    // An absent crew in the mask's "crew" removes the profile.
    let crew = paths.contains("crew") && wanted.hasCrew ? try Self.crewProfile(wanted.crew, field: "user.crew") : nil
    do {
      guard
        let user = try await self.repository.updateUser(
          id: id,
          expectedVersion: request.expectedVersion,
          now: Date(),
          audit: Self.audit("UpdateUser", resource: id, summary: "changed \(paths.joined(separator: ", "))", context),
          change: { user in
            if paths.contains("display_name") { user.displayName = wanted.displayName.trimmingCharacters(in: .whitespaces) }
            if paths.contains("phone") { user.phone = wanted.phone }
            if paths.contains("email") { user.email = wanted.email }
            if paths.contains("role_ids") { user.roleIDs = Array(Set(wanted.roleIds)).sorted() }
            if paths.contains("crew") { user.crew = crew }
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
        audit: Self.audit("DeactivateUser", resource: request.userID, summary: "deactivated" + (request.reason.isEmpty ? "" : ": \(request.reason.prefix(200))"), context)
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

  /// A validated crew profile; errors name the field under `field`.
  static func crewProfile(_ profile: Rentguy_Identity_V1_CrewProfile, field: String) throws -> StoredCrewProfile {
    for (index, function) in profile.functions.enumerated() {
      switch function {
      case .unspecified, .UNRECOGNIZED:
        throw IdentityError.invalidArgument("\(field).functions[\(index)]", "is not a crew function")
      default: break
      }
    }
    var licences: [String] = []
    for (index, category) in profile.licenceCategories.enumerated() {
      let category = category.trimmingCharacters(in: .whitespaces).uppercased()
      guard (1...4).contains(category.count), category.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
        throw IdentityError.invalidArgument("\(field).licence_categories[\(index)]", "must be a licence category such as B, BE or C1")
      }
      if !licences.contains(category) { licences.append(category) }
    }
    var rate: (Int64, String)?
    if profile.hasHourlyRate {
      let money = profile.hourlyRate
      guard money.amountMinor >= 0 else {
        throw IdentityError.invalidArgument("\(field).hourly_rate.amount_minor", "must not be negative")
      }
      guard money.currency.count == 3, money.currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
        throw IdentityError.invalidArgument("\(field).hourly_rate.currency", "must be an ISO 4217 code in upper case, such as EUR")
      }
      rate = (money.amountMinor, money.currency)
    }
    var functions: [Int] = []
    for function in profile.functions where !functions.contains(function.rawValue) { functions.append(function.rawValue) }
    return StoredCrewProfile(functions: functions.sorted(), licenceCategories: licences, hourlyRateMinor: rate?.0, hourlyRateCurrency: rate?.1)
  }
}
