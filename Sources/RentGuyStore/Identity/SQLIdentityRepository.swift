public import Foundation
import GRDB

/// ``IdentityRepository`` on the store's SQLite database (plain SQL; times in milliseconds).
public struct SQLIdentityRepository: IdentityRepository {
  /// Reads.
  private let reader: any DatabaseReader
  /// Writes: group-committed, each with its audit event (and idempotency key) in one savepoint.
  private let writer: BatchedWriter

  public init(store: Store, writer: BatchedWriter) {
    self.reader = store.reader
    self.writer = writer
  }

  // MARK: - Users

  public func userCount() async throws -> Int {
    try await self.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
  }

  public func user(id: String) async throws -> StoredUser? {
    try await self.reader.read { db in try Self.user(db, where: "id = ?", id) }
  }

  public func user(email: String) async throws -> StoredUser? {
    try await self.reader.read { db in try Self.user(db, where: "email = ? COLLATE NOCASE", email) }
  }

  public func createUser(_ user: StoredUser, audit: AuditEntry) async throws {
    try await self.writer.write { db in
      if try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM users WHERE email = ? COLLATE NOCASE"), arguments: [user.email]) != nil {
        throw StoreError(code: .conflict, message: "a user with the e-mail '\(user.email)' exists")
      }
      try db.cachedStatement(sql: """
          INSERT INTO users (id, email, display_name, phone, password_hash, active, created_at, updated_at, version,
            crew_functions, licence_categories, hourly_rate_minor, hourly_rate_currency)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """).execute(arguments: StatementArguments([
          user.id, user.email, user.displayName, user.phone, user.passwordHash, user.active,
          user.createdAt.millisecondsSince1970, user.updatedAt.millisecondsSince1970, user.version,
        ] as [(any DatabaseValueConvertible)?] + Self.crewColumns(user.crew)))
      for role in user.roleIDs {
        guard try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM roles WHERE id = ?"), arguments: [role]) != nil else {
          throw StoreError(code: .notFound, message: "no role '\(role)'")
        }
        try db.cachedStatement(sql: "INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)").execute(arguments: [user.id, role])
      }
      try AuditLog.append(audit, in: db, now: user.createdAt)
    }
  }

  public func listUsers(
    roleID: String?, crewFunction: Int?, query: String?, includeInactive: Bool, after: String?, limit: Int
  ) async throws -> [StoredUser] {
    try await self.reader.read { db in
      var conditions = ["id > ?"]
      var arguments: [any DatabaseValueConvertible] = [after ?? ""]
      if !includeInactive { conditions.append("active = 1") }
      if let roleID {
        conditions.append("id IN (SELECT user_id FROM user_roles WHERE role_id = ?)")
        arguments.append(roleID)
      }
      if let crewFunction {
        // crew_functions is a JSON array of numbers without spaces: "[1,3]" holds 3 as ",3,".
        conditions.append("(',' || substr(crew_functions, 2, length(crew_functions) - 2) || ',') LIKE ?")
        arguments.append("%,\(crewFunction),%")
      }
      if let query {
        conditions.append("(instr(lower(email), lower(?)) > 0 OR instr(lower(display_name), lower(?)) > 0)")
        arguments += [query, query]
      }
      let ids = try String.fetchAll(
        db,
        sql: "SELECT id FROM users WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT \(max(1, limit))",
        arguments: StatementArguments(arguments)
      )
      return try ids.compactMap { try Self.user(db, where: "id = ?", $0) }
    }
  }

  public func deactivateUser(id: String, now: Date, audit: AuditEntry) async throws -> (user: StoredUser, endedSessions: [String])? {
    try await self.writer.write { db in
      guard try Self.user(db, where: "id = ?", id) != nil else { return nil }
      try db.cachedStatement(sql: "UPDATE users SET active = 0, updated_at = ?, version = version + 1 WHERE id = ? AND active = 1")
        .execute(arguments: [now.millisecondsSince1970, id])
      let sessions = try String.fetchAll(
        db.cachedStatement(sql: "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL"),
        arguments: [id]
      )
      try db.cachedStatement(sql: "UPDATE sessions SET revoked_at = ?, revoked_reason = 'user deactivated' WHERE user_id = ? AND revoked_at IS NULL")
        .execute(arguments: [now.millisecondsSince1970, id])
      try db.cachedStatement(sql: "UPDATE api_keys SET revoked_at = ? WHERE created_by = ? AND revoked_at IS NULL")
        .execute(arguments: [now.millisecondsSince1970, id])
      try AuditLog.append(audit, in: db, now: now)
      guard let user = try Self.user(db, where: "id = ?", id) else { return nil }
      return (user, sessions)
    }
  }

  public func listRoles() async throws -> [(id: String, name: String, description: String, permissions: [String], builtin: Bool)] {
    try await self.reader.read { db in
      try Row.fetchAll(db, sql: "SELECT id, name, description, permissions, builtin FROM roles ORDER BY builtin DESC, id").map { row in
        let json: String = row["permissions"]
        return (
          id: row["id"], name: row["name"], description: row["description"],
          permissions: (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [],
          builtin: row["builtin"]
        )
      }
    }
  }

  public func listSessions(userID: String, now: Date, after: String?, limit: Int) async throws -> [StoredSession] {
    try await self.reader.read { db in
      let ids = try String.fetchAll(
        db,
        sql: """
          SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND (? = '' OR id < ?)
          ORDER BY id DESC LIMIT \(max(1, limit))
          """,
        arguments: [userID, now.millisecondsSince1970, after ?? "", after ?? ""]
      )
      return try ids.compactMap { try Self.session(db, id: $0) }
    }
  }

  public func listAuditEvents(filter: AuditFilter, before: Int64?, limit: Int) async throws -> [(sequence: Int64, event: AuditEvent)] {
    try await self.reader.read { db in
      var conditions = ["seq < ?"]
      var arguments: [any DatabaseValueConvertible] = [before ?? Int64.max]
      if let actor = filter.actorID { conditions.append("actor_id = ?"); arguments.append(actor) }
      if let prefix = filter.actionPrefix { conditions.append("substr(action, 1, ?) = ?"); arguments += [prefix.count, prefix] }
      if let resource = filter.resourceID { conditions.append("resource_id = ?"); arguments.append(resource) }
      if let from = filter.from { conditions.append("occurred_at >= ?"); arguments.append(from.millisecondsSince1970) }
      if let until = filter.until { conditions.append("occurred_at < ?"); arguments.append(until.millisecondsSince1970) }
      return try Row.fetchAll(
        db,
        sql: """
          SELECT seq, id, occurred_at, actor_id, actor_name, action, resource_id, outcome, request_id, client_address,
            summary, previous_hash, hash
          FROM audit_events WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT \(max(1, limit))
          """,
        arguments: StatementArguments(arguments)
      ).map { row in
        (
          sequence: row["seq"],
          event: AuditEvent(
            id: row["id"],
            occurredAt: Date(millisecondsSince1970: row["occurred_at"]),
            entry: AuditEntry(
              actorID: row["actor_id"], actorName: row["actor_name"], action: row["action"], resourceID: row["resource_id"],
              outcome: row["outcome"], requestID: row["request_id"], clientAddress: row["client_address"], summary: row["summary"]
            ),
            previousHash: row["previous_hash"] ?? Data(),
            hash: row["hash"] ?? Data()
          )
        )
      }
    }
  }

  public func setPassword(userID: String, hash: String, keeping: String?, now: Date, audit: AuditEntry) async throws -> [String]? {
    try await self.writer.write { db in
      guard try Self.user(db, where: "id = ?", userID) != nil else { return nil }
      try db.cachedStatement(sql: "UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ?")
        .execute(arguments: [hash, now.millisecondsSince1970, userID])
      let ended = try String.fetchAll(
        db.cachedStatement(sql: "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND id != ?"),
        arguments: [userID, keeping ?? ""]
      )
      for id in ended {
        try db.cachedStatement(sql: "UPDATE sessions SET revoked_at = ?, revoked_reason = 'password changed' WHERE id = ?")
          .execute(arguments: [now.millisecondsSince1970, id])
      }
      try AuditLog.append(audit, in: db, now: now)
      return ended
    }
  }

  public func updateUser(
    id: String, expectedVersion: Int64, now: Date, audit: AuditEntry, change: @escaping @Sendable (inout StoredUser) -> Void
  ) async throws -> StoredUser? {
    try await self.writer.write { db in
      guard var user = try Self.user(db, where: "id = ?", id) else { return nil }
      guard expectedVersion == 0 || expectedVersion == user.version else {
        throw StoreError(code: .versionMismatch, message: "user \(id) is at version \(user.version), not \(expectedVersion)")
      }
      let before = user
      change(&user)
      if user.email.lowercased() != before.email.lowercased(),
        try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM users WHERE email = ? COLLATE NOCASE"), arguments: [user.email]) != nil
      {
        throw StoreError(code: .conflict, message: "a user with the e-mail '\(user.email)' exists")
      }
      try db.cachedStatement(
        sql: """
          UPDATE users SET email = ?, display_name = ?, phone = ?, crew_functions = ?, licence_categories = ?,
            hourly_rate_minor = ?, hourly_rate_currency = ?, updated_at = ?, version = version + 1
          WHERE id = ?
          """
      ).execute(arguments: StatementArguments([user.email, user.displayName, user.phone] + Self.crewColumns(user.crew) + [now.millisecondsSince1970, id]))
      if user.roleIDs != before.roleIDs {
        try db.cachedStatement(sql: "DELETE FROM user_roles WHERE user_id = ?").execute(arguments: [id])
        for role in user.roleIDs {
          guard try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM roles WHERE id = ?"), arguments: [role]) != nil else {
            throw StoreError(code: .notFound, message: "no role '\(role)'")
          }
          try db.cachedStatement(sql: "INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)").execute(arguments: [id, role])
        }
      }
      try AuditLog.append(audit, in: db, now: now)
      return try Self.user(db, where: "id = ?", id)
    }
  }

  public func createRole(id: String, name: String, description: String, permissions: [String], audit: AuditEntry) async throws {
    try await self.writer.write { db in
      if try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM roles WHERE name = ?"), arguments: [name]) != nil {
        throw StoreError(code: .conflict, message: "a role named '\(name)' exists")
      }
      let json = String(decoding: try JSONEncoder().encode(permissions), as: UTF8.self)
      try db.cachedStatement(sql: "INSERT INTO roles (id, name, description, permissions, builtin) VALUES (?, ?, ?, ?, 0)")
        .execute(arguments: [id, name, description, json])
      try AuditLog.append(audit, in: db)
    }
  }

  public func updateRole(id: String, description: String?, permissions: [String], audit: AuditEntry) async throws -> (name: String, description: String)? {
    try await self.writer.write { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT name, description, builtin FROM roles WHERE id = ?", arguments: [id]) else {
        return nil
      }
      guard !(row["builtin"] as Bool) else { throw StoreError(code: .conflict, message: "the built-in role '\(id)' cannot change") }
      let json = String(decoding: try JSONEncoder().encode(permissions), as: UTF8.self)
      let newDescription = description ?? row["description"]
      try db.cachedStatement(sql: "UPDATE roles SET description = ?, permissions = ? WHERE id = ?")
        .execute(arguments: [newDescription, json, id])
      try AuditLog.append(audit, in: db)
      return (name: row["name"], description: newDescription)
    }
  }

  public func deleteRole(id: String, audit: AuditEntry) async throws -> Bool {
    try await self.writer.write { db in
      guard let builtin = try Bool.fetchOne(db, sql: "SELECT builtin FROM roles WHERE id = ?", arguments: [id]) else { return false }
      guard !builtin else { throw StoreError(code: .conflict, message: "the built-in role '\(id)' cannot be deleted") }
      try db.execute(sql: "DELETE FROM user_roles WHERE role_id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM api_key_roles WHERE role_id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM roles WHERE id = ?", arguments: [id])
      try AuditLog.append(audit, in: db)
      return true
    }
  }

  public func customRolePermissions(roleIDs: [String]) async throws -> [String: [String]] {
    guard !roleIDs.isEmpty else { return [:] }
    return try await self.reader.read { db in
      let marks = Array(repeating: "?", count: roleIDs.count).joined(separator: ",")
      let rows = try Row.fetchAll(
        db,
        sql: "SELECT id, permissions FROM roles WHERE builtin = 0 AND id IN (\(marks))",
        arguments: StatementArguments(roleIDs)
      )
      var result: [String: [String]] = [:]
      for row in rows {
        let json: String = row["permissions"]
        result[row["id"]] = (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
      }
      return result
    }
  }

  private static func user(_ db: Database, where condition: String, _ value: String) throws -> StoredUser? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT id, email, display_name, phone, password_hash, active, created_at, updated_at, last_login_at, version,
            crew_functions, licence_categories, hourly_rate_minor, hourly_rate_currency
          FROM users WHERE \(condition)
          """,
        arguments: [value]
      )
    else { return nil }
    let id: String = row["id"]
    let roles = try String.fetchAll(db, sql: "SELECT role_id FROM user_roles WHERE user_id = ? ORDER BY role_id", arguments: [id])
    return StoredUser(
      id: id,
      email: row["email"],
      displayName: row["display_name"],
      phone: row["phone"],
      passwordHash: row["password_hash"],
      roleIDs: roles,
      crew: Self.crewProfile(row),
      active: row["active"],
      createdAt: Date(millisecondsSince1970: row["created_at"]),
      updatedAt: Date(millisecondsSince1970: row["updated_at"]),
      lastLoginAt: (row["last_login_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
      version: row["version"]
    )
  }

  /// A crew profile as the four `users` columns (JSON arrays without spaces, so the crew-function
  /// filter can match ",n,").
  private static func crewColumns(_ crew: StoredCrewProfile?) -> [(any DatabaseValueConvertible)?] {
    guard let crew else { return ["[]", "[]", nil, nil] }
    let functions = "[" + crew.functions.map(String.init).joined(separator: ",") + "]"
    let licences = String(decoding: (try? JSONEncoder().encode(crew.licenceCategories)) ?? Data("[]".utf8), as: UTF8.self)
    return [functions, licences, crew.hourlyRateMinor, crew.hourlyRateCurrency]
  }

  /// The crew profile in a `users` row, or nil when it has none.
  private static func crewProfile(_ row: Row) -> StoredCrewProfile? {
    let functions = (try? JSONDecoder().decode([Int].self, from: Data((row["crew_functions"] as String? ?? "[]").utf8))) ?? []
    let licences = (try? JSONDecoder().decode([String].self, from: Data((row["licence_categories"] as String? ?? "[]").utf8))) ?? []
    let rate: Int64? = row["hourly_rate_minor"]
    guard !functions.isEmpty || !licences.isEmpty || rate != nil else { return nil }
    return StoredCrewProfile(functions: functions, licenceCategories: licences, hourlyRateMinor: rate, hourlyRateCurrency: row["hourly_rate_currency"])
  }

  // MARK: - Sessions and refresh tokens

  public func openSession(_ session: StoredSession, refreshTokenHash: String, refreshExpiresAt: Date, audit: AuditEntry) async throws {
    try await self.writer.write { db in
      try db.cachedStatement(sql: """
          INSERT INTO sessions (id, user_id, client_name, client_address, created_at, last_used_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """).execute(arguments: [
          session.id, session.userID, session.clientName, session.clientAddress, session.createdAt.millisecondsSince1970,
          session.lastUsedAt.millisecondsSince1970, session.expiresAt.millisecondsSince1970,
        ])
      try db.cachedStatement(sql: "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (?, ?, ?, ?)").execute(arguments: [refreshTokenHash, session.id, session.createdAt.millisecondsSince1970, refreshExpiresAt.millisecondsSince1970])
      try db.cachedStatement(sql: "UPDATE users SET last_login_at = ? WHERE id = ?").execute(arguments: [session.createdAt.millisecondsSince1970, session.userID])
      try AuditLog.append(audit, in: db, now: session.createdAt)
    }
  }

  public func presentRefreshToken(
    hash: String,
    replacement newTokenHash: String,
    now: Date,
    grace: Duration,
    idleTimeout: Duration,
    refreshExpiresAt: Date,
    requestID: String,
    clientAddress: String
  ) async throws -> RefreshOutcome {
    try await self.writer.write { db -> RefreshOutcome in
      guard
        let token = try Row.fetchOne(
          db,
          sql: "SELECT session_id, expires_at, used_at, grace_until, grace_used FROM refresh_tokens WHERE token_hash = ?",
          arguments: [hash]
        )
      else { return .invalid(reason: "unknown refresh token") }
      let sessionID: String = token["session_id"]
      guard let session = try Self.session(db, id: sessionID), session.revokedAt == nil else {
        return .invalid(reason: "the session has ended")
      }
      guard let user = try Self.user(db, where: "id = ?", session.userID), user.active else {
        return .invalid(reason: "the user is deactivated")
      }
      let nowMS = now.millisecondsSince1970
      let usedAt: Int64? = token["used_at"]
      if let usedAt {
        let graceUntil: Int64 = token["grace_until"] ?? usedAt
        let graceUsed: Bool = token["grace_used"]
        if nowMS <= graceUntil && !graceUsed {
          try db.cachedStatement(sql: "UPDATE refresh_tokens SET grace_used = 1 WHERE token_hash = ?").execute(arguments: [hash])
          try Self.issue(db, newTokenHash, session: session, now: now, expiresAt: refreshExpiresAt, grace: grace)
          return .replayedWithinGrace(session, user)
        }
        // A rotated token again: it was stolen or replayed. End the whole session.
        try db.cachedStatement(sql: "UPDATE sessions SET revoked_at = ?, revoked_reason = 'refresh token reused' WHERE id = ?").execute(arguments: [nowMS, sessionID])
        try AuditLog.append(
          AuditEntry(
            actorID: user.id, actorName: user.displayName, action: "auth.refresh.reused", resourceID: sessionID,
            outcome: "UNAUTHENTICATED", requestID: requestID, clientAddress: clientAddress,
            summary: "a rotated refresh token was presented again; the session was revoked"
          ),
          in: db,
          now: now
        )
        return .reused(sessionID: sessionID)
      }
      let expiresAt: Int64 = token["expires_at"]
      guard nowMS < expiresAt, now < session.expiresAt else { return .invalid(reason: "the refresh token has expired") }
      guard now < session.lastUsedAt.addingTimeInterval(idleTimeout.timeInterval) else {
        return .invalid(reason: "the session was idle too long")
      }
      try db.cachedStatement(sql: "UPDATE refresh_tokens SET used_at = ?, grace_until = ? WHERE token_hash = ?").execute(arguments: [nowMS, now.addingTimeInterval(grace.timeInterval).millisecondsSince1970, hash])
      try Self.issue(db, newTokenHash, session: session, now: now, expiresAt: refreshExpiresAt, grace: grace)
      try AuditLog.append(
        AuditEntry(
          actorID: user.id, actorName: user.displayName, action: "auth.refresh", resourceID: sessionID,
          requestID: requestID, clientAddress: clientAddress
        ),
        in: db,
        now: now
      )
      return .rotated(session, user)
    }
  }

  private static func issue(_ db: Database, _ tokenHash: String, session: StoredSession, now: Date, expiresAt: Date, grace: Duration) throws {
    let end = min(expiresAt, session.expiresAt)
    try db.cachedStatement(sql: "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (?, ?, ?, ?)").execute(arguments: [tokenHash, session.id, now.millisecondsSince1970, end.millisecondsSince1970])
    try db.cachedStatement(sql: "UPDATE sessions SET last_used_at = ? WHERE id = ?").execute(arguments: [now.millisecondsSince1970, session.id])
  }

  public func revokeSessions(userID: String, sessionID: String?, reason: String, now: Date, audit: AuditEntry) async throws -> [String] {
    try await self.writer.write { db in
      let ids: [String]
      if let sessionID {
        ids = try String.fetchAll(
          db,
          sql: "SELECT id FROM sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
          arguments: [sessionID, userID]
        )
      } else {
        ids = try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL", arguments: [userID])
      }
      for id in ids {
        try db.cachedStatement(sql: "UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ?").execute(arguments: [now.millisecondsSince1970, reason, id])
      }
      try AuditLog.append(audit, in: db, now: now)
      return ids
    }
  }

  public func sessionsRevoked(since date: Date) async throws -> [String] {
    try await self.reader.read { db in
      try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE revoked_at >= ?", arguments: [date.millisecondsSince1970])
    }
  }

  public func session(id: String) async throws -> StoredSession? {
    try await self.reader.read { db in try Self.session(db, id: id) }
  }

  private static func session(_ db: Database, id: String) throws -> StoredSession? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT id, user_id, client_name, client_address, created_at, last_used_at, expires_at, revoked_at
          FROM sessions WHERE id = ?
          """,
        arguments: [id]
      )
    else { return nil }
    return StoredSession(
      id: row["id"],
      userID: row["user_id"],
      clientName: row["client_name"],
      clientAddress: row["client_address"],
      createdAt: Date(millisecondsSince1970: row["created_at"]),
      lastUsedAt: Date(millisecondsSince1970: row["last_used_at"]),
      expiresAt: Date(millisecondsSince1970: row["expires_at"]),
      revokedAt: (row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:))
    )
  }

  // MARK: - Signing keys

  public func signingKeys(validAt now: Date) async throws -> [StoredSigningKey] {
    try await self.reader.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT kid, algorithm, private_key, created_at, retires_at, expires_at FROM signing_keys
          WHERE expires_at > ? ORDER BY created_at
          """,
        arguments: [now.millisecondsSince1970]
      ).map { row in
        StoredSigningKey(
          kid: row["kid"],
          algorithm: row["algorithm"],
          privateKey: row["private_key"],
          createdAt: Date(millisecondsSince1970: row["created_at"]),
          retiresAt: Date(millisecondsSince1970: row["retires_at"]),
          expiresAt: Date(millisecondsSince1970: row["expires_at"])
        )
      }
    }
  }

  public func addSigningKey(_ key: StoredSigningKey) async throws {
    try await self.writer.write { db in
      try db.cachedStatement(sql: """
          INSERT INTO signing_keys (kid, algorithm, private_key, created_at, retires_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """).execute(arguments: [
          key.kid, key.algorithm, key.privateKey, key.createdAt.millisecondsSince1970, key.retiresAt.millisecondsSince1970,
          key.expiresAt.millisecondsSince1970,
        ])
    }
  }

  // MARK: - API keys

  public func apiKey(secretHash: String, now: Date) async throws -> StoredApiKey? {
    try await self.reader.read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT id, name, kind, device_id, secret_prefix, created_at, created_by, expires_at, last_used_at, revoked_at
            FROM api_keys
            WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
              AND (secret_hash = ? OR (previous_secret_hash = ? AND previous_secret_expires_at > ?))
            """,
          arguments: [now.millisecondsSince1970, secretHash, secretHash, now.millisecondsSince1970]
        )
      else { return nil }
      let id: String = row["id"]
      return StoredApiKey(
        id: id,
        name: row["name"],
        kind: row["kind"],
        deviceID: row["device_id"],
        roleIDs: try String.fetchAll(db, sql: "SELECT role_id FROM api_key_roles WHERE api_key_id = ? ORDER BY role_id", arguments: [id]),
        secretPrefix: row["secret_prefix"],
        createdAt: Date(millisecondsSince1970: row["created_at"]),
        createdBy: row["created_by"],
        expiresAt: (row["expires_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
        lastUsedAt: (row["last_used_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
        revokedAt: nil
      )
    }
  }

  public func createApiKey(_ key: StoredApiKey, secretHash: String, audit: AuditEntry) async throws {
    try await self.writer.write { db in
      if let device = key.deviceID,
        try Int.fetchOne(
          db.cachedStatement(sql: "SELECT 1 FROM api_keys WHERE device_id = ? AND revoked_at IS NULL"),
          arguments: [device]
        ) != nil
      {
        throw StoreError(code: .conflict, message: "an active key exists for the device '\(device)'")
      }
      try db.cachedStatement(
        sql: """
          INSERT INTO api_keys (id, name, kind, device_id, secret_hash, secret_prefix, created_at, created_by, expires_at,
            home_location_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(arguments: [
        key.id, key.name, key.kind, key.deviceID, secretHash, key.secretPrefix, key.createdAt.millisecondsSince1970,
        key.createdBy, key.expiresAt?.millisecondsSince1970, key.homeLocationID,
      ])
      for role in key.roleIDs {
        guard try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM roles WHERE id = ?"), arguments: [role]) != nil else {
          throw StoreError(code: .notFound, message: "no role '\(role)'")
        }
        try db.cachedStatement(sql: "INSERT INTO api_key_roles (api_key_id, role_id) VALUES (?, ?)")
          .execute(arguments: [key.id, role])
      }
      try AuditLog.append(audit, in: db, now: key.createdAt)
    }
  }

  public func apiKey(id: String) async throws -> StoredApiKey? {
    try await self.reader.read { db in try Self.apiKeys(db, where: "id = ?", [id], limit: 1).first }
  }

  public func listApiKeys(includeRevoked: Bool, after: String?, limit: Int) async throws -> [StoredApiKey] {
    try await self.reader.read { db in
      try Self.apiKeys(
        db,
        where: "id > ?" + (includeRevoked ? "" : " AND revoked_at IS NULL"),
        [after ?? ""],
        limit: limit
      )
    }
  }

  public func revokeApiKey(id: String, now: Date, audit: AuditEntry) async throws -> StoredApiKey? {
    try await self.writer.write { db in
      guard try Self.apiKeys(db, where: "id = ?", [id], limit: 1).first != nil else { return nil }
      try db.cachedStatement(sql: "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
        .execute(arguments: [now.millisecondsSince1970, id])
      try AuditLog.append(audit, in: db, now: now)
      return try Self.apiKeys(db, where: "id = ?", [id], limit: 1).first
    }
  }

  public func rotateApiKey(
    id: String, secretHash: String, secretPrefix: String, previousExpiresAt: Date, now: Date, audit: AuditEntry
  ) async throws -> StoredApiKey? {
    try await self.writer.write { db in
      guard let key = try Self.apiKeys(db, where: "id = ?", [id], limit: 1).first, key.revokedAt == nil else { return nil }
      try db.cachedStatement(
        sql: """
          UPDATE api_keys SET previous_secret_hash = secret_hash, previous_secret_expires_at = ?,
            secret_hash = ?, secret_prefix = ? WHERE id = ?
          """
      ).execute(arguments: [previousExpiresAt.millisecondsSince1970, secretHash, secretPrefix, id])
      try AuditLog.append(audit, in: db, now: now)
      return try Self.apiKeys(db, where: "id = ?", [id], limit: 1).first
    }
  }

  private static func apiKeys(_ db: Database, where condition: String, _ arguments: [String], limit: Int) throws -> [StoredApiKey] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT id, name, kind, device_id, secret_prefix, created_at, created_by, expires_at, last_used_at, revoked_at,
          home_location_id
        FROM api_keys WHERE \(condition) ORDER BY id LIMIT \(max(1, limit))
        """,
      arguments: StatementArguments(arguments)
    ).map { row in
      let id: String = row["id"]
      return StoredApiKey(
        id: id,
        name: row["name"],
        kind: row["kind"],
        deviceID: row["device_id"],
        roleIDs: try String.fetchAll(
          db.cachedStatement(sql: "SELECT role_id FROM api_key_roles WHERE api_key_id = ? ORDER BY role_id"),
          arguments: [id]
        ),
        secretPrefix: row["secret_prefix"],
        createdAt: Date(millisecondsSince1970: row["created_at"]),
        createdBy: row["created_by"],
        expiresAt: (row["expires_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
        lastUsedAt: (row["last_used_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
        revokedAt: (row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
        homeLocationID: row["home_location_id"]
      )
    }
  }

  public func touchApiKey(id: String, at date: Date) async throws {
    try await self.writer.write { db in
      try db.cachedStatement(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?").execute(arguments: [date.millisecondsSince1970, id])
    }
  }

  // MARK: - Audit

  public func appendAudit(_ entry: AuditEntry) async throws {
    try await self.writer.write { db in _ = try AuditLog.append(entry, in: db) }
  }

  public func verifyAuditLog() async throws -> AuditVerification {
    try await self.reader.read { db in try AuditLog.verify(in: db) }
  }
}
