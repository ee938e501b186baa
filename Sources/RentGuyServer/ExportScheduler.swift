import Foundation
import Logging
import RentGuyServices
import ServiceLifecycle

/// Every 30 seconds: starts the exports whose schedules are due (a run missed while the server was
/// down happens once, for all it missed).
struct ExportScheduler: Service {
  let export: ExportService
  var interval: Duration = .seconds(30)
  let logger: Logger

  func run() async throws {
    while true {
      do {
        for id in try await self.export.runDueSchedules() {
          self.logger.info("scheduled export started", metadata: ["export": "\(id)"])
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
