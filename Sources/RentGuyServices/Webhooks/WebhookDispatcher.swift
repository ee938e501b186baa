import Foundation
public import Logging
import RentGuyProviders
public import RentGuyStore

/// Follows the booking event log and turns each event into one delivery (and its job) per
/// endpoint subscribed to its type, in the same transaction that moves its cursor, so every
/// event is offered to every endpoint exactly once, in commit order, across restarts.
public struct WebhookDispatcher: Sendable {
  let repository: any IntegrationRepository
  let feed: BookingEventFeed
  let jobsWoken: JobSignal
  let logger: Logger

  static let cursor = "webhooks.outbound"
  static let queue = "webhooks.outbound"

  public init(repository: any IntegrationRepository, feed: BookingEventFeed, jobsWoken: JobSignal, logger: Logger) {
    self.repository = repository
    self.feed = feed
    self.jobsWoken = jobsWoken
    self.logger = logger
  }

  /// Called in the transaction that enables an endpoint: when it is the only enabled one, the
  /// dispatcher starts from the newest event (an endpoint gets events from its enabling on).
  static func startingNow(in db: any IntegrationDatabase, enabling id: String) throws {
    let others = try db.endpoints(after: "", limit: 10_000).filter { $0.enabled && $0.id != id }
    guard others.isEmpty else { return }
    try db.setCursor(Self.cursor, to: try db.eventBounds().last)
  }

  /// Runs until cancelled.
  public func run() async {
    while !Task.isCancelled {
      let seen = self.feed.generation
      do {
        let (offered, more) = try await self.dispatch()
        if offered > 0 { self.jobsWoken.notify() }
        if more { continue }
      } catch {
        if Task.isCancelled { return }
        self.logger.error("cannot dispatch webhooks", metadata: ["error": "\(error)"])
      }
      _ = await self.feed.wait(past: seen, timeout: .seconds(1))
    }
  }

  /// Offers the next events after the cursor; how many deliveries were made, and whether more
  /// events wait.
  func dispatch(limit: Int = 500) async throws -> (Int, Bool) {
    // Without an enabled endpoint there is nothing to offer: no write at all (the cursor moves to
    // the end when the first endpoint is enabled, see `WebhookDispatcher.startingNow`).
    let anyone = try await self.repository.read { db in try db.endpoints(after: "", limit: 10_000).contains(where: \.enabled) }
    guard anyone else { return (0, false) }
    return try await self.repository.write { db in
      let after = try db.cursor(Self.cursor)
      let events = try db.events(after: after, limit: limit)
      guard let last = events.last else { return (0, false) }
      let endpoints = try db.endpoints(after: "", limit: 10_000).filter(\.enabled)
      var offered = 0
      if !endpoints.isEmpty {
        let now = Date().millisecondsSince1970
        for event in events {
          guard let type = WebhookEvents.type(event.type) else { continue }
          let subscribed = endpoints.filter { $0.subscribes(to: type) }
          guard !subscribed.isEmpty else { continue }
          let body = WebhookEvents.body(event, type: type)
          for endpoint in subscribed {
            let delivery = StoredDelivery(
              id: Identifier.make("whd"), endpointID: endpoint.id, eventType: type, eventSequence: event.sequence,
              status: 1, payload: body, createdAt: now
            )
            try db.insertDelivery(delivery)
            try db.enqueue(NewJob(queue: Self.queue, kind: DeliveryJob.kind, resourceID: delivery.id, maxAttempts: DeliveryJob.attempts))
            offered += 1
          }
        }
      }
      try db.setCursor(Self.cursor, to: last.sequence)
      return (offered, events.count == limit)
    }
  }
}
