import GRDB
import GRDBSQLite

/// One of the connection's cached statements, run through SQLite's C API: values are bound and
/// columns read directly, without the argument arrays, rows and checks GRDB builds for every
/// call. Only for the few statements on the scan path, which runs them many thousand times a
/// second on the single writer; everything else uses GRDB as usual.
///
/// Use: bind the parameters (1-based), ``step()`` until it returns false (or once), read the
/// columns (0-based) while on a row, then ``reset()`` (also after an error) so the statement is
/// clean for its next user, GRDB or this.
struct FastStatement {
  private let handle: SQLiteStatement
  private let sql: String

  init(_ db: Database, _ sql: String) throws {
    self.handle = try db.cachedStatement(sql: sql).sqliteStatement
    self.sql = sql
  }

  /// SQLite copies the bytes (`SQLITE_TRANSIENT`): the Swift value need not outlive the call.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  func bind(_ index: Int32, _ value: String?) {
    guard var text = value else {
      sqlite3_bind_null(self.handle, index)
      return
    }
    text.withUTF8 { bytes in
      guard let start = bytes.baseAddress, !bytes.isEmpty else {
        sqlite3_bind_text(self.handle, index, "", 0, nil)
        return
      }
      start.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
        _ = sqlite3_bind_text(self.handle, index, text, Int32(bytes.count), Self.transient)
      }
    }
  }

  func bind(_ index: Int32, _ value: Int64?) {
    if let value { sqlite3_bind_int64(self.handle, index, value) } else { sqlite3_bind_null(self.handle, index) }
  }

  func bind(_ index: Int32, _ value: Int?) {
    self.bind(index, value.map(Int64.init))
  }

  func bind(_ index: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
      _ = sqlite3_bind_blob(self.handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), Self.transient)
    }
  }

  /// Runs the statement to its next row: true on a row, false when done.
  func step() throws -> Bool {
    let code = sqlite3_step(self.handle)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      let connection = sqlite3_db_handle(self.handle)
      let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
      // The extended code (SQLITE_CONSTRAINT_UNIQUE, …), as GRDB reports it.
      let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
      throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: self.sql)
    }
  }

  /// Runs a statement that returns no row.
  func run() throws {
    while try self.step() {}
  }

  func reset() {
    sqlite3_reset(self.handle)
    sqlite3_clear_bindings(self.handle)
  }

  func isNull(_ column: Int32) -> Bool {
    sqlite3_column_type(self.handle, column) == SQLITE_NULL
  }

  func string(_ column: Int32) -> String? {
    guard let text = sqlite3_column_text(self.handle, column) else { return nil }
    let count = Int(sqlite3_column_bytes(self.handle, column))
    return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
  }

  func int64(_ column: Int32) -> Int64? {
    self.isNull(column) ? nil : sqlite3_column_int64(self.handle, column)
  }

  func int(_ column: Int32) -> Int? {
    self.int64(column).map(Int.init)
  }

  func bytes(_ column: Int32) -> [UInt8]? {
    if self.isNull(column) { return nil }
    let count = Int(sqlite3_column_bytes(self.handle, column))
    guard count > 0, let blob = sqlite3_column_blob(self.handle, column) else { return [] }
    return [UInt8](UnsafeRawBufferPointer(start: blob, count: count))
  }
}
