public import Foundation

/// A user as the store keeps it.
/// What planning knows of a crew member: functions (the contract's `CrewFunction` numbers),
/// driving licence categories and an hourly cost.
public struct StoredCrewProfile: Sendable, Hashable {
  public var functions: [Int]
  public var licenceCategories: [String]
  public var hourlyRateMinor: Int64?
  public var hourlyRateCurrency: String?

  public init(functions: [Int], licenceCategories: [String], hourlyRateMinor: Int64? = nil, hourlyRateCurrency: String? = nil) {
    self.functions = functions
    self.licenceCategories = licenceCategories
    self.hourlyRateMinor = hourlyRateMinor
    self.hourlyRateCurrency = hourlyRateCurrency
  }
}

public struct StoredUser: Sendable, Hashable {
  public var id: String
  public var email: String
  public var displayName: String
  public var phone: String
  /// Argon2id encoded hash; `nil` until a password is set.
  public var passwordHash: String?
  public var roleIDs: [String]
  /// Set for crew members.
  public var crew: StoredCrewProfile?
  public var active: Bool
  public var createdAt: Date
  public var updatedAt: Date
  public var lastLoginAt: Date?
  public var version: Int64

  public init(
    id: String, email: String, displayName: String, phone: String = "", passwordHash: String?,
    roleIDs: [String], crew: StoredCrewProfile? = nil, active: Bool = true, createdAt: Date, updatedAt: Date, lastLoginAt: Date? = nil,
    version: Int64 = 1
  ) {
    self.id = id
    self.email = email
    self.displayName = displayName
    self.phone = phone
    self.passwordHash = passwordHash
    self.roleIDs = roleIDs
    self.crew = crew
    self.active = active
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.lastLoginAt = lastLoginAt
    self.version = version
  }
}

/// A signed-in session.
public struct StoredSession: Sendable, Hashable {
  public var id: String
  public var userID: String
  public var clientName: String
  public var clientAddress: String
  public var createdAt: Date
  public var lastUsedAt: Date
  /// The absolute end of the session.
  public var expiresAt: Date
  public var revokedAt: Date?

  public init(
    id: String, userID: String, clientName: String, clientAddress: String, createdAt: Date,
    lastUsedAt: Date, expiresAt: Date, revokedAt: Date? = nil
  ) {
    self.id = id
    self.userID = userID
    self.clientName = clientName
    self.clientAddress = clientAddress
    self.createdAt = createdAt
    self.lastUsedAt = lastUsedAt
    self.expiresAt = expiresAt
    self.revokedAt = revokedAt
  }
}

/// A key that signs access tokens.
public struct StoredSigningKey: Sendable, Hashable {
  public var kid: String
  /// "EdDSA".
  public var algorithm: String
  /// The raw private key (32 bytes for Ed25519).
  public var privateKey: Data
  public var createdAt: Date
  /// New tokens are signed with the newest key before this time.
  public var retiresAt: Date
  /// Tokens signed with this key verify until this time.
  public var expiresAt: Date

  public init(kid: String, algorithm: String, privateKey: Data, createdAt: Date, retiresAt: Date, expiresAt: Date) {
    self.kid = kid
    self.algorithm = algorithm
    self.privateKey = privateKey
    self.createdAt = createdAt
    self.retiresAt = retiresAt
    self.expiresAt = expiresAt
  }
}

/// An API key (never its secret: only the secret's hash is stored).
public struct StoredApiKey: Sendable, Hashable {
  public var id: String
  public var name: String
  /// The contract's `ApiKeyKind` number.
  public var kind: Int
  public var deviceID: String?
  public var roleIDs: [String]
  public var secretPrefix: String
  public var createdAt: Date
  public var createdBy: String
  public var expiresAt: Date?
  public var lastUsedAt: Date?
  public var revokedAt: Date?
  /// For device keys: where its scans happen unless they say otherwise.
  public var homeLocationID: String?

  public init(
    id: String, name: String, kind: Int, deviceID: String?, roleIDs: [String], secretPrefix: String,
    createdAt: Date, createdBy: String, expiresAt: Date? = nil, lastUsedAt: Date? = nil, revokedAt: Date? = nil,
    homeLocationID: String? = nil
  ) {
    self.homeLocationID = homeLocationID
    self.id = id
    self.name = name
    self.kind = kind
    self.deviceID = deviceID
    self.roleIDs = roleIDs
    self.secretPrefix = secretPrefix
    self.createdAt = createdAt
    self.createdBy = createdBy
    self.expiresAt = expiresAt
    self.lastUsedAt = lastUsedAt
    self.revokedAt = revokedAt
  }
}

/// What presenting a refresh token led to.
public enum RefreshOutcome: Sendable, Hashable {
  /// The token was current: it is now rotated to the new one.
  case rotated(StoredSession, StoredUser)
  /// The token was rotated moments ago (within its grace) and had not been replayed yet: a new
  /// pair is issued once more, and the grace is used up.
  case replayedWithinGrace(StoredSession, StoredUser)
  /// A rotated token was presented again: the session is now revoked.
  case reused(sessionID: String)
  /// Unknown, expired, or its session or user is no longer valid.
  case invalid(reason: String)
}
