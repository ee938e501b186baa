import Foundation
import Logging
import RentGuyServices
import ServiceLifecycle

/// Every 30 seconds: starts the exports whose schedules are due (a run missed while the server was
/// down happens once, for all it missed), and ends exports whose documents lost their jobs.
struct ExportScheduler: Service {
  let export: ExportService
  var interval: Duration = .seconds(30)
  let logger: Logger

  func run() async throws {
    while true {
      do {
        let runs = try await self.export.runDueSchedules()
        for id in runs.started { self.logger.info("scheduled export started", metadata: ["export": "\(id)"]) }
        for (schedule, reason) in runs.failed {
          self.logger.warning("scheduled export could not start; trying again in a minute", metadata: ["schedule": "\(schedule)", "reason": "\(reason)"])
        }
        for id in try await self.export.finishStalledExports() {
          self.logger.warning("export ended: documents left without a job are FAILED", metadata: ["export": "\(id)"])
        }
      } catch {
        self.logger.warning("export schedules failed", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
      } catch {
        return  // shutting down
      }
    }
  }
}
