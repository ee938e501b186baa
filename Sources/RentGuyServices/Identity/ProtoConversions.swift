import Foundation
import RentGuyProto
import RentGuyStore
import SwiftProtobuf

extension Rentguy_Identity_V1_User {
  init(_ user: StoredUser) {
    self.init()
    self.id = user.id
    self.email = user.email
    self.displayName = user.displayName
    self.phone = user.phone
    self.roleIds = user.roleIDs
    if let crew = user.crew {
      self.crew.functions = crew.functions.map { Rentguy_Identity_V1_CrewFunction(rawValue: $0) ?? .unspecified }
      self.crew.licenceCategories = crew.licenceCategories
      if let minor = crew.hourlyRateMinor, let currency = crew.hourlyRateCurrency {
        self.crew.hourlyRate.amountMinor = minor
        self.crew.hourlyRate.currency = currency
      }
    }
    self.active = user.active
    self.createdAt = Google_Protobuf_Timestamp(date: user.createdAt)
    self.updatedAt = Google_Protobuf_Timestamp(date: user.updatedAt)
    if let lastLogin = user.lastLoginAt { self.lastLoginAt = Google_Protobuf_Timestamp(date: lastLogin) }
    self.version = user.version
  }
}

extension Rentguy_Identity_V1_ApiKey {
  init(_ key: StoredApiKey) {
    self.init()
    self.id = key.id
    self.name = key.name
    self.kind = Rentguy_Identity_V1_ApiKeyKind(rawValue: key.kind) ?? .unspecified
    self.deviceID = key.deviceID ?? ""
    self.homeLocationID = key.homeLocationID ?? ""
    self.roleIds = key.roleIDs
    self.secretPrefix = key.secretPrefix
    self.createdAt = Google_Protobuf_Timestamp(date: key.createdAt)
    if let expires = key.expiresAt { self.expiresAt = Google_Protobuf_Timestamp(date: expires) }
    if let used = key.lastUsedAt { self.lastUsedAt = Google_Protobuf_Timestamp(date: used) }
    if let revoked = key.revokedAt { self.revokedAt = Google_Protobuf_Timestamp(date: revoked) }
    self.createdBy.id = key.createdBy
  }
}

/// Page tokens: the last id of the previous page, base64url, so clients treat them as opaque.
enum PageToken {
  static func encode(_ lastID: String) -> String {
    Base64URL.encode(Data(lastID.utf8))
  }

  static func decode(_ token: String) throws -> String? {
    guard !token.isEmpty else { return nil }
    guard let data = Base64URL.decode(token), let id = String(data: data, encoding: .utf8) else {
      throw IdentityError.invalidArgument("page_token", "is not a token this server returned")
    }
    return id
  }

  /// `page_size`: 0 means 50; at most 500.
  static func size(_ requested: Int32) throws -> Int {
    guard requested >= 0 else { throw IdentityError.invalidArgument("page_size", "must not be negative") }
    return requested == 0 ? 50 : min(Int(requested), 500)
  }
}
