import GRDB

extension Schema {
  /// v9: an asset's scan history as a chain instead of an index by asset. `scan_assets` was
  /// keyed by (asset, scan), so every scan wrote a random page of it (scans of random assets:
  /// one page each, the biggest share of the log a scan wrote). Now each link is keyed by
  /// (scan, asset): scan ids grow with time, so links are appended, and each names the asset's
  /// scan before it. The asset row, which the scan writes anyway, holds the newest
  /// (`last_scan_id`). Links of existing scans are made in scan id order. Links are only ever
  /// written with their scan, in its transaction, for an asset just read: no foreign keys (two
  /// index lookups less per scan).
  static func chainAssetScans(_ db: Database) throws {
    try db.execute(sql: """
      CREATE TABLE asset_scans (
        scan_id TEXT NOT NULL,                      -- scans(id)
        asset_id TEXT NOT NULL,                     -- assets(id)
        previous_scan_id TEXT,                      -- the asset's scan before this one
        PRIMARY KEY (scan_id, asset_id)
      ) WITHOUT ROWID;
      INSERT INTO asset_scans (scan_id, asset_id, previous_scan_id)
        SELECT scan_id, asset_id, LAG(scan_id) OVER (PARTITION BY asset_id ORDER BY scan_id) FROM scan_assets;
      ALTER TABLE assets ADD COLUMN last_scan_id TEXT;
      UPDATE assets SET last_scan_id = (SELECT MAX(scan_id) FROM scan_assets WHERE asset_id = assets.id);
      DROP TABLE scan_assets;
      """)
  }
}
