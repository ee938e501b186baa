/// ``BookingRepository``'s counterpart for the warehouse.
public protocol WarehouseRepository: Sendable {
  func write<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) async throws -> T
  func read<T: Sendable>(_ body: @escaping @Sendable (any WarehouseDatabase) throws -> T) async throws -> T
}
