/// The booking domain's records (catalog, customers, leads, bookings, holds, invoices, crew
/// assignments, the event log) behind one interface, so that a PostgreSQL store can replace the
/// SQLite one. Rules live in the service: the repository runs the service's closure inside one
/// transaction, which sees and changes records through ``BookingDatabase``.
public protocol BookingRepository: Sendable {
  /// Runs `body` in a transaction shared with other concurrent writes (group commit); returns
  /// once it committed. A mutation's idempotency key commits with it. Everything `body` did is
  /// rolled back if it throws.
  func write<T: Sendable>(_ body: @escaping @Sendable (any BookingDatabase) throws -> T) async throws -> T

  /// Runs `body` on a consistent snapshot, without writing.
  func read<T: Sendable>(_ body: @escaping @Sendable (any BookingDatabase) throws -> T) async throws -> T

  /// ``read(_:)``, returning only once everything the snapshot held is on disk (a commit is
  /// visible to readers a moment before its flush ends).
  func readDurable<T: Sendable>(_ body: @escaping @Sendable (any BookingDatabase) throws -> T) async throws -> T
}
