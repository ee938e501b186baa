import GRDB

extension Schema {
  /// The durable job queue: outbound work committed with the change that causes it.
  static func createJobTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY NOT NULL,
        queue TEXT NOT NULL,
        kind TEXT NOT NULL,
        resource_id TEXT NOT NULL DEFAULT '',
        payload BLOB NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'retrying', 'succeeded', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
        run_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER,
        last_error TEXT NOT NULL DEFAULT ''
      );
      -- What a worker looks for: due jobs of its queue, and expired leases.
      CREATE INDEX jobs_due ON jobs(queue, state, run_at);
      CREATE INDEX jobs_by_resource ON jobs(resource_id);
      -- Queue depth for /metrics: only unfinished jobs, however many have succeeded.
      CREATE INDEX jobs_open ON jobs(queue, state, created_at) WHERE state <> 'succeeded';
      """)
  }

  /// Idempotency keys of mutating RPCs: the stored response of a completed request.
  static func createIdempotencyTable(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE idempotency_keys (
        principal_id TEXT NOT NULL,
        method TEXT NOT NULL,
        request_id TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response BLOB,                              -- NULL while in flight
        status_code INTEGER,                        -- gRPC status of a stored failure
        created_at INTEGER NOT NULL,
        completed_at INTEGER,
        PRIMARY KEY (principal_id, method, request_id)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
      """)
  }
}
