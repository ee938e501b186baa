import GRDB

/// ``WarehouseRepository`` on the SQLite store, through the same group commit as every service.
public struct SQLWarehouseRepository: WarehouseRepository {
  private let reader: any DatabaseReader
  private let writer: BatchedWriter

  public init(store: Store, writer: BatchedWriter) {
    self.reader = store.reader
    self.writer = writer
  }

  public func write<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) async throws -> T {
    try await self.submit(body).value()
  }

  public func submit<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) -> BatchedWrite<T> {
    self.writer.submit { db in try SQLBookingRepository.mappingConstraints { try body(SQLBookingDatabase(db: db)) } }
  }

  public func read<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) async throws -> T {
    try await self.reader.read { db in try body(SQLBookingDatabase(db: db)) }
  }
}
