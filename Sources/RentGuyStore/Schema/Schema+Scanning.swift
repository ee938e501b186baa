import GRDB

extension Schema {
  /// v5: what the scan stream needs beyond v1's warehouse tables: a device's home location, the
  /// device's sequence on each scan, an asset's last applied scan time (late scans become
  /// conflicts) and its preparation for a booking, and one conflict per asset of a case scan.
  static func addScanning(_ db: Database) throws {
    try db.execute(sql: """
      ALTER TABLE api_keys ADD COLUMN home_location_id TEXT;
      ALTER TABLE scans ADD COLUMN device_sequence INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX scans_by_device ON scans(device_id, id);
      ALTER TABLE assets ADD COLUMN last_scanned_at INTEGER;
      ALTER TABLE assets ADD COLUMN prepared_booking_id TEXT;
      DROP TABLE conflicts;
      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY NOT NULL,
        scan_id TEXT NOT NULL REFERENCES scans(id),
        asset_id TEXT,                              -- the asset concerned (none for bulk scans)
        status INTEGER NOT NULL,                    -- warehouse.v1.ConflictStatus
        reason INTEGER NOT NULL,                    -- warehouse.v1.ScanReason
        message TEXT NOT NULL,
        booking_id TEXT,
        opened_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_by TEXT,
        resolution_note TEXT
      );
      CREATE INDEX conflicts_by_status ON conflicts(status, id);
      CREATE INDEX conflicts_by_scan ON conflicts(scan_id);
      """)
  }
}
