import Foundation
import GRDB
import Testing

@testable import RentGuyStore

@Suite("group commit")
struct BatchedWriterTests {
  struct Refused: Error {}

  func store(in directory: String) throws -> Store {
    let store = try Store.open(.defaults { $0.location = .file(path: directory + "/db.sqlite") })
    try store.writer.write { db in try db.execute(sql: "CREATE TABLE items (n INTEGER PRIMARY KEY)") }
    return store
  }

  @Test(
    "200 concurrent writes all commit, in fewer transactions than writes (also in batches of 4, drained in turns)",
    arguments: [512, 4]
  )
  func batches(maximumBatch: Int) async throws {
    try await withTemporaryDirectory { directory in
      let store = try store(in: directory)
      let writer = BatchedWriter(store: store, maximumBatch: maximumBatch)
      let answered = try await withThrowingTaskGroup(of: Int.self) { group in
        for n in 0..<200 {
          group.addTask {
            try await writer.write { db in
              try db.execute(sql: "INSERT INTO items (n) VALUES (?)", arguments: [n])
              return n
            }
          }
        }
        var answered = Set<Int>()
        for try await n in group { answered.insert(n) }
        return answered
      }
      #expect(answered.count == 200)
      let count = try await store.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items") }
      #expect(count == 200)
      #expect(writer.transactionCount < 200, "\(writer.transactionCount) transactions for 200 writes")
    }
  }

  @Test("a write that throws is rolled back alone; the others in its transaction commit")
  func failureIsIsolated() async throws {
    try await withTemporaryDirectory { directory in
      let store = try store(in: directory)
      let writer = BatchedWriter(store: store)
      let results = await withTaskGroup(of: (Int, Bool).self) { group in
        for n in 0..<20 {
          group.addTask {
            do {
              try await writer.write { db in
                try db.execute(sql: "INSERT INTO items (n) VALUES (?)", arguments: [n])
                if n == 7 { throw Refused() }
              }
              return (n, true)
            } catch {
              return (n, false)
            }
          }
        }
        var results: [Int: Bool] = [:]
        for await (n, ok) in group { results[n] = ok }
        return results
      }
      #expect(results[7] == false)
      #expect(results.filter { $0.value }.count == 19)
      let stored = try await store.reader.read { db in try Int.fetchAll(db, sql: "SELECT n FROM items ORDER BY n") }
      #expect(stored == (0..<20).filter { $0 != 7 })
    }
  }

  @Test("a batched write returns only after a flush of the log, and the writer's other commits flush their own again")
  func answersAfterTheFlush() async throws {
    try await withTemporaryDirectory { directory in
      let store = try store(in: directory)
      let writer = BatchedWriter(store: store)
      try await withThrowingTaskGroup(of: Void.self) { group in
        for n in 0..<50 {
          group.addTask {
            try await writer.write { db in try db.execute(sql: "INSERT INTO items (n) VALUES (?)", arguments: [n]) }
            #expect(writer.flushCount >= 1, "answered before any flush of the log")
          }
        }
        try await group.waitForAll()
      }
      #expect(writer.flushCount <= writer.transactionCount)
      let synchronous = try await store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
      #expect(synchronous == 2, "a write outside the group commit must flush its own commit (FULL)")
    }
  }

  @Test("the log is copied into the database in the background, long before the writer's own checkpoint would")
  func checkpointsInTheBackground() async throws {
    try await withTemporaryDirectory { directory in
      let store = try store(in: directory)
      try await store.writer.write { db in try db.execute(sql: "CREATE TABLE blobs (n INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
      let file = directory + "/db.sqlite"
      let before = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
      let writer = BatchedWriter(store: store)
      // 4 MiB: a thousand log pages, far below the writer's automatic checkpoint (16,384 pages).
      for n in 0..<1_024 {
        try await writer.write { db in
          try db.execute(sql: "INSERT INTO blobs (n, data) VALUES (?, zeroblob(4096))", arguments: [n])
        }
      }
      var size = before
      let deadline = ContinuousClock.now + .seconds(10)
      while size < before + 4_000_000, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
        size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
      }
      #expect(size >= before + 4_000_000, "the database file is still \(size) bytes: nothing was checkpointed")
    }
  }

  @Test("a write submitted after one that failed sees that it failed (hasFailed), inside its own transaction, in order")
  func laterWritesSeeEarlierFailures() async throws {
    try await withTemporaryDirectory { directory in
      let store = try store(in: directory)
      let writer = BatchedWriter(store: store)
      let first = writer.submit { db in
        try db.execute(sql: "INSERT INTO items (n) VALUES (1)")
        throw Refused()
      }
      let second = writer.submit { _ in first.hasFailed }
      let third = writer.submit { _ in second.hasFailed }
      await #expect(throws: Refused.self) { try await first.value() }
      #expect(try await second.value() == true)
      #expect(try await third.value() == false)
      #expect(first.hasFailed && !second.hasFailed)
    }
  }

  @Test("a reader waiting for durability is answered at once when everything is flushed, else after a flush")
  func durableWaitsForAFlush() async throws {
    try await withTemporaryDirectory { directory in
      let log = directory + "/db.sqlite-wal"
      #expect(FileManager.default.createFile(atPath: log, contents: Data()))
      let syncer = WALSyncer(walPath: log)
      func durable() async -> Int {
        await withCheckedContinuation { continuation in syncer.whenDurable { continuation.resume(returning: syncer.flushCount) } }
      }
      #expect(await durable() == 0, "nothing committed: no flush needed")
      // A commit under way: its frames may already be visible, so a reader waits for a flush.
      syncer.committing()
      #expect(await durable() == 1)
      // It ends and is flushed; then nothing is left to wait for.
      await withCheckedContinuation { continuation in syncer.afterFlushing { continuation.resume() } }
      let flushes = syncer.flushCount
      #expect(await durable() == flushes, "everything flushed: answered without another flush")
    }
  }
}
