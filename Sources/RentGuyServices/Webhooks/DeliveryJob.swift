import Foundation
import RentGuyProviders
import RentGuyStore

/// "webhook.deliver": POSTs one delivery, signed with its endpoint's secrets at this moment;
/// records every attempt. A 2xx delivers it; anything else fails the attempt (retried with
/// backoff, 30 attempts: about a day), and the last one leaves the delivery FAILED.
struct DeliveryJob: JobHandler {
  static let kind = "webhook.deliver"
  /// With the default backoff (5 s doubling, at most 1 hour) about a day of trying.
  static let attempts = 30

  let repository: any IntegrationRepository
  let poster: WebhookPoster

  struct Refused: Error, CustomStringConvertible {
    var description: String
  }

  func run(_ job: Job) async throws -> JobEffect {
    let id = job.resourceID
    let found = try await self.repository.read { db -> (StoredDelivery, StoredEndpoint?)? in
      guard let delivery = try db.delivery(id) else { return nil }
      return (delivery, try db.endpoint(delivery.endpointID))
    }
    guard let (delivery, endpoint) = found else { return { _ in } }
    guard let endpoint else {
      return Self.record(id, attempt: nil, status: 3)
    }
    let now = Date().millisecondsSince1970
    let outcome = await self.poster.post(url: endpoint.url, id: delivery.id, body: Array(delivery.payload.utf8), secrets: endpoint.signingSecrets(now: now))
    let attempt = StoredDeliveryAttempt(
      at: now, httpStatus: outcome.httpStatus, error: outcome.error, durationMs: Int(outcome.duration / .milliseconds(1))
    )
    if outcome.delivered { return Self.record(id, attempt: attempt, status: 2) }
    // The attempt is kept even though the job fails (and retries).
    try await self.repository.write(Self.record(id, attempt: attempt, status: nil))
    throw Refused(description: outcome.error)
  }

  /// Adds `attempt` and sets `status` (nil: unchanged).
  static func record(_ id: String, attempt: StoredDeliveryAttempt?, status: Int?) -> JobEffect {
    { db in
      guard var delivery = try db.delivery(id) else { return }
      if let attempt { delivery.attempts.append(attempt) }
      if let status {
        delivery.status = status
        delivery.deliveredAt = status == 2 ? attempt?.at ?? Date().millisecondsSince1970 : nil
      }
      try db.updateDelivery(delivery)
    }
  }

  func deadLetter(_ job: Job, error: String) -> JobEffect? {
    Self.record(job.resourceID, attempt: nil, status: 3)
  }
}
