import Foundation
import GRDB
@testable import RentGuyStore
import Testing

@Suite("Store")
struct StoreTests {
  @Test("a file database is created, migrated, in WAL mode and synchronous FULL")
  func fileDatabaseIsCreatedInWALMode() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory + "/rentguy.sqlite"
      let store = try Store.open(.defaults { $0.location = .file(path: path) })
      #expect(FileManager.default.fileExists(atPath: path))
      let (journalMode, synchronous, foreignKeys) = try await store.writer.write { db in
        (
          try String.fetchOne(db, sql: "PRAGMA journal_mode"),
          try Int.fetchOne(db, sql: "PRAGMA synchronous"),
          try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
        )
      }
      #expect(journalMode == "wal")
      #expect(synchronous == 2)  // FULL
      #expect(foreignKeys == 1)
      #expect(try store.appliedMigrations() == Schema.migrator.migrations)
      #expect(await store.isReachable())
    }
  }

  @Test("the schema has a table for every part of the contract")
  func schemaHasEveryTable() async throws {
    let store = try Store.open(.defaults { $0.location = .inMemory })
    let tables = try await store.reader.read { db in
      try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
    }
    let expected: Set<String> = [
      "users", "roles", "user_roles", "sessions", "refresh_tokens", "api_keys", "api_key_roles",
      "audit_events", "locations", "products", "kits", "kit_components", "cases", "assets",
      "bulk_stock", "barcodes", "customers", "leads", "bookings", "booking_lines",
      "booking_line_assets", "crew_assignments", "booking_events", "scans", "asset_scans",
      "conflicts", "payments", "refunds", "webhook_events", "exports", "export_items",
      "exported_documents", "export_schedules", "accounting_connections", "jobs",
      "idempotency_keys",
    ]
    #expect(expected.subtracting(tables).isEmpty, "missing: \(expected.subtracting(tables))")
    let builtinRoles = try await store.reader.read { db in
      try String.fetchAll(db, sql: "SELECT id FROM roles WHERE builtin = 1 ORDER BY id")
    }
    #expect(builtinRoles == ["admin", "crew", "finance", "planner", "warehouse", "website"])
  }

  @Test("reopening a database keeps its data and applies no migration twice")
  func reopeningKeepsData() async throws {
    try await withTemporaryDirectory { directory in
      let configuration = StoreConfiguration.defaults { $0.location = .file(path: directory + "/db.sqlite") }
      let first = try Store.open(configuration)
      let job = try await first.jobs.enqueue(NewJob(queue: "payments.stripe", kind: "stripe.create_checkout"))
      let second = try Store.open(configuration)
      #expect(try await second.jobs.job(id: job.id) == job)
      #expect(try second.appliedMigrations() == Schema.migrator.migrations)
    }
  }

  @Test("a database written by a newer server is refused, not migrated")
  func newerDatabaseIsRefused() async throws {
    try await withTemporaryDirectory { directory in
      let configuration = StoreConfiguration.defaults { $0.location = .file(path: directory + "/db.sqlite") }
      let store = try Store.open(configuration)
      try await store.writer.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
      }
      #expect(throws: StoreError.self) { try Store.open(configuration) }
      do {
        _ = try Store.open(configuration)
      } catch let error as StoreError {
        #expect(error.code == .schemaTooNew)
      }
    }
  }

  @Test("a path that cannot be a database is a cannotOpen error")
  func unopenablePathFails() async throws {
    try await withTemporaryDirectory { directory in
      do {
        _ = try Store.open(.defaults { $0.location = .file(path: directory + "/missing/dir/db.sqlite") })
        Issue.record("opening succeeded")
      } catch let error as StoreError {
        #expect(error.code == .cannotOpen)
      }
    }
  }

  @Test("the audit log refuses updates and deletes")
  func auditLogIsAppendOnly() async throws {
    let store = try Store.open(.defaults { $0.location = .inMemory })
    try await store.writer.write { db in
      try db.execute(sql: """
        INSERT INTO audit_events (id, occurred_at, actor_id, action, outcome)
        VALUES ('aud_1', 0, 'system', 'auth.login.succeeded', 'OK')
        """)
    }
    await #expect(throws: DatabaseError.self) {
      try await store.writer.write { db in try db.execute(sql: "UPDATE audit_events SET outcome = 'x'") }
    }
    await #expect(throws: DatabaseError.self) {
      try await store.writer.write { db in try db.execute(sql: "DELETE FROM audit_events") }
    }
    let count = try await store.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events") }
    #expect(count == 1)
  }

  @Test("v9 turns each asset's scans into a chain, newest first, with the newest on the asset, and drops scan_assets")
  func assetScanChainsMigration() async throws {
    try await withTemporaryDirectory { directory in
      let path = directory + "/rentguy.sqlite"
      let queue = try DatabaseQueue(path: path)
      let v8 = try #require(Schema.migrator.migrations.first { $0.hasPrefix("v8") })
      try Schema.migrator.migrate(queue, upTo: v8)
      try await queue.write { db in
        try db.execute(sql: """
          INSERT INTO products (id, name, sku, stock_kind, day_price_minor, currency, vat_rate_bp) VALUES ('prd_1', 'Light', 'L', 1, 100, 'EUR', 2100);
          INSERT INTO assets (id, product_id, barcode, status) VALUES ('ast_a', 'prd_1', 'A', 1), ('ast_b', 'prd_1', 'B', 1), ('ast_c', 'prd_1', 'C', 1);
          """)
        for (scan, assets) in [("scn_1", ["ast_a"]), ("scn_2", ["ast_a", "ast_b"]), ("scn_3", ["ast_b"]), ("scn_4", ["ast_a"])] {
          try db.execute(
            sql: """
              INSERT INTO scans (id, device_id, client_scan_id, scanned_at, received_at, barcode, action, result, actor_id, ack)
              VALUES (?, 'dev', ?, 0, 0, 'A', 4, 1, 'usr', x'')
              """,
            arguments: [scan, scan]
          )
          for asset in assets { try db.execute(sql: "INSERT INTO scan_assets (scan_id, asset_id) VALUES (?, ?)", arguments: [scan, asset]) }
        }
      }
      try queue.close()

      let store = try Store.open(.defaults { $0.location = .file(path: path) })
      let (links, newest, tables) = try await store.reader.read { db in
        (
          try Row.fetchAll(db, sql: "SELECT scan_id, asset_id, previous_scan_id FROM asset_scans ORDER BY asset_id, scan_id")
            .map { "\($0[1] as String) \($0[0] as String) ← \(($0[2] as String?) ?? "-")" },
          try Row.fetchAll(db, sql: "SELECT id, last_scan_id FROM assets ORDER BY id").map { "\($0[0] as String) \(($0[1] as String?) ?? "-")" },
          try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'scan_assets'")
        )
      }
      #expect(links == ["ast_a scn_1 ← -", "ast_a scn_2 ← scn_1", "ast_a scn_4 ← scn_2", "ast_b scn_2 ← -", "ast_b scn_3 ← scn_2"])
      #expect(newest == ["ast_a scn_4", "ast_b scn_3", "ast_c -"])
      #expect(tables.isEmpty)
    }
  }
}
