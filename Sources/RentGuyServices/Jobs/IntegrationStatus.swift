import Foundation
import RentGuyProto
import SwiftProtobuf

/// The runbook's operations view as JSON for the REST shim: `/integrations/status` (per provider:
/// configured or not, its queue, last success and error) and `/metrics/queues` (backlog and
/// outcomes per queue).
public struct IntegrationStatus: Sendable {
  let jobs: JobService
  let providers: PaymentProviders

  public init(jobs: JobService, providers: PaymentProviders) {
    self.jobs = jobs
    self.providers = providers
  }

  public func status() async -> (status: Int, json: String) {
    guard let queues = try? await self.jobs.statuses() else { return (503, #"{"error": "the store cannot be read now"}"#) }
    let byQueue = Dictionary(uniqueKeysWithValues: queues.map { ($0.queue, $0) })
    let providers: [[String: Any]] = self.providers.currentSettings.map { settings in
      let name = settings.provider == .stripe ? "stripe" : "mollie"
      let queue = byQueue[PaymentProviders.queue(settings.provider)]
      var entry: [String: Any] = [
        "name": name,
        "configured": settings.mode != .off,
        "mode": Self.mode(settings.mode),
        "webhook_secret_configured": settings.webhookSecretConfigured,
        "queue": PaymentProviders.queue(settings.provider),
        "queue_size": (queue?.pending ?? 0) + (queue?.running ?? 0) + (queue?.retrying ?? 0),
        "dead": queue?.dead ?? 0,
        "paused": queue?.paused ?? false,
      ]
      entry["last_success"] = queue.flatMap { $0.hasLastSuccessAt ? Self.time($0.lastSuccessAt) : nil } ?? NSNull()
      entry["last_error"] = queue.flatMap { $0.lastError.isEmpty ? nil : $0.lastError } ?? NSNull()
      return entry
    }
    return (200, Self.encode(["providers": providers, "queues": queues.map(Self.queue)]))
  }

  public func queues() async -> (status: Int, json: String) {
    guard let queues = try? await self.jobs.statuses() else { return (503, #"{"error": "the store cannot be read now"}"#) }
    return (200, Self.encode(["queues": queues.map(Self.queue)]))
  }

  static func queue(_ status: Rentguy_Jobs_V1_QueueStatus) -> [String: Any] {
    [
      "queue": status.queue,
      "pending": status.pending,
      "running": status.running,
      "retrying": status.retrying,
      "dead": status.dead,
      "succeeded_last_24h": status.succeededLast24H,
      "paused": status.paused,
      "workers": status.workers,
      "oldest_waiting_seconds": status.hasOldestWaitingSince ? max(0, Date().timeIntervalSince(status.oldestWaitingSince.date).rounded()) : 0,
      "last_success": status.hasLastSuccessAt ? Self.time(status.lastSuccessAt) : NSNull(),
      "last_failure": status.hasLastFailureAt ? Self.time(status.lastFailureAt) : NSNull(),
      "last_error": status.lastError,
    ]
  }

  static func mode(_ mode: Rentguy_Payment_V1_ProviderMode) -> String {
    switch mode {
    case .mock: "mock"
    case .test: "test"
    case .live: "live"
    default: "off"
    }
  }

  static func time(_ timestamp: Google_Protobuf_Timestamp) -> String {
    ISO8601DateFormatter().string(from: timestamp.date)
  }

  static func encode(_ object: [String: Any]) -> String {
    (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}
