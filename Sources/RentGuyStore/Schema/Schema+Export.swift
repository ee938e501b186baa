import GRDB

extension Schema {
  /// Exports with their reconciliation lines, what was exported per booking (so a document is
  /// never sent twice), schedules and provider connections.
  static func createExportTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE exports (
        id TEXT PRIMARY KEY NOT NULL,
        provider INTEGER NOT NULL,
        kinds TEXT NOT NULL,                        -- JSON array of ExportKind numbers
        period_start INTEGER NOT NULL,
        period_end INTEGER NOT NULL,
        dry_run INTEGER NOT NULL,
        status INTEGER NOT NULL,
        schedule_id TEXT,
        started_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        failure_reason TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE export_items (
        export_id TEXT NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        booking_id TEXT NOT NULL,
        payment_id TEXT NOT NULL DEFAULT '',
        local_amount_minor INTEGER NOT NULL,
        provider_amount_minor INTEGER,
        currency TEXT NOT NULL,
        provider_document_id TEXT NOT NULL DEFAULT '',
        status INTEGER NOT NULL,                    -- ReconciliationStatus
        message TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (export_id, position)
      ) WITHOUT ROWID;
      CREATE TABLE exported_documents (
        provider INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        source_id TEXT NOT NULL,                    -- bkg_… for invoices, pay_… for payments
        provider_document_id TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        exported_at INTEGER NOT NULL,
        PRIMARY KEY (provider, kind, source_id)
      ) WITHOUT ROWID;
      CREATE TABLE export_schedules (
        id TEXT PRIMARY KEY NOT NULL,
        provider INTEGER NOT NULL,
        kinds TEXT NOT NULL,
        frequency INTEGER NOT NULL,
        time_of_day TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        next_run_at INTEGER,
        last_export_id TEXT
      );
      CREATE TABLE accounting_connections (
        provider INTEGER PRIMARY KEY NOT NULL,
        settings BLOB NOT NULL,                     -- export.v1.Connection without secrets
        secret TEXT,                                -- API token / client secret
        access_token TEXT,
        access_token_expires_at INTEGER,
        refresh_token TEXT,                         -- Exact: persisted before first use
        refresh_token_expires_at INTEGER,
        oauth_state TEXT,
        updated_at INTEGER NOT NULL
      );
      """)
  }
}
