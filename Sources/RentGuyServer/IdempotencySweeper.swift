import Logging
import RentGuyStore
import ServiceLifecycle

/// Deletes idempotency keys older than their retention (at least 24 hours), at start and then
/// every `interval`, until a graceful shutdown.
struct IdempotencySweeper: Service {
  let records: IdempotencyRecords
  var retention: Duration = .seconds(26 * 3600)
  var interval: Duration = .seconds(3600)
  let logger: Logger

  func run() async throws {
    while true {
      do {
        let removed = try await self.records.sweep(olderThan: self.retention)
        if removed > 0 { self.logger.info("idempotency keys swept", metadata: ["removed": "\(removed)"]) }
      } catch {
        self.logger.warning("sweeping idempotency keys failed", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
      } catch {
        return  // shutting down
      }
    }
  }
}
