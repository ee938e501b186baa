import GRDB

extension Schema {
  /// v7: payments as the payment issue built them (the Stripe intent beside the session, disputes,
  /// chargebacks), discarded jobs and paused queues, outbound webhook endpoints and deliveries, and
  /// where the webhook dispatcher is in the booking event log.
  static func addIntegrations(_ db: Database) throws {
    try db.execute(sql: """
      ALTER TABLE payments ADD COLUMN provider_intent_id TEXT;
      ALTER TABLE payments ADD COLUMN dispute INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE payments ADD COLUMN charged_back_minor INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE payments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      CREATE UNIQUE INDEX payments_by_intent ON payments(provider_intent_id) WHERE provider_intent_id IS NOT NULL;
      ALTER TABLE refunds ADD COLUMN booking_id TEXT NOT NULL DEFAULT '';
      CREATE INDEX refunds_by_booking ON refunds(booking_id);

      CREATE TABLE jobs_v7 (
        id TEXT PRIMARY KEY NOT NULL,
        queue TEXT NOT NULL,
        kind TEXT NOT NULL,
        resource_id TEXT NOT NULL DEFAULT '',
        payload BLOB NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'retrying', 'succeeded', 'dead', 'discarded')),
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
      INSERT INTO jobs_v7 SELECT id, queue, kind, resource_id, payload, state, attempts, max_attempts, run_at, lease_owner,
        lease_expires_at, created_at, updated_at, finished_at, last_error FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_v7 RENAME TO jobs;
      CREATE INDEX jobs_due ON jobs(queue, state, run_at);
      CREATE INDEX jobs_by_resource ON jobs(resource_id);
      CREATE INDEX jobs_open ON jobs(queue, state, created_at) WHERE state NOT IN ('succeeded', 'discarded');
      -- Queue status without reading the history: successes by time, the last failure.
      CREATE INDEX jobs_finished ON jobs(queue, state, finished_at);
      CREATE INDEX jobs_failed ON jobs(queue, updated_at) WHERE last_error <> '';
      CREATE TABLE job_queues (
        queue TEXT PRIMARY KEY NOT NULL,
        paused INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE webhook_endpoints (
        id TEXT PRIMARY KEY NOT NULL,
        url TEXT NOT NULL,
        event_types TEXT NOT NULL,                  -- space-separated
        description TEXT NOT NULL DEFAULT '',
        enabled INTEGER NOT NULL DEFAULT 1,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_secret_expires_at INTEGER,
        version INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY NOT NULL,
        endpoint_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        event_sequence INTEGER NOT NULL,
        status INTEGER NOT NULL,                    -- webhooks.v1.DeliveryStatus
        payload TEXT NOT NULL,
        attempts TEXT NOT NULL DEFAULT '[]',        -- JSON, the last 20
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);
      CREATE TABLE cursors (
        name TEXT PRIMARY KEY NOT NULL,
        position INTEGER NOT NULL
      ) WITHOUT ROWID;
      """)
  }
}
