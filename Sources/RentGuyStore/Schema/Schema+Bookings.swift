import GRDB

extension Schema {
  /// v3: what the booking lifecycle needs beyond v1's tables: VAT categories, bulk quantities,
  /// a booking's time zone and buffers, line kinds (charges without a product), stock holds,
  /// invoices and credit notes with gap-free numbers, and the event log's retention mark.
  static func addBookingLifecycle(_ db: Database) throws {
    try db.execute(sql: """
      INSERT INTO roles (id, name, description, permissions, builtin)
        VALUES ('website', 'Website', 'A marketing or partner site: submits leads, sees availability levels.', '[]', 1);
      ALTER TABLE products ADD COLUMN vat_category INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE products ADD COLUMN bulk_quantity INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE products ADD COLUMN bulk_barcode TEXT;
      ALTER TABLE kits ADD COLUMN vat_category INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE bookings ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Amsterdam';
      -- NULL: each product's own buffer.
      ALTER TABLE bookings ADD COLUMN preparation_buffer_ms INTEGER;
      ALTER TABLE bookings ADD COLUMN return_buffer_ms INTEGER;
      ALTER TABLE bookings ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE crew_assignments ADD COLUMN overlap_overridden INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE crew_assignments ADD COLUMN response_note TEXT NOT NULL DEFAULT '';
      CREATE INDEX crew_assignments_by_booking ON crew_assignments(booking_id);
      CREATE INDEX leads_by_status ON leads(status, id);

      -- Lines: charges (damage, loss, service) may have no product; v1's CHECK forbade that.
      DROP TABLE booking_line_assets;
      DROP TABLE booking_lines;
      CREATE TABLE booking_lines (
        id TEXT PRIMARY KEY NOT NULL,
        booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind INTEGER NOT NULL,                      -- booking.v1.LineKind
        product_id TEXT REFERENCES products(id),
        kit_id TEXT REFERENCES kits(id),
        description TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_minor INTEGER NOT NULL,
        days INTEGER NOT NULL CHECK (days > 0),
        discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
        vat_category INTEGER NOT NULL,
        vat_rate_bp INTEGER NOT NULL,
        checked_out_quantity INTEGER NOT NULL DEFAULT 0,
        returned_quantity INTEGER NOT NULL DEFAULT 0,
        CHECK (product_id IS NULL OR kit_id IS NULL),
        CHECK (kind <> 1 OR product_id IS NOT NULL OR kit_id IS NOT NULL)
      );
      CREATE INDEX booking_lines_by_booking ON booking_lines(booking_id, position);
      CREATE TABLE booking_line_assets (
        line_id TEXT NOT NULL REFERENCES booking_lines(id) ON DELETE CASCADE,
        asset_id TEXT NOT NULL REFERENCES assets(id),
        checked_out_at INTEGER NOT NULL,
        returned_at INTEGER,
        PRIMARY KEY (line_id, asset_id)
      );

      -- What bookings hold: one row per rental line and product (a kit line holds each of its
      -- components) over the line's planning period. Firm holds come from bookings that hold
      -- stock; tentative ones (firm = 0) from quotes, counted only on request.
      CREATE TABLE stock_holds (
        booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
        line_id TEXT NOT NULL,
        product_id TEXT NOT NULL REFERENCES products(id),
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        firm INTEGER NOT NULL,
        CHECK (end_at > start_at)
      );
      CREATE INDEX stock_holds_by_product ON stock_holds(product_id, end_at, start_at);
      CREATE INDEX stock_holds_by_booking ON stock_holds(booking_id);

      -- Gap-free document numbers: one counter per series ("RG-2026", "F2026", "C2026"), taken in
      -- the transaction that uses the number, so a rolled-back write gives its number back.
      CREATE TABLE document_series (
        series TEXT PRIMARY KEY NOT NULL,
        last_number INTEGER NOT NULL
      );

      CREATE TABLE invoices (
        id TEXT PRIMARY KEY NOT NULL,
        number TEXT NOT NULL UNIQUE,
        kind INTEGER NOT NULL,                      -- booking.v1.InvoiceKind
        booking_id TEXT NOT NULL REFERENCES bookings(id),
        customer_id TEXT NOT NULL REFERENCES customers(id),
        currency TEXT NOT NULL,
        issue_date TEXT NOT NULL,                   -- yyyy-MM-dd in the booking's time zone
        due_date TEXT NOT NULL,
        subtotal_minor INTEGER NOT NULL,
        vat_minor INTEGER NOT NULL,
        total_minor INTEGER NOT NULL,
        credited_invoice_id TEXT REFERENCES invoices(id),
        reason TEXT NOT NULL DEFAULT '',
        issued_at INTEGER NOT NULL,
        document BLOB NOT NULL                      -- booking.v1.Invoice as issued (protobuf)
      );
      CREATE INDEX invoices_by_booking ON invoices(booking_id, issued_at);
      CREATE INDEX invoices_by_customer ON invoices(customer_id, issued_at);
      CREATE INDEX invoices_by_date ON invoices(issue_date, id);
      -- Issued invoices never change.
      CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
        BEGIN SELECT RAISE(ABORT, 'invoices are immutable once issued'); END;
      CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
        BEGIN SELECT RAISE(ABORT, 'invoices are immutable once issued'); END;

      -- Events up to this sequence were removed by retention.
      CREATE TABLE booking_event_retention (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pruned_through INTEGER NOT NULL
      );
      INSERT INTO booking_event_retention (id, pruned_through) VALUES (1, 0);
      CREATE INDEX booking_events_by_time ON booking_events(occurred_at);
      CREATE INDEX bookings_by_quote_expiry ON bookings(quote_valid_until) WHERE status = 2;
      """)
  }
}
