import GRDB

extension Schema {
  /// Users (staff and crew are one identity), roles, sessions, refresh tokens, API keys and the
  /// append-only audit log.
  static func createIdentityTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE users (
        id TEXT PRIMARY KEY NOT NULL,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        phone TEXT NOT NULL DEFAULT '',
        password_hash TEXT,                        -- NULL: cannot sign in yet
        crew_functions TEXT NOT NULL DEFAULT '[]', -- JSON array of CrewFunction numbers
        licence_categories TEXT NOT NULL DEFAULT '[]',
        hourly_rate_minor INTEGER,
        hourly_rate_currency TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_login_at INTEGER,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE roles (
        id TEXT PRIMARY KEY NOT NULL,              -- 'admin', 'planner', … or rol_…
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        permissions TEXT NOT NULL DEFAULT '[]',    -- JSON array of permission names
        builtin INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE user_roles (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL REFERENCES roles(id),
        PRIMARY KEY (user_id, role_id)
      ) WITHOUT ROWID;
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        client_name TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        revoked_reason TEXT
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);
      -- Every refresh token ever issued (hashed), so that the reuse of a rotated one is detected.
      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      ) WITHOUT ROWID;
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        kind INTEGER NOT NULL,
        device_id TEXT,
        secret_hash TEXT NOT NULL UNIQUE,
        secret_prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        expires_at INTEGER,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE UNIQUE INDEX api_keys_active_device ON api_keys(device_id)
        WHERE device_id IS NOT NULL AND revoked_at IS NULL;
      CREATE TABLE api_key_roles (
        api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL REFERENCES roles(id),
        PRIMARY KEY (api_key_id, role_id)
      ) WITHOUT ROWID;
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        occurred_at INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        resource_id TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL,
        request_id TEXT NOT NULL DEFAULT '',
        client_address TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX audit_events_by_actor ON audit_events(actor_id, seq);
      CREATE INDEX audit_events_by_resource ON audit_events(resource_id, seq);
      -- The audit log is append-only: the database itself refuses changes and deletions.
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      """)
    let builtinRoles: [(id: String, name: String, description: String)] = [
      ("admin", "Admin", "Everything."),
      ("planner", "Planner", "Catalog, leads, quotes, bookings and crew planning; reads payments."),
      ("warehouse", "Warehouse", "Scanning, stock and conflicts; reads bookings."),
      ("crew", "Crew", "Own assignments and own profile."),
      ("finance", "Finance", "Payments, refunds, exports, connections and the job queue."),
    ]
    for role in builtinRoles {
      try db.execute(
        sql: "INSERT INTO roles (id, name, description, permissions, builtin) VALUES (?, ?, ?, '[]', 1)",
        arguments: [role.id, role.name, role.description]
      )
    }
  }
}
