import GRDB

extension Schema {
  /// Payments, refunds and the provider webhook events they are driven by (deduplicated on the
  /// provider's event id).
  static func createPaymentTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE payments (
        id TEXT PRIMARY KEY NOT NULL,
        booking_id TEXT NOT NULL REFERENCES bookings(id),
        provider INTEGER NOT NULL,
        purpose INTEGER NOT NULL,
        status INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        refunded_minor INTEGER NOT NULL DEFAULT 0,
        description TEXT NOT NULL DEFAULT '',
        provider_payment_id TEXT UNIQUE,
        checkout_url TEXT NOT NULL DEFAULT '',
        return_url TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL DEFAULT '',
        failure_reason TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        paid_at INTEGER,
        expires_at INTEGER,
        CHECK (refunded_minor BETWEEN 0 AND amount_minor)
      );
      CREATE INDEX payments_by_booking ON payments(booking_id);
      CREATE TABLE refunds (
        id TEXT PRIMARY KEY NOT NULL,
        payment_id TEXT NOT NULL REFERENCES payments(id),
        status INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        provider_refund_id TEXT UNIQUE,
        failure_reason TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX refunds_by_payment ON refunds(payment_id);
      CREATE TABLE webhook_events (
        provider TEXT NOT NULL,                     -- 'stripe', 'mollie', partner names
        event_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        payload BLOB NOT NULL,
        processed_at INTEGER,
        outcome TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (provider, event_id)
      ) WITHOUT ROWID;
      """)
  }
}
