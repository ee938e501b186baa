import GRDB
import Testing

@testable import RentGuyStore

@Suite("statements through SQLite's C API")
struct FastStatementTests {
  func database() throws -> DatabaseQueue {
    let queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE things (id TEXT PRIMARY KEY NOT NULL, name TEXT, count INTEGER, data BLOB)")
    }
    return queue
  }

  @Test("text (empty and non-ASCII), integers, blobs (empty too) and NULL are stored and read back as bound")
  func roundTrip() throws {
    let queue = try database()
    try queue.write { db in
      let insert = try FastStatement(db, "INSERT INTO things (id, name, count, data) VALUES (?, ?, ?, ?)")
      for (id, name, count, data) in [("a", "Stroboscoop ⚡️ «Été»", Int64.max, [UInt8](repeating: 7, count: 300)), ("b", "", 0, [])] as [(String, String, Int64, [UInt8])] {
        defer { insert.reset() }
        insert.bind(1, id)
        insert.bind(2, name)
        insert.bind(3, count)
        insert.bind(4, data)
        try insert.run()
      }
      insert.bind(1, "c")
      insert.bind(2, nil as String?)
      insert.bind(3, nil as Int64?)
      try insert.run()
      insert.reset()

      let select = try FastStatement(db, "SELECT name, count, data FROM things WHERE id = ?")
      func read(_ id: String) throws -> (String?, Int64?, [UInt8]?)? {
        defer { select.reset() }
        select.bind(1, id)
        guard try select.step() else { return nil }
        return (select.string(0), select.int64(1), select.bytes(2))
      }
      let a = try #require(try read("a"))
      #expect(a.0 == "Stroboscoop ⚡️ «Été»" && a.1 == Int64.max && a.2 == [UInt8](repeating: 7, count: 300))
      let b = try #require(try read("b"))
      #expect(b.0 == "" && b.1 == 0 && b.2 == [])
      let c = try #require(try read("c"))
      #expect(c.0 == nil && c.1 == nil && c.2 == nil)
      #expect(try read("missing") == nil)
      // GRDB still reads what went in, and sees the statement clean after a reset.
      #expect(try String.fetchOne(db, sql: "SELECT name FROM things WHERE id = 'a'") == "Stroboscoop ⚡️ «Été»")
    }
  }

  @Test("a constraint violation throws GRDB's DatabaseError with the extended code, and the statement can be used again")
  func constraintError() throws {
    let queue = try database()
    try queue.write { db in
      let insert = try FastStatement(db, "INSERT INTO things (id) VALUES (?)")
      insert.bind(1, "x")
      try insert.run()
      insert.reset()
      insert.bind(1, "x")
      let error = try #require(throws: DatabaseError.self) { try insert.run() }
      #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY)
      insert.reset()
      insert.bind(1, "y")
      try insert.run()
      insert.reset()
      #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM things") == 2)
    }
  }
}
