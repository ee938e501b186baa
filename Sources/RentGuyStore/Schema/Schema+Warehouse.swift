import GRDB

extension Schema {
  /// Scans (deduplicated on device and client scan id) and the conflicts they open.
  static func createWarehouseTables(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE scans (
        id TEXT PRIMARY KEY NOT NULL,
        device_id TEXT NOT NULL,
        client_scan_id TEXT NOT NULL,
        scanned_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        barcode TEXT NOT NULL,
        action INTEGER NOT NULL,
        booking_id TEXT,
        location_id TEXT,
        quantity INTEGER NOT NULL DEFAULT 1,
        condition INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        result INTEGER NOT NULL,                    -- warehouse.v1.ScanResult
        reason INTEGER NOT NULL DEFAULT 0,
        asset_ids TEXT NOT NULL DEFAULT '[]',       -- JSON array
        product_id TEXT,
        actor_id TEXT NOT NULL,
        ack BLOB NOT NULL,                          -- the ScanAck sent, replayed for duplicates
        UNIQUE (device_id, client_scan_id)
      );
      CREATE INDEX scans_by_booking ON scans(booking_id, scanned_at);
      CREATE INDEX scans_by_time ON scans(scanned_at);
      CREATE TABLE scan_assets (
        scan_id TEXT NOT NULL REFERENCES scans(id),
        asset_id TEXT NOT NULL REFERENCES assets(id),
        PRIMARY KEY (asset_id, scan_id)
      ) WITHOUT ROWID;
      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY NOT NULL,
        scan_id TEXT NOT NULL UNIQUE REFERENCES scans(id),
        status INTEGER NOT NULL,                    -- warehouse.v1.ConflictStatus
        reason INTEGER NOT NULL,
        message TEXT NOT NULL,
        booking_id TEXT,
        opened_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_by TEXT,
        resolution_note TEXT
      );
      CREATE INDEX conflicts_open ON conflicts(status, opened_at);
      """)
  }
}
