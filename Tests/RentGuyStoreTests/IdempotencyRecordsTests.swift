import Foundation
import GRDB
import Testing

@testable import RentGuyStore

@Suite("idempotency keys in the store")
struct IdempotencyRecordsTests {
  @Test("a key commits with its write, with the prepared response; sweeping removes only old keys")
  func recordAndSweep() async throws {
    try await withTemporaryDirectory { directory in
      let store = try Store.open(.defaults { $0.location = .file(path: directory + "/db.sqlite") })
      let writer = BatchedWriter(store: store)
      let records = IdempotencyRecords(store: store)
      let claim = IdempotencyClaim(principalID: "usr_1", method: "svc/M", key: "k1", requestHash: Data([1, 2]))
      claim.prepareResponse(Data([9, 9]))
      try await IdempotencyClaim.$current.withValue(claim) {
        _ = try await writer.write { db in try AuditLog.append(AuditEntry(actorID: "usr_1", action: "svc/M"), in: db) }
      }
      let found = try await records.find(principalID: "usr_1", method: "svc/M", key: "k1")
      #expect(found == IdempotencyRecords.Record(requestHash: "0102", response: Data([9, 9])))
      #expect(try await records.find(principalID: "usr_2", method: "svc/M", key: "k1") == nil, "keys are per principal")

      #expect(try await records.sweep(olderThan: .seconds(3600)) == 0)
      #expect(try await records.sweep(olderThan: .seconds(3600), now: Date().addingTimeInterval(7200)) == 1)
      #expect(try await records.find(principalID: "usr_1", method: "svc/M", key: "k1") == nil)
    }
  }

  @Test("a write that fails records no key")
  func failedWriteRecordsNothing() async throws {
    try await withTemporaryDirectory { directory in
      let store = try Store.open(.defaults { $0.location = .file(path: directory + "/db.sqlite") })
      let writer = BatchedWriter(store: store)
      let claim = IdempotencyClaim(principalID: "usr_1", method: "svc/M", key: "k2", requestHash: Data([1]))
      struct Refused: Error {}
      await #expect(throws: Refused.self) {
        try await IdempotencyClaim.$current.withValue(claim) {
          try await writer.write { _ in throw Refused() }
        }
      }
      #expect(try await IdempotencyRecords(store: store).find(principalID: "usr_1", method: "svc/M", key: "k2") == nil)
      #expect(!claim.isRecorded)
    }
  }
}
