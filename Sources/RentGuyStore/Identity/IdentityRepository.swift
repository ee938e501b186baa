public import Foundation

/// Users, sessions, refresh tokens, API keys and token signing keys. Every change that matters
/// writes its audit event in the same transaction.
///
/// The SQLite implementation is ``SQLIdentityRepository``; SQL stays behind this protocol.
public protocol IdentityRepository: Sendable {
  func userCount() async throws -> Int
  func user(id: String) async throws -> StoredUser?
  func user(email: String) async throws -> StoredUser?
  /// Creates a user. ``StoreError/Code/conflict`` when the e-mail is taken.
  func createUser(_ user: StoredUser, audit: AuditEntry) async throws
  /// Users by id after `after`, at most `limit`; filtered by role, a case-insensitive substring
  /// of name or e-mail, and whether deactivated users are included.
  func listUsers(roleID: String?, crewFunction: Int?, query: String?, includeInactive: Bool, after: String?, limit: Int) async throws -> [StoredUser]
  /// Deactivates a user: ends the user's sessions and revokes the API keys the user created.
  /// Returns the user and the ended sessions, or `nil` when there is no such user.
  func deactivateUser(id: String, now: Date, audit: AuditEntry) async throws -> (user: StoredUser, endedSessions: [String])?
  /// Every role: (id, name, description, permissions for custom roles, built-in).
  func listRoles() async throws -> [(id: String, name: String, description: String, permissions: [String], builtin: Bool)]
  /// A user's sessions that have not ended, newest first, after the session `after`.
  func listSessions(userID: String, now: Date, after: String?, limit: Int) async throws -> [StoredSession]
  /// Audit events, newest first, before the event with sequence `before`.
  func listAuditEvents(filter: AuditFilter, before: Int64?, limit: Int) async throws -> [(sequence: Int64, event: AuditEvent)]
  /// Sets a user's password hash and ends the user's sessions except `keeping`. Returns the
  /// ended sessions, or `nil` when there is no such user.
  func setPassword(userID: String, hash: String, keeping: String?, now: Date, audit: AuditEntry) async throws -> [String]?
  /// Applies `change` to a user when its version is `expectedVersion` (0: any).
  /// ``StoreError/Code/versionMismatch`` or ``StoreError/Code/conflict`` (e-mail taken).
  func updateUser(id: String, expectedVersion: Int64, now: Date, audit: AuditEntry, change: @escaping @Sendable (inout StoredUser) -> Void) async throws -> StoredUser?
  /// ``StoreError/Code/conflict`` when the name is taken.
  func createRole(id: String, name: String, description: String, permissions: [String], audit: AuditEntry) async throws
  /// `nil` when there is no such role; ``StoreError/Code/conflict`` for a built-in role.
  func updateRole(id: String, description: String?, permissions: [String], audit: AuditEntry) async throws -> (name: String, description: String)?
  /// Deletes a custom role, taking it off every user and key; `false` when there is no such role.
  func deleteRole(id: String, audit: AuditEntry) async throws -> Bool
  /// The permissions of custom roles among `roleIDs` (built-in roles are not stored with theirs).
  func customRolePermissions(roleIDs: [String]) async throws -> [String: [String]]

  /// Opens a session after a successful sign-in, with its first refresh token (hashed).
  func openSession(_ session: StoredSession, refreshTokenHash: String, refreshExpiresAt: Date, audit: AuditEntry) async throws
  /// Presents a refresh token (hashed): rotates it to `newTokenHash`, or detects reuse.
  func presentRefreshToken(
    hash: String,
    replacement newTokenHash: String,
    now: Date,
    grace: Duration,
    idleTimeout: Duration,
    refreshExpiresAt: Date,
    requestID: String,
    clientAddress: String
  ) async throws -> RefreshOutcome
  /// Ends `sessionID`, or every open session of `userID` when `sessionID` is nil. Returns the
  /// ids of the sessions it ended.
  func revokeSessions(userID: String, sessionID: String?, reason: String, now: Date, audit: AuditEntry) async throws -> [String]
  /// Sessions revoked since `date` (access tokens of these are refused until they expire).
  func sessionsRevoked(since date: Date) async throws -> [String]
  func session(id: String) async throws -> StoredSession?

  /// Every signing key that still verifies at `now`.
  func signingKeys(validAt now: Date) async throws -> [StoredSigningKey]
  func addSigningKey(_ key: StoredSigningKey) async throws

  /// The active API key whose current (or still valid previous) secret has this hash.
  func apiKey(secretHash: String, now: Date) async throws -> StoredApiKey?
  /// Creates a key. ``StoreError/Code/conflict`` when an active key has the same device id.
  func createApiKey(_ key: StoredApiKey, secretHash: String, audit: AuditEntry) async throws
  func apiKey(id: String) async throws -> StoredApiKey?
  /// Keys by id, after `after` (exclusive), at most `limit`.
  func listApiKeys(includeRevoked: Bool, after: String?, limit: Int) async throws -> [StoredApiKey]
  /// Revokes a key at once; `nil` when there is no such key.
  func revokeApiKey(id: String, now: Date, audit: AuditEntry) async throws -> StoredApiKey?
  /// Gives a key a new secret; the old one keeps working until `previousExpiresAt`.
  func rotateApiKey(
    id: String, secretHash: String, secretPrefix: String, previousExpiresAt: Date, now: Date, audit: AuditEntry
  ) async throws -> StoredApiKey?
  /// Records that the key was used (coalesced by callers; not audited).
  func touchApiKey(id: String, at date: Date) async throws

  /// Appends an event on its own (sign-in failures and other auth events).
  func appendAudit(_ entry: AuditEntry) async throws
  /// Recomputes the audit log's hash chain.
  func verifyAuditLog() async throws -> AuditVerification
}
