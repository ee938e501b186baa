import GRDB

/// ``BookingRepository`` on the SQLite store: writes go through the group commit
/// (``BatchedWriter``), reads through the store's reader.
public struct SQLBookingRepository: BookingRepository {
  private let reader: any DatabaseReader
  private let writer: BatchedWriter

  public init(store: Store, writer: BatchedWriter) {
    self.reader = store.reader
    self.writer = writer
  }

  public func write<T: Sendable>(_ body: @escaping @Sendable (any BookingDatabase) throws -> T) async throws -> T {
    try await self.writer.write { db in try Self.mappingConstraints { try body(SQLBookingDatabase(db: db)) } }
  }

  /// Runs `body`, turning constraint failures into ``StoreError``s for the caller to explain (a
  /// taken value: conflict; a missing reference: invalidArgument).
  static func mappingConstraints<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      switch error.extendedResultCode {
      case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
        throw StoreError(code: .conflict, message: error.message ?? "a unique value is taken", cause: error)
      case .SQLITE_CONSTRAINT_FOREIGNKEY:
        throw StoreError(code: .invalidArgument, message: error.message ?? "a referenced record does not exist", cause: error)
      default:
        throw error
      }
    }
  }

  public func read<T: Sendable>(_ body: @escaping @Sendable (any BookingDatabase) throws -> T) async throws -> T {
    try await self.reader.read { db in try body(SQLBookingDatabase(db: db)) }
  }

  public func readDurable<T: Sendable>(_ body: @escaping @Sendable (any BookingDatabase) throws -> T) async throws -> T {
    let value = try await self.read(body)
    await self.writer.durable()
    return value
  }
}
