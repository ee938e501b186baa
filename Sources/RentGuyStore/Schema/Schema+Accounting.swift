import GRDB

extension Schema {
  /// v8: accounting exports as the export issue built them. The v1 export tables never held data
  /// (every export RPC answered UNIMPLEMENTED until now), so they are replaced, not migrated.
  ///
  /// - `exports`: one run, with its counters (kept in the same transaction as each item, so
  ///   progress never needs a count over the items).
  /// - `export_items`: one document of a run and how it compares with the provider.
  /// - `exported_documents`: what was sent to a provider, once per (provider, document): the
  ///   reason a re-run sends nothing twice.
  /// - `accounting_contacts`: the provider's contact (customer) for a RentGuy customer.
  /// - `accounting_connections` / `accounting_mappings`: the finance user's settings; the
  ///   settings and mapping are the contract's messages (protobuf), secrets and tokens columns.
  /// - `export_schedules`: the contract's ExportSchedule (protobuf) beside its next run time.
  static func addAccounting(_ db: Database) throws {
    try db.execute(sql: """
      DROP TABLE export_items;
      DROP TABLE exported_documents;
      DROP TABLE exports;
      DROP TABLE export_schedules;
      DROP TABLE accounting_connections;

      CREATE TABLE exports (
        id TEXT PRIMARY KEY NOT NULL,
        provider INTEGER NOT NULL,
        kinds TEXT NOT NULL,                        -- ExportKind numbers, space-separated
        period_start INTEGER NOT NULL,
        period_end INTEGER NOT NULL,
        dry_run INTEGER NOT NULL,
        status INTEGER NOT NULL,                    -- ExportStatus
        schedule_id TEXT NOT NULL DEFAULT '',
        started_by TEXT NOT NULL,
        total INTEGER NOT NULL,
        succeeded INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        planned_ms INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        failure_reason TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX exports_by_provider ON exports(provider, status);

      CREATE TABLE export_items (
        export_id TEXT NOT NULL REFERENCES exports(id),
        position INTEGER NOT NULL,
        document INTEGER NOT NULL,                  -- DocumentKind
        document_id TEXT NOT NULL,                  -- inv_… or pay_…
        invoice_id TEXT NOT NULL,
        invoice_number TEXT NOT NULL,
        booking_id TEXT NOT NULL,
        booking_number TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        local_amount_minor INTEGER NOT NULL,
        local_vat_minor INTEGER NOT NULL,
        vat_breakdown TEXT NOT NULL,                -- "category:rate_bp:net:vat" per rate, space-separated
        provider_amount_minor INTEGER,
        provider_vat_minor INTEGER,
        provider_document_id TEXT NOT NULL,
        exported_before INTEGER NOT NULL,
        status INTEGER NOT NULL,                    -- ReconciliationStatus
        message TEXT NOT NULL,
        PRIMARY KEY (export_id, position)
      ) WITHOUT ROWID;
      -- A payment is sent once the invoice it is booked on is.
      CREATE INDEX export_items_payments ON export_items(export_id, invoice_id) WHERE document = 3;

      CREATE TABLE exported_documents (
        provider INTEGER NOT NULL,
        document_id TEXT NOT NULL,
        provider_document_id TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        vat_minor INTEGER NOT NULL,
        export_id TEXT NOT NULL,
        exported_at INTEGER NOT NULL,
        PRIMARY KEY (provider, document_id)
      ) WITHOUT ROWID;

      CREATE TABLE accounting_contacts (
        provider INTEGER NOT NULL,
        customer_id TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        PRIMARY KEY (provider, customer_id)
      ) WITHOUT ROWID;

      CREATE TABLE accounting_connections (
        provider INTEGER PRIMARY KEY NOT NULL,
        settings BLOB NOT NULL,                     -- export.v1.Connection without secrets
        secret TEXT NOT NULL DEFAULT '',            -- Moneybird API token / Exact client secret
        access_token TEXT NOT NULL DEFAULT '',
        access_token_expires_at INTEGER NOT NULL DEFAULT 0,
        refresh_token TEXT NOT NULL DEFAULT '',     -- Exact: committed before it is ever used
        refresh_token_expires_at INTEGER NOT NULL DEFAULT 0,
        oauth_state TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE accounting_mappings (
        provider INTEGER PRIMARY KEY NOT NULL,
        mapping BLOB NOT NULL,                      -- export.v1.AccountingMapping
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE export_schedules (
        id TEXT PRIMARY KEY NOT NULL,
        schedule BLOB NOT NULL,                     -- export.v1.ExportSchedule
        enabled INTEGER NOT NULL,
        next_run_at INTEGER NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE INDEX export_schedules_due ON export_schedules(next_run_at) WHERE enabled = 1;
      """)
  }
}
