import Foundation
public import GRDB
import GRDBSQLite

/// The server's SQLite database: opened once, migrated on open, shared by every service.
///
/// File databases run in WAL mode (readers never block the writer), and a success is only
/// answered once its transaction is on disk, so it survives a crash or power loss: writes on
/// ``writer`` commit with `synchronous = FULL`; the group commit (``BatchedWriter``) commits
/// without waiting and answers after its own flush of the log (``WALSyncer``). Every write goes
/// through ``writer``.
public struct Store: Sendable {
  /// The one writer (a `DatabasePool` for files, a `DatabaseQueue` in memory).
  public let writer: any DatabaseWriter
  /// The database file (nil in memory).
  public let path: String?
  /// Its write-ahead log, as SQLite names it (symbolic links resolved; nil in memory).
  public let walPath: String?
  /// Reads: concurrent snapshots for file databases.
  public var reader: any DatabaseReader { writer }
  /// The durable job queue in this database.
  public var jobs: JobQueue { JobQueue(writer: writer) }

  /// Opens (creating if needed) and migrates the database.
  ///
  /// - Throws: ``StoreError`` with ``StoreError/Code/cannotOpen`` when the file cannot be opened
  ///   or migrated, or ``StoreError/Code/schemaTooNew`` when a newer server wrote it.
  public static func open(_ configuration: StoreConfiguration) throws(StoreError) -> Store {
    var grdb = Configuration()  // foreign keys are on by default
    grdb.label = "rentguy"
    grdb.busyMode = .timeout(configuration.busyTimeout.timeInterval)
    grdb.maximumReaderCount = configuration.maximumReaderCount
    // Reads come from memory: the file is mapped (no read system call per page) and each
    // connection keeps a larger page cache than SQLite's 2 MiB default.
    let cacheKiB = configuration.pageCacheKiB
    let mappedBytes = configuration.memoryMappedBytes
    grdb.prepareDatabase { db in
      try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
      try db.execute(sql: "PRAGMA mmap_size = \(mappedBytes)")
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
      // Savepoint journals (each write of a group commit runs in one) stay in memory.
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }

    let writer: any DatabaseWriter
    var path: String?
    var walPath: String?
    do {
      switch configuration.location {
      case .file(let file):
        let pool = try DatabasePool(path: file, configuration: grdb)
        // The database holds credentials (token signing keys, hashes): only its owner reads it.
        for name in [file, file + "-wal", file + "-shm"] where FileManager.default.fileExists(atPath: name) {
          try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: name)
        }
        // GRDB sets `synchronous = NORMAL` with WAL, which may lose the last commits on power
        // loss. A commit must be on disk when the server answers, so the writer uses FULL.
        walPath = try pool.writeWithoutTransaction { db -> String? in
          try db.execute(sql: "PRAGMA synchronous = FULL")
          return sqlite3_filename_wal(sqlite3_db_filename(db.sqliteConnection, "main")).map { String(cString: $0) }
        }
        writer = pool
        path = file
      case .inMemory:
        writer = try DatabaseQueue(configuration: grdb)
      }
    } catch {
      throw StoreError(code: .cannotOpen, message: "cannot open the database \(configuration.location)", cause: error)
    }

    let migrator = Schema.migrator
    do {
      let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
      if superseded {
        throw StoreError(
          code: .schemaTooNew,
          message: "the database has migrations this server does not know; run a newer server"
        )
      }
      try migrator.migrate(writer)
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(code: .cannotOpen, message: "cannot migrate the database \(configuration.location)", cause: error)
    }
    return Store(writer: writer, path: path, walPath: walPath)
  }

  /// The names of the migrations applied to this database, in order.
  public func appliedMigrations() throws -> [String] {
    try writer.read { db in try Schema.migrator.completedMigrations(db) }
  }

  /// Whether the database answers a trivial query: the readiness check.
  public func isReachable() async -> Bool {
    do {
      return try await reader.read { db in try Int.fetchOne(db, sql: "SELECT 1") } == 1
    } catch {
      return false
    }
  }
}

extension Duration {
  /// Seconds as a `TimeInterval`, for APIs (and `Date` arithmetic) that take one.
  public var timeInterval: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) / 1e18
  }
}
