import GRDB

/// ``BookingRepository``'s counterpart for payments, webhooks and jobs.
public protocol IntegrationRepository: Sendable {
  func write<T: Sendable>(_ body: @escaping @Sendable (any IntegrationDatabase) throws -> T) async throws -> T
  func read<T: Sendable>(_ body: @escaping @Sendable (any IntegrationDatabase) throws -> T) async throws -> T
}

/// ``IntegrationRepository`` on the SQLite store, through the same group commit as every service.
public struct SQLIntegrationRepository: IntegrationRepository {
  private let reader: any DatabaseReader
  private let writer: BatchedWriter

  public init(store: Store, writer: BatchedWriter) {
    self.reader = store.reader
    self.writer = writer
  }

  public func write<T: Sendable>(_ body: @escaping @Sendable (any IntegrationDatabase) throws -> T) async throws -> T {
    try await self.writer.write { db in try SQLBookingRepository.mappingConstraints { try body(SQLBookingDatabase(db: db)) } }
  }

  public func read<T: Sendable>(_ body: @escaping @Sendable (any IntegrationDatabase) throws -> T) async throws -> T {
    try await self.reader.read { db in try body(SQLBookingDatabase(db: db)) }
  }
}
