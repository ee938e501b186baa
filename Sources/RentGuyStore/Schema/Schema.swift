import GRDB

/// The database schema, as an ordered list of migrations.
///
/// Conventions: ids are prefixed text (`Identifier`); times are INTEGER milliseconds since the
/// Unix epoch (UTC), exact and comparable; money is INTEGER minor units beside a currency code;
/// enums from the contract are stored as their proto numbers; nested contract values that are
/// never queried are JSON text or protobuf blobs.
///
/// A migration that has shipped is never edited: a change to the schema is a new migration
/// appended here (GRDB records which ones a database has applied).
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: identity, catalog, bookings, warehouse, payments, export, jobs") { db in
      try createIdentityTables(db)
      try createCatalogTables(db)
      try createBookingTables(db)
      try createWarehouseTables(db)
      try createPaymentTables(db)
      try createExportTables(db)
      try createJobTables(db)
      try createIdempotencyTable(db)
    }
    migrator.registerMigration("v2: signing keys, session activity, key rotation, audit hash chain") { db in
      try addSignIn(db)
    }
    migrator.registerMigration("v3: booking lifecycle, stock holds, invoices, document numbers") { db in
      try addBookingLifecycle(db)
    }
    migrator.registerMigration("v4: stock holds covering index for availability checks") { db in
      try db.execute(sql: """
        DROP INDEX stock_holds_by_product;
        CREATE INDEX stock_holds_by_product ON stock_holds(product_id, end_at, start_at, firm, quantity, booking_id);
        """)
    }
    migrator.registerMigration("v5: scanning: home locations, device sequences, per-asset conflicts") { db in
      try addScanning(db)
    }
    migrator.registerMigration("v6: fewer scan indexes") { db in
      try db.execute(sql: """
        DROP INDEX scans_by_time;
        DROP INDEX scans_by_booking;
        CREATE INDEX scans_by_booking ON scans(booking_id, id) WHERE booking_id IS NOT NULL;
        """)
    }
    migrator.registerMigration("v7: payments, job queue operations, outbound webhooks") { db in
      try addIntegrations(db)
    }
    migrator.registerMigration("v8: accounting exports, connections, mappings, schedules") { db in
      try addAccounting(db)
    }
    migrator.registerMigration("v9: asset scan history as appended links") { db in
      try chainAssetScans(db)
    }
    return migrator
  }
}
