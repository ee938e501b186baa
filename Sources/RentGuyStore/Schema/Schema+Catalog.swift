import GRDB

extension Schema {
  /// Locations, products (serialized and bulk), kits, assets and cases. Every scannable barcode
  /// (asset, case, bulk product) is unique across all three through the `barcodes` table.
  static func createCatalogTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE locations (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL UNIQUE,
        kind INTEGER NOT NULL,
        address TEXT NOT NULL DEFAULT '{}'          -- JSON of common.v1.Address
      );
      CREATE TABLE products (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        sku TEXT NOT NULL UNIQUE,
        stock_kind INTEGER NOT NULL,                -- 1 serialized, 2 bulk
        category TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        day_price_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        vat_rate_bp INTEGER NOT NULL,
        replacement_value_minor INTEGER NOT NULL DEFAULT 0,
        preparation_buffer_seconds INTEGER NOT NULL DEFAULT 0,
        return_buffer_seconds INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        CHECK (day_price_minor >= 0 AND vat_rate_bp BETWEEN 0 AND 10000)
      );
      CREATE TABLE kits (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL UNIQUE,
        day_price_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE kit_components (
        kit_id TEXT NOT NULL REFERENCES kits(id) ON DELETE CASCADE,
        product_id TEXT NOT NULL REFERENCES products(id),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (kit_id, product_id)
      ) WITHOUT ROWID;
      CREATE TABLE cases (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        barcode TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE assets (
        id TEXT PRIMARY KEY NOT NULL,
        product_id TEXT NOT NULL REFERENCES products(id),
        barcode TEXT NOT NULL UNIQUE,
        serial_number TEXT NOT NULL DEFAULT '',
        status INTEGER NOT NULL,                    -- booking.v1.AssetStatus
        location_id TEXT REFERENCES locations(id),
        case_id TEXT REFERENCES cases(id) ON DELETE SET NULL,
        booking_id TEXT,                            -- while checked out
        notes TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX assets_by_product ON assets(product_id, status);
      CREATE INDEX assets_by_case ON assets(case_id);
      -- Counted stock of bulk products per location.
      CREATE TABLE bulk_stock (
        product_id TEXT NOT NULL REFERENCES products(id),
        location_id TEXT NOT NULL REFERENCES locations(id),
        available INTEGER NOT NULL DEFAULT 0 CHECK (available >= 0),
        checked_out INTEGER NOT NULL DEFAULT 0 CHECK (checked_out >= 0),
        quarantine INTEGER NOT NULL DEFAULT 0 CHECK (quarantine >= 0),
        repair INTEGER NOT NULL DEFAULT 0 CHECK (repair >= 0),
        PRIMARY KEY (product_id, location_id)
      ) WITHOUT ROWID;
      -- One namespace for every barcode a scanner can read.
      CREATE TABLE barcodes (
        barcode TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('asset', 'case', 'bulk')),
        target_id TEXT NOT NULL
      ) WITHOUT ROWID;
      """)
  }
}
