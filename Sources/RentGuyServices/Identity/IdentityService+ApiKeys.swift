import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyStore
import SwiftProtobuf

/// API keys of devices and services: secrets shown once, stored as hashes, revocable at once.
extension IdentityService {
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
      expiresAt: request.hasExpiresAt ? request.expiresAt.date : nil,
      homeLocationID: request.homeLocationID.isEmpty ? nil : request.homeLocationID
    )
    guard key.homeLocationID == nil || key.deviceID != nil else {
      throw IdentityError.invalidArgument("home_location_id", "only device keys have a home location")
    }
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
        audit: Self.audit("CreateApiKey", resource: key.id, summary: "created \(request.kind == .device ? "device" : "service") key '\(name)'\(deviceID.map { " for \($0)" } ?? "") with roles \(roles.joined(separator: ", "))", context)
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
    let previousExpiresAt = now.addingTimeInterval(grace.timeInterval)
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
        audit: Self.audit("RotateApiKey", resource: request.apiKeyID, summary: "new secret; the previous one works for \(Int(grace.timeInterval)) s", context)
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
    guard
      let key = try await self.repository.revokeApiKey(
        id: request.apiKeyID,
        now: Date(),
        audit: Self.audit("RevokeApiKey", resource: request.apiKeyID, summary: "revoked", context)
      )
    else { throw IdentityError(.notFound, "no API key '\(request.apiKeyID)'") }
    var response = Rentguy_Identity_V1_RevokeApiKeyResponse()
    response.apiKey = Rentguy_Identity_V1_ApiKey(key)
    return response
  }
}
