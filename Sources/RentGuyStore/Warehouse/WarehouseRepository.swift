/// ``BookingRepository``'s counterpart for the warehouse.
public protocol WarehouseRepository: Sendable {
  func write<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) async throws -> T
  /// Queues a write behind every one submitted before it and returns at once; its value comes
  /// from ``BatchedWrite/value()`` once it is on disk. Lets a stream apply its next messages
  /// while the last ones are being flushed.
  func submit<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) -> BatchedWrite<T>
  func read<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) async throws -> T
}
