import Foundation
import Logging
import RentGuyStore
import ServiceLifecycle

/// Every hour: removes succeeded and discarded jobs, and processed provider events, older than
/// `jobs.retentionDays` (a duplicate provider event after that is still harmless: the payment
/// state machine ignores what it has seen).
struct JobHousekeeper: Service {
  let jobs: JobQueue
  let retention: Duration
  var interval: Duration = .seconds(3600)
  let logger: Logger

  func run() async throws {
    while true {
      do {
        var removed = 0
        repeat {
          removed = try await self.jobs.prune(finishedBefore: Date().addingTimeInterval(-self.retention.timeInterval))
          if removed > 0 { self.logger.info("finished jobs removed by retention", metadata: ["count": "\(removed)"]) }
        } while removed >= 10_000
      } catch {
        self.logger.warning("job housekeeping failed", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
      } catch {
        return  // shutting down
      }
    }
  }
}
