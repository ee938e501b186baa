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
    "200 concurrent writes all commit, in fewer transactions than writes (also in batches of 4, where the lead passes from caller to caller)",
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
}
