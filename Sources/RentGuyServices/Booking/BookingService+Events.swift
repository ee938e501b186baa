import Foundation
public import GRPCCore
public import RentGuyProto
import RentGuyRules
import RentGuyStore
import SwiftProtobuf

/// WatchBookingEvents: replay from the stored event log, a caught-up marker, then live events
/// in commit order, with heartbeats.
extension BookingService {
  public func watchBookingEvents(
    request: Rentguy_Booking_V1_WatchBookingEventsRequest,
    response: RPCWriter<Rentguy_Booking_V1_WatchBookingEventsResponse>,
    context: ServerContext
  ) async throws {
    let bookings = Set(request.bookingIds)
    let types = Set(request.types.map(\.rawValue))
    // Subscribe before reading, so that nothing committed in between is missed.
    var generation = self.feed.generation
    let bounds = try await self.repository.read { db in try db.eventBounds() }
    var cursor: Int64
    switch request.start {
    case .fromBeginning: cursor = bounds.prunedThrough
    case .liveOnly: cursor = bounds.last
    case .afterSequence(let sequence):
      guard sequence >= 0 else { throw BookingError.invalidArgument("after_sequence", "must not be negative") }
      guard sequence >= bounds.prunedThrough else {
        throw BookingError(
          .outOfRange,
          "events up to \(bounds.prunedThrough) were removed by retention (\(self.configuration.eventRetentionDays) days): start from_beginning",
          reason: .eventsExpired, info: ["oldest_sequence": String(bounds.prunedThrough + 1)]
        )
      }
      cursor = sequence
    case nil:
      throw BookingError.invalidArgument("start", "set from_beginning, live_only or after_sequence")
    }

    /// Sends every stored event after the cursor that passes the filters; whether it sent any.
    @discardableResult
    func drain() async throws -> Bool {
      var sent = false
      while true {
        let after = cursor
        // Only events on disk: sequence numbers of a batch a power loss undid would be handed out
        // again, and a watcher resuming after them would miss the new events.
        let events = try await self.repository.readDurable { db in try db.events(after: after, limit: 500) }
        for event in events {
          cursor = event.sequence
          guard bookings.isEmpty || bookings.contains(event.bookingID), types.isEmpty || types.contains(event.type) else { continue }
          try await response.write(.with { $0.event = Rentguy_Booking_V1_BookingEvent(event) })
          sent = true
        }
        if events.count < 500 { return sent }
      }
    }

    try await drain()
    try await response.write(.with { $0.caughtUp.lastSequence = cursor })
    // A heartbeat follows every interval in which nothing was sent (filtered events included).
    var quietSince = ContinuousClock.now
    while !Task.isCancelled {
      _ = await self.feed.wait(past: generation, timeout: self.configuration.heartbeat)
      generation = self.feed.generation
      if Task.isCancelled { break }
      if try await drain() { quietSince = .now }
      if ContinuousClock.now - quietSince >= self.configuration.heartbeat {
        quietSince = .now
        try await response.write(.with {
          $0.heartbeat.at = .init(milliseconds: Date().millisecondsSince1970)
          $0.heartbeat.lastSequence = cursor
        })
      }
    }
  }
}
