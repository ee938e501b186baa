import Foundation
import RentGuyProto
import RentGuyRules
import RentGuyStore

/// Timed work: expiring quotes and removing old events (run by the server's housekeeper).
extension BookingService {
  /// Moves every QUOTE whose validity passed to EXPIRED (with its event); returns how many.
  public func expireQuotes() async throws -> Int {
    let expired = try await self.repository.write { db in
      let mutation = Mutation(method: "booking.quote.expired", clientAddress: "")
      var count = 0
      for id in try db.expiredQuoteIDs(now: mutation.now, limit: 500) {
        guard var booking = try db.booking(id) else { continue }
        booking.status = try BookingLifecycle.apply(.expire, to: try Self.state(booking), somethingCheckedOut: false).rawValue
        booking.updatedAt = mutation.now
        try db.replaceHolds(bookingID: id, with: [], firm: false)
        try db.updateBooking(booking, lines: false)
        booking.version += 1
        try mutation.event(.quoteExpired, booking, in: db)
        try mutation.audit(id, "quote \(booking.number) expired", in: db)
        count += 1
      }
      return count
    }
    if expired > 0 { self.feed.notify() }
    return expired
  }

  /// Removes booking events older than the retention; returns how many.
  public func pruneEvents() async throws -> Int {
    let cutoff = Date().millisecondsSince1970 - Int64(self.configuration.eventRetentionDays) * 86_400_000
    return try await self.repository.write { db in try db.pruneEvents(before: cutoff) }
  }
}
