import GRDB

extension Schema {
  /// Customers, leads, bookings and their lines, crew assignments, and the booking event log
  /// that `WatchBookingEvents` replays.
  static func createBookingTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE customers (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '{}',         -- JSON of common.v1.Contact
        billing_address TEXT NOT NULL DEFAULT '{}',
        external_ids TEXT NOT NULL DEFAULT '{}',    -- JSON: provider → id in the bookkeeping
        notes TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX customers_by_email ON customers(email COLLATE NOCASE);
      CREATE TABLE leads (
        id TEXT PRIMARY KEY NOT NULL,
        status INTEGER NOT NULL,
        source TEXT NOT NULL,
        source_request_id TEXT NOT NULL,
        payload BLOB NOT NULL,                      -- booking.v1.Lead as submitted (protobuf)
        received_at INTEGER NOT NULL,
        booking_id TEXT,
        rejection_reason TEXT,
        UNIQUE (source, source_request_id)
      );
      CREATE TABLE bookings (
        id TEXT PRIMARY KEY NOT NULL,
        number TEXT NOT NULL UNIQUE,
        status INTEGER NOT NULL,                    -- booking.v1.BookingStatus
        customer_id TEXT NOT NULL REFERENCES customers(id),
        title TEXT NOT NULL DEFAULT '',
        venue TEXT NOT NULL DEFAULT '',
        venue_address TEXT NOT NULL DEFAULT '{}',
        usage_start INTEGER NOT NULL,
        usage_end INTEGER NOT NULL,
        planning_start INTEGER NOT NULL,
        planning_end INTEGER NOT NULL,
        currency TEXT NOT NULL,
        deposit_minor INTEGER NOT NULL DEFAULT 0,
        quote_valid_until INTEGER,
        shortages_overridden INTEGER NOT NULL DEFAULT 0,
        lead_id TEXT REFERENCES leads(id),
        notes TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,
        version INTEGER NOT NULL DEFAULT 1,
        CHECK (usage_end > usage_start AND planning_start <= usage_start AND planning_end >= usage_end)
      );
      CREATE INDEX bookings_by_planning ON bookings(status, planning_start, planning_end);
      CREATE INDEX bookings_by_customer ON bookings(customer_id);
      CREATE TABLE booking_lines (
        id TEXT PRIMARY KEY NOT NULL,
        booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        product_id TEXT REFERENCES products(id),
        kit_id TEXT REFERENCES kits(id),
        description TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_day_price_minor INTEGER NOT NULL,
        days INTEGER NOT NULL CHECK (days > 0),
        discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
        vat_rate_bp INTEGER NOT NULL,
        checked_out_quantity INTEGER NOT NULL DEFAULT 0,
        returned_quantity INTEGER NOT NULL DEFAULT 0,
        CHECK ((product_id IS NULL) <> (kit_id IS NULL))
      );
      CREATE INDEX booking_lines_by_booking ON booking_lines(booking_id, position);
      CREATE INDEX booking_lines_by_product ON booking_lines(product_id);
      -- Serialized assets checked out against a line.
      CREATE TABLE booking_line_assets (
        line_id TEXT NOT NULL REFERENCES booking_lines(id) ON DELETE CASCADE,
        asset_id TEXT NOT NULL REFERENCES assets(id),
        checked_out_at INTEGER NOT NULL,
        returned_at INTEGER,
        PRIMARY KEY (line_id, asset_id)
      ) WITHOUT ROWID;
      CREATE TABLE crew_assignments (
        id TEXT PRIMARY KEY NOT NULL,
        booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id),
        function INTEGER NOT NULL,
        period_start INTEGER NOT NULL,
        period_end INTEGER NOT NULL,
        status INTEGER NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        CHECK (period_end > period_start)
      );
      CREATE INDEX crew_assignments_by_user ON crew_assignments(user_id, period_start);
      CREATE TABLE booking_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        type INTEGER NOT NULL,
        booking_id TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL DEFAULT '',
        snapshot BLOB NOT NULL                      -- booking.v1.Booking after the event (protobuf)
      );
      CREATE INDEX booking_events_by_booking ON booking_events(booking_id, sequence);
      """)
  }
}
