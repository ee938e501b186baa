import Foundation
import GRDB
import Testing

@testable import RentGuyStore

@Suite("audit log hash chain")
struct AuditLogTests {
  func store() throws -> Store {
    try Store.open(.defaults { $0.location = .inMemory })
  }

  @Test("an intact log verifies; each event links to the one before it")
  func intact() async throws {
    let store = try store()
    let events = try await store.writer.write { db in
      try (0..<5).map { index in try AuditLog.append(AuditEntry(actorID: "usr_\(index)", action: "test.event"), in: db) }
    }
    #expect(events[0].previousHash == AuditLog.genesis)
    for (earlier, later) in zip(events, events.dropFirst()) { #expect(later.previousHash == earlier.hash) }
    let verification = try await store.reader.read { db in try AuditLog.verify(in: db) }
    #expect(verification.intact && verification.eventsChecked == 5)
  }

  @Test("the database refuses to update or delete an event")
  func appendOnly() async throws {
    let store = try store()
    try await store.writer.write { db in _ = try AuditLog.append(AuditEntry(actorID: "a", action: "x"), in: db) }
    await #expect(throws: (any Error).self) {
      try await store.writer.write { db in try db.execute(sql: "UPDATE audit_events SET summary = 'y'") }
    }
    await #expect(throws: (any Error).self) {
      try await store.writer.write { db in try db.execute(sql: "DELETE FROM audit_events") }
    }
  }

  @Test("a changed, deleted or inserted event is reported as the first broken link", arguments: ["change", "delete", "insert"])
  func tampering(_ kind: String) async throws {
    let store = try store()
    let events = try await store.writer.write { db in
      try (0..<4).map { index in try AuditLog.append(AuditEntry(actorID: "usr_\(index)", action: "test.event"), in: db) }
    }
    try await store.writer.write { db in
      try db.execute(sql: "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;")
      switch kind {
      case "change":
        try db.execute(sql: "UPDATE audit_events SET actor_id = 'usr_evil' WHERE id = ?", arguments: [events[1].id])
      case "delete":
        try db.execute(sql: "DELETE FROM audit_events WHERE id = ?", arguments: [events[1].id])
      default:
        // Make room after the second event, then slip a forged one in with a plausible link.
        let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM audit_events WHERE id = ?", arguments: [events[1].id]) ?? 0
        try db.execute(sql: "UPDATE audit_events SET seq = seq + 100 WHERE seq > ?", arguments: [seq])
        try db.execute(
          sql: """
            INSERT INTO audit_events (seq, id, occurred_at, actor_id, action, outcome, previous_hash, hash)
            VALUES (?, 'aud_FAKE', 0, 'x', 'y', 'OK', ?, ?)
            """,
          arguments: [seq + 1, events[1].hash, Data(count: 32)]
        )
      }
    }
    let verification = try await store.reader.read { db in try AuditLog.verify(in: db) }
    #expect(!verification.intact)
    let expected = kind == "change" ? events[1].id : (kind == "delete" ? events[2].id : "aud_FAKE")
    #expect(verification.firstBrokenEventID == expected, "\(verification)")
  }
}
