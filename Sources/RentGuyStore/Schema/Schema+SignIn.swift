import GRDB

extension Schema {
  /// v2: what signing in needs beyond v1's identity tables: token signing keys, session activity,
  /// the refresh-token grace, API key rotation, the audit log's hash chain, and the idempotency
  /// key's name.
  static func addSignIn(_ db: Database) throws {
    try db.execute(sql: """
      -- Keys that sign access tokens (Ed25519). A key signs until `retires_at`, and verifies until
      -- `expires_at` (after the last token it signed has expired).
      CREATE TABLE signing_keys (
        kid TEXT PRIMARY KEY NOT NULL,
        algorithm TEXT NOT NULL,
        private_key BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        retires_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      ALTER TABLE sessions ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
      ALTER TABLE sessions ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
      -- A rotated refresh token may be presented once more within its grace (a lost response).
      ALTER TABLE refresh_tokens ADD COLUMN grace_until INTEGER;
      ALTER TABLE refresh_tokens ADD COLUMN grace_used INTEGER NOT NULL DEFAULT 0;
      -- Key rotation: the previous secret keeps working until it expires.
      ALTER TABLE api_keys ADD COLUMN previous_secret_hash TEXT;
      ALTER TABLE api_keys ADD COLUMN previous_secret_expires_at INTEGER;
      CREATE INDEX api_keys_previous_secret ON api_keys(previous_secret_hash)
        WHERE previous_secret_hash IS NOT NULL;
      -- The audit log's hash chain (see AuditLog).
      ALTER TABLE audit_events ADD COLUMN previous_hash BLOB;
      ALTER TABLE audit_events ADD COLUMN hash BLOB;
      ALTER TABLE idempotency_keys RENAME COLUMN request_id TO idempotency_key;
      """)
  }
}
