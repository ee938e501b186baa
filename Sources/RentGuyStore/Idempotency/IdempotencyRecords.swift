public import Foundation
import GRDB

/// The idempotency keys of completed mutations, scoped to (principal, method).
public struct IdempotencyRecords: Sendable {
  /// A key as stored.
  public struct Record: Sendable, Hashable {
    /// SHA-256 of the request that used the key, in hex.
    public var requestHash: String
    /// The serialized response, once stored; `nil` in the moment between the change's commit and
    /// the response's (or when the server stopped in that moment).
    public var response: Data?
  }

  private let writer: any DatabaseWriter

  public init(store: Store) {
    self.writer = store.writer
  }

  public func find(principalID: String, method: String, key: String) async throws -> Record? {
    try await self.writer.read { db in
      try Row.fetchOne(
        db,
        sql: "SELECT request_hash, response FROM idempotency_keys WHERE principal_id = ? AND method = ? AND idempotency_key = ?",
        arguments: [principalID, method, key]
      ).map { Record(requestHash: $0["request_hash"], response: $0["response"]) }
    }
  }

  /// Every stored key as `principal|method|key`, for the interceptor's filter at start.
  public func allKeys() async throws -> [String] {
    try await self.writer.read { db in
      try String.fetchAll(db, sql: "SELECT principal_id || '|' || method || '|' || idempotency_key FROM idempotency_keys")
    }
  }

  /// Stores the response of a completed mutation for replays.
  public func storeResponse(_ response: Data, for claim: IdempotencyClaim, using writer: BatchedWriter) async throws {
    _ = try await writer.write { db in
      try db.cachedStatement(sql: "UPDATE idempotency_keys SET response = ? WHERE principal_id = ? AND method = ? AND idempotency_key = ?").execute(arguments: [response, claim.principalID, claim.method, claim.key])
    }
  }

  /// Deletes keys older than `age` (at least 24 hours are kept). Returns how many.
  public func sweep(olderThan age: Duration, now: Date = Date()) async throws -> Int {
    let cutoff = now.addingTimeInterval(-age.timeInterval)
    return try await self.writer.write { db in
      try db.cachedStatement(sql: "DELETE FROM idempotency_keys WHERE created_at < ?").execute(arguments: [cutoff.millisecondsSince1970])
      return db.changesCount
    }
  }
}

extension Data {
  /// Lower-case hex, as the store keeps hashes (without `String(format:)`, which is slow on a
  /// hot path: this runs inside the group commit).
  public var hexString: String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(self.count * 2)
    for byte in self {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
