import Crypto
public import Foundation
public import GRDB

/// The append-only, hash-chained audit log. Each event stores the hash of the event before it and
/// its own hash (SHA-256 over that link and its fields), so an edit, deletion or insertion made
/// behind the server's back breaks the chain at that event; ``verify(in:)`` finds the first break.
/// The database's triggers refuse UPDATE and DELETE on the table as well.
///
/// Events are appended inside the transaction of the change they describe (``append(_:in:now:)``):
/// a change and its audit event commit together or not at all.
public enum AuditLog {
  /// The link before the first event.
  public static let genesis = Data(repeating: 0, count: 32)

  /// Appends `entry` in the caller's transaction and returns the stored event.
  @discardableResult
  public static func append(_ entry: AuditEntry, in db: Database, now: Date = Date()) throws -> AuditEvent {
    let previous = try Data.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1")) ?? Self.genesis
    let id = Identifier.make("aud", at: now)
    let occurredAt = now.millisecondsSince1970
    let hash = Self.hash(previous: previous, id: id, occurredAtMilliseconds: occurredAt, entry: entry)
    try db.cachedStatement(sql: """
        INSERT INTO audit_events (id, occurred_at, actor_id, actor_name, action, resource_id, outcome,
          request_id, client_address, summary, previous_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """).execute(arguments: [
        id, occurredAt, entry.actorID, entry.actorName, entry.action, entry.resourceID, entry.outcome,
        entry.requestID, entry.clientAddress, entry.summary, previous, hash,
      ])
    return AuditEvent(
      id: id,
      occurredAt: Date(millisecondsSince1970: occurredAt),
      entry: entry,
      previousHash: previous,
      hash: hash
    )
  }

  /// Recomputes the chain from the first event.
  public static func verify(in db: Database) throws -> AuditVerification {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, occurred_at, actor_id, actor_name, action, resource_id, outcome, request_id,
          client_address, summary, previous_hash, hash
        FROM audit_events ORDER BY seq
        """
    )
    var expectedPrevious = Self.genesis
    var checked = 0
    while let row = try rows.next() {
      let id: String = row["id"]
      let entry = AuditEntry(
        actorID: row["actor_id"], actorName: row["actor_name"], action: row["action"],
        resourceID: row["resource_id"], outcome: row["outcome"], requestID: row["request_id"],
        clientAddress: row["client_address"], summary: row["summary"]
      )
      let previous: Data? = row["previous_hash"]
      let stored: Data? = row["hash"]
      checked += 1
      guard previous == expectedPrevious else {
        return AuditVerification(
          intact: false, eventsChecked: checked, firstBrokenEventID: id,
          problem: "its link does not match the previous event's hash (an event before it was changed, removed or inserted)"
        )
      }
      let computed = Self.hash(previous: expectedPrevious, id: id, occurredAtMilliseconds: row["occurred_at"], entry: entry)
      guard stored == computed else {
        return AuditVerification(
          intact: false, eventsChecked: checked, firstBrokenEventID: id,
          problem: "its stored hash does not match its fields (the event was changed)"
        )
      }
      expectedPrevious = computed
    }
    return AuditVerification(intact: true, eventsChecked: checked, firstBrokenEventID: nil, problem: nil)
  }

  /// SHA-256 over the link and every field, each length-prefixed so that no two events collide by
  /// moving bytes between fields.
  static func hash(previous: Data, id: String, occurredAtMilliseconds: Int64, entry: AuditEntry) -> Data {
    var hasher = SHA256()
    func add(_ bytes: some Sequence<UInt8>) {
      let array = Array(bytes)
      withUnsafeBytes(of: UInt32(array.count).bigEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: array)
    }
    add(previous)
    add(id.utf8)
    withUnsafeBytes(of: occurredAtMilliseconds.bigEndian) { add(Array($0)) }
    for field in [
      entry.actorID, entry.actorName, entry.action, entry.resourceID, entry.outcome, entry.requestID,
      entry.clientAddress, entry.summary,
    ] {
      add(field.utf8)
    }
    return Data(hasher.finalize())
  }
}
