public import Foundation

/// Who is calling: a signed-in user (through an access token) or an API key. Handlers read it
/// from ``current``, which the auth interceptor sets for the RPC's task.
public struct Principal: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// A user's access token, from the session `sessionID`.
    case user(sessionID: String)
    /// An API key; device keys carry their device id.
    case apiKey(deviceID: String?)
  }

  /// `usr_…` or `key_…`.
  public var id: String
  /// The user's display name or the key's name.
  public var displayName: String
  public var kind: Kind
  public var roleIDs: [String]
  /// The effective permissions of the roles.
  public var permissions: Set<String>
  /// When the credential stops working by itself (an access token's `exp`, a key's expiry).
  public var expiresAt: Date?

  public init(
    id: String, displayName: String, kind: Kind, roleIDs: [String], permissions: Set<String>, expiresAt: Date? = nil
  ) {
    self.id = id
    self.displayName = displayName
    self.kind = kind
    self.roleIDs = roleIDs
    self.permissions = permissions
    self.expiresAt = expiresAt
  }

  /// The principal of the RPC this task serves; `nil` for public RPCs.
  @TaskLocal public static var current: Principal?

  /// The user id behind a user credential.
  public var userID: String? {
    if case .user = self.kind { return self.id }
    return nil
  }

  public var sessionID: String? {
    if case .user(let sessionID) = self.kind { return sessionID }
    return nil
  }
}
